"""The readable YAML format of indicator templates: parse into definitions with precise errors, and dump back.

A file holds one template, or several as YAML documents separated by ``---`` (Lengshuijiang's four domain
variants). Every problem names the path of its node, e.g. ``dimensions[A].items[A1].sub_items[A1.2].points``
(``[#3]`` where a node has no usable code), so a district officer can find it in the file.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from orgs.models import Domain, Level, OrgType
from scoring.definitions import (
    ZERO,
    AppliesTo,
    Dimension,
    GradeBand,
    Item,
    Kind,
    RaterGroup,
    Satisfaction,
    SatisfactionOption,
    Scheme,
    SchemeName,
    StarBand,
    SubItem,
    Subject,
    Template,
    VetoItem,
    is_half_step,
)

ONE = Decimal(1)
HUNDRED = Decimal(100)
MAX_STARS = 5
CODE_LENGTH = 64
TEMPLATE_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")
GRADE_SCALE = HUNDRED  # weighted_grade bands apply to the weighted score, 0–100

SCHEME_FIELDS: dict[SchemeName, tuple[str, ...]] = {
    SchemeName.DIMENSION_STARS: ("threshold",),
    SchemeName.SCORE_BANDS: ("bands", "veto_cap"),
    SchemeName.WEIGHTED_GRADE: ("indicator_weight", "evaluation_weight", "bands", "veto_grade"),
    SchemeName.RANKED_SCORE: ("behind_share",),
}
OPTIONAL_SCHEME_FIELDS = {"veto_grade"}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class TemplateError(ValueError):
    """A template file that cannot be loaded, with every problem found and the path of its node."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def _type_name(expected: str) -> str:
    names = {
        "mapping": _("a mapping (key: value)"),
        "list": _("a list"),
        "text": _("text"),
        "number": _("a number"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
    }
    return str(names[expected])


def _found_name(value: object) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _type_name("boolean")
    if isinstance(value, dict):
        return _type_name("mapping")
    if isinstance(value, list):
        return _type_name("list")
    if isinstance(value, int | float):
        return _type_name("number")
    if isinstance(value, str):
        return _type_name("text")
    return type(value).__name__


def _values(enum: type) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


def _segment(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


class _Parser:
    """Reads one template document, collecting problems instead of stopping at the first."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}

    def element(self, path: str, index: int, node: object) -> str:
        """A list element named by its code, or by its position when it has none or repeats an earlier one."""
        code = node.get("code") if isinstance(node, dict) else None
        if not isinstance(code, str) or not code:
            return f"{path}[#{index + 1}]"
        return f"{path}[#{index + 1} {code}]" if code in self.codes else f"{path}[{code}]"

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.prefix + path, message))

    # -- typed fields ---------------------------------------------------------------------------------------
    def mapping(self, node: object, path: str, fields: Iterable[str], required: Iterable[str] = ()) -> dict | None:
        if not isinstance(node, dict):
            self.wrong_type(path, "mapping", node)
            return None
        allowed = tuple(fields)
        for key in node:
            if key not in allowed:
                self.fail(
                    _segment(path, str(key)),
                    _("Unknown field %(key)s; allowed here: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(allowed)},
                )
        for key in required:
            if key not in node:
                self.fail(_segment(path, key), _("This field is missing."))
        return node

    def wrong_type(self, path: str, expected: str, value: object) -> None:
        self.fail(
            path,
            _("Expected %(expected)s, found %(found)s.")
            % {"expected": _type_name(expected), "found": _found_name(value)},
        )

    def text(self, node: dict, key: str, path: str, default: str | None = "") -> str | None:
        value = node.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self.wrong_type(_segment(path, key), "text", value)
            return default
        return value.strip()

    def number(self, node: dict, key: str, path: str, default: Decimal | None = None, *, points: bool = False):
        value = node.get(key)
        if value is None:
            return default
        where = _segment(path, key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.wrong_type(where, "number", value)
            return default
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.wrong_type(where, "number", value)
            return default
        if not number.is_finite():
            self.wrong_type(where, "number", value)
            return default
        if points and not is_half_step(number):
            self.fail(where, _("Use whole or half points: %(value)s.") % {"value": value})
        return number

    def points(self, node: dict, key: str, path: str, default: Decimal | None = None) -> Decimal | None:
        number = self.number(node, key, path, default, points=True)
        if number is not None and number < 0:
            self.fail(_segment(path, key), _("Points cannot be negative: %(value)s.") % {"value": node.get(key)})
        return number

    def integer(self, node: dict, key: str, path: str, default: int | None = None, low: int = 0, high: int = 9999):
        value = node.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.wrong_type(_segment(path, key), "integer", value)
            return default
        if not low <= value <= high:
            self.fail(
                _segment(path, key),
                _("%(value)s is out of range: from %(low)s to %(high)s.") % {"value": value, "low": low, "high": high},
            )
            return default
        return value

    def boolean(self, node: dict, key: str, path: str, default: bool = False) -> bool:
        value = node.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.wrong_type(_segment(path, key), "boolean", value)
            return default
        return value

    def sequence(self, node: dict, key: str, path: str) -> list:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.wrong_type(_segment(path, key), "list", value)
            return []
        return value

    def share(self, node: dict, key: str, path: str) -> Decimal | None:
        number = self.number(node, key, path)
        if number is not None and not ZERO <= number <= ONE:
            self.fail(
                _segment(path, key), _("A share or weight lies between 0 and 1: %(value)s.") % {"value": node[key]}
            )
        return number

    def code(self, node: dict, path: str) -> str:
        code = self.text(node, "code", path) or ""
        if len(code) > CODE_LENGTH:
            self.fail(_segment(path, "code"), _("A code has at most %(max)s characters.") % {"max": CODE_LENGTH})
        if code in self.codes:
            self.fail(
                _segment(path, "code"),
                _("The code %(code)s is used twice (first at %(first)s).") % {"code": code, "first": self.codes[code]},
            )
        elif code:
            self.codes[code] = self.prefix + path
        return code

    def elements(self, node: dict, key: str, path: str, read: Callable[[object, str], Any], *, needed: bool = False):
        values = self.sequence(node, key, path)
        if needed and not values and key in node:
            self.fail(_segment(path, key), _("At least one entry is needed."))
        found = (read(child, self.element(_segment(path, key), index, child)) for index, child in enumerate(values))
        return tuple(value for value in found if value is not None)

    def choices(self, node: dict, key: str, path: str, allowed: Iterable[str]) -> tuple[str, ...]:
        allowed = tuple(allowed)
        values = []
        for index, value in enumerate(self.sequence(node, key, path)):
            if value not in allowed:
                self.fail(
                    f"{_segment(path, key)}[#{index + 1}]",
                    _("Unknown value %(value)s; allowed: %(allowed)s.")
                    % {"value": value, "allowed": ", ".join(allowed)},
                )
            else:
                values.append(value)
        return tuple(values)

    # -- the tree -------------------------------------------------------------------------------------------
    def template(self, node: object) -> Template | None:
        fields = ("code", "name", "year", "version", "example", "subject", "description", "applies_to", "scheme")
        fields += ("satisfaction", "dimensions", "vetoes")
        document = self.mapping(node, "", fields, required=("code", "name", "version", "scheme", "dimensions"))
        if document is None:
            return None
        code = self.text(document, "code", "") or ""
        if code and not TEMPLATE_CODE.fullmatch(code):
            self.fail(
                "code", _("A template code uses letters, digits, - and _ only, at most 64: %(code)s.") % {"code": code}
            )
        dimensions = self.elements(document, "dimensions", "", self.dimension, needed=True)
        subject = self.text(document, "subject", "", Subject.ORGANIZATION)
        if subject not in _values(Subject):
            self.fail(
                "subject",
                _("Unknown value %(value)s; allowed: %(allowed)s.")
                % {"value": subject, "allowed": ", ".join(_values(Subject))},
            )
            subject = Subject.ORGANIZATION
        satisfaction = None
        if document.get("satisfaction") is not None:
            satisfaction = self.satisfaction(document["satisfaction"], "satisfaction")
        points_max = sum((dimension.points_max for dimension in dimensions), ZERO)
        scheme = self.scheme(document.get("scheme"), "scheme", points_max) if "scheme" in document else None
        if scheme is not None and scheme.name == SchemeName.DIMENSION_STARS and len(dimensions) > MAX_STARS:
            self.fail(
                "dimensions",
                _("The scheme %(scheme)s lights one star per dimension: at most %(max)s dimensions.")
                % {"scheme": scheme.name, "max": MAX_STARS},
            )
        if scheme is not None and scheme.name == SchemeName.WEIGHTED_GRADE and satisfaction is None:
            self.fail("satisfaction", _("The scheme %(scheme)s needs satisfaction settings.") % {"scheme": scheme.name})
        vetoes = self.elements(document, "vetoes", "", lambda child, path: self.veto(child, path, dimensions))
        template = Template(
            code=code,
            name=self.text(document, "name", "") or "",
            version=self.integer(document, "version", "", 1, low=1),
            year=self.integer(document, "year", "", None, low=1949, high=2100),
            example=self.boolean(document, "example", ""),
            subject=Subject(subject),
            description=self.text(document, "description", "") or "",
            applies_to=self.applies_to(document.get("applies_to") or {}, "applies_to"),
            scheme=scheme or Scheme(SchemeName.RANKED_SCORE),
            satisfaction=satisfaction,
            dimensions=dimensions,
            vetoes=vetoes,
        )
        return None if self.problems else template

    def applies_to(self, node: object, path: str) -> AppliesTo:
        fields = self.mapping(node, path, ("domains", "org_types", "levels"))
        if fields is None:
            return AppliesTo()
        return AppliesTo(
            domains=self.choices(fields, "domains", path, Domain.values),
            org_types=self.choices(fields, "org_types", path, OrgType.values),
            levels=self.choices(fields, "levels", path, Level.values),
        )

    def dimension(self, node: object, path: str) -> Dimension | None:
        fields = self.mapping(
            node, path, ("code", "name", "points", "personalised", "items"), ("code", "name", "points", "items")
        )
        if fields is None:
            return None
        code = self.code(fields, path)
        personalised = self.boolean(fields, "personalised", path)
        items = self.elements(
            fields, "items", path, lambda child, where: self.item(child, where, personalised), needed=True
        )
        points_max = self.points(fields, "points", path, ZERO)
        total = sum((item.points_max for item in items if item.counts_toward_max), ZERO)
        if total > points_max:
            self.fail(
                path,
                _("The items add up to %(total)s points, more than the %(max)s points of their dimension.")
                % {"total": _number_text(total), "max": _number_text(points_max)},
            )
        return Dimension(code, self.text(fields, "name", path) or "", points_max, items, personalised)

    def item(self, node: object, path: str, personalised: bool) -> Item | None:
        fields = self.mapping(
            node, path, ("code", "name", "points", "min", "kind", "standard", "sub_items"), ("code", "name")
        )
        if fields is None:
            return None
        code = self.code(fields, path)
        sub_items = self.elements(fields, "sub_items", path, self.sub_item, needed=True)
        if personalised and sub_items:
            self.fail(
                _segment(path, "sub_items"),
                _("The street sets the sub-items of a personalised dimension for each community; leave them out."),
            )
        name = self.text(fields, "name", path) or ""
        if not sub_items:
            leaf = self.leaf(fields, path)
            return Item(code, name, leaf.points_max, (), leaf.points_min, leaf.kind, leaf.standard)
        total = sum((sub_item.points_max for sub_item in sub_items if sub_item.counts_toward_max), ZERO)
        for key in ("min", "kind"):
            if key in fields:
                self.fail(_segment(path, key), _("Only a leaf has a kind and a minimum; set them on its sub-items."))
        points_max = self.points(fields, "points", path, total)
        if total > points_max:
            self.fail(
                path,
                _("The sub-items add up to %(total)s points, more than the %(max)s points of their item.")
                % {"total": _number_text(total), "max": _number_text(points_max)},
            )
        return Item(code, name, points_max, sub_items, standard=self.text(fields, "standard", path) or "")

    def sub_item(self, node: object, path: str) -> SubItem | None:
        fields = self.mapping(node, path, ("code", "name", "points", "min", "kind", "standard"), ("code", "name"))
        if fields is None:
            return None
        code = self.code(fields, path)
        leaf = self.leaf(fields, path)
        return SubItem(
            code, self.text(fields, "name", path) or "", leaf.points_max, leaf.points_min, leaf.kind, leaf.standard
        )

    def leaf(self, fields: dict, path: str) -> SubItem:
        """The scoring fields of a leaf: kind, points, minimum and standard."""
        kind_value = fields.get("kind", Kind.POINTS)
        if kind_value not in _values(Kind):
            self.fail(
                _segment(path, "kind"),
                _("Unknown kind %(kind)s; known kinds: %(known)s.")
                % {"kind": kind_value, "known": ", ".join(_values(Kind))},
            )
            kind_value = Kind.POINTS
        kind = Kind(kind_value)
        if kind == Kind.DEDUCTION:
            points_max = self.points(fields, "points", path, ZERO)
            points_min = self.number(fields, "min", path, ZERO, points=True)
            if points_max or points_min >= 0:
                self.fail(
                    path,
                    _("A deduction scores from its negative minimum up to 0: give it a min below 0 and no points."),
                )
        else:
            if "points" not in fields:
                self.fail(_segment(path, "points"), _("This field is missing."))
            points_max = self.points(fields, "points", path, ZERO)
            points_min = self.number(fields, "min", path, ZERO, points=True)
            if points_min < 0:
                self.fail(_segment(path, "min"), _("Only a deduction may have a negative minimum."))
            elif points_min > points_max:
                self.fail(
                    _segment(path, "min"),
                    _("The minimum %(min)s is above the points %(max)s.")
                    % {"min": _number_text(points_min), "max": _number_text(points_max)},
                )
        return SubItem("", "", points_max, points_min, kind, self.text(fields, "standard", path) or "")

    def veto(self, node: object, path: str, dimensions: tuple[Dimension, ...]) -> VetoItem | None:
        fields = self.mapping(node, path, ("code", "name", "dimension", "sub_item", "standard"), ("code", "name"))
        if fields is None:
            return None
        code = self.code(fields, path)
        dimension_code = self.text(fields, "dimension", path, None)
        sub_item = self.text(fields, "sub_item", path, None)
        dimension = next((each for each in dimensions if each.code == dimension_code), None)
        if dimension_code is not None and dimension is None:
            self.fail(
                _segment(path, "dimension"),
                _("The veto item refers to the dimension %(code)s, which the template does not have.")
                % {"code": dimension_code},
            )
        elif sub_item is not None:
            scope = [dimension] if dimension else dimensions
            known = {leaf.code for each in scope for item in each.items for leaf in (item, *item.sub_items)}
            if sub_item not in known:
                self.fail(
                    _segment(path, "sub_item"),
                    _("The veto item refers to the item %(code)s, which is not in its dimension.") % {"code": sub_item},
                )
        return VetoItem(
            code,
            self.text(fields, "name", path) or "",
            dimension_code,
            sub_item,
            self.text(fields, "standard", path) or "",
        )

    def scheme(self, node: object, path: str, points_max: Decimal) -> Scheme | None:
        if not isinstance(node, dict):
            self.wrong_type(path, "mapping", node)
            return None
        name = node.get("name")
        if name not in _values(SchemeName):
            if name is None:
                self.fail(_segment(path, "name"), _("This field is missing."))
            else:
                self.fail(
                    _segment(path, "name"),
                    _("Unknown star scheme %(name)s; known schemes: %(known)s.")
                    % {"name": name, "known": ", ".join(_values(SchemeName))},
                )
            return None
        name = SchemeName(name)
        fields = SCHEME_FIELDS[name]
        self.mapping(node, path, ("name", *fields), [field for field in fields if field not in OPTIONAL_SCHEME_FIELDS])
        if name == SchemeName.DIMENSION_STARS:
            return Scheme(name, threshold=self.points(node, "threshold", path))
        if name == SchemeName.SCORE_BANDS:
            bands = self.bands(node, path, points_max, StarBand, "stars")
            return Scheme(name, star_bands=bands, veto_cap=self.integer(node, "veto_cap", path, None, high=5))
        if name == SchemeName.RANKED_SCORE:
            return Scheme(name, behind_share=self.share(node, "behind_share", path))
        indicator_weight = self.share(node, "indicator_weight", path)
        evaluation_weight = self.share(node, "evaluation_weight", path)
        if indicator_weight is not None and evaluation_weight is not None:
            self.weights_sum_to_one([indicator_weight, evaluation_weight], path)
        bands = self.bands(node, path, GRADE_SCALE, GradeBand, "grade")
        veto_grade = self.text(node, "veto_grade", path, None)
        if veto_grade is not None and veto_grade not in {band.grade for band in bands}:
            self.fail(
                _segment(path, "veto_grade"),
                _("Unknown value %(value)s; allowed: %(allowed)s.")
                % {"value": veto_grade, "allowed": ", ".join(band.grade for band in bands)},
            )
        return Scheme(
            name,
            indicator_weight=indicator_weight,
            evaluation_weight=evaluation_weight,
            grade_bands=bands,
            veto_grade=veto_grade,
        )

    def weights_sum_to_one(self, weights: list[Decimal], path: str) -> None:
        total = sum(weights, ZERO)
        if total != ONE:
            self.fail(path, _("The weights add up to %(total)s instead of 1.") % {"total": _number_text(total)})

    def bands(self, node: dict, path: str, scale: Decimal, band_class: type, key: str) -> tuple:
        """Bands from `from` (inclusive) to `to` (exclusive; the top band includes the top of the scale)."""
        where = _segment(path, "bands")
        bands = []
        for index, child in enumerate(self.sequence(node, "bands", path)):
            band_path = f"{where}[#{index + 1}]"
            fields = self.mapping(child, band_path, (key, "from", "to"), (key, "from", "to"))
            if fields is None or any(field not in fields for field in (key, "from", "to")):
                continue
            if key == "stars":
                value = self.integer(fields, "stars", band_path, None, high=5)
            else:
                value = self.text(fields, "grade", band_path, None)
            lower, upper = self.number(fields, "from", band_path), self.number(fields, "to", band_path)
            if value is None or lower is None or upper is None:
                continue
            if lower >= upper:
                self.fail(
                    band_path,
                    _("The band's lower bound %(lower)s is not below its upper bound %(upper)s.")
                    % {"lower": _number_text(lower), "upper": _number_text(upper)},
                )
                continue
            if value in {getattr(band, key) for band in bands}:
                self.fail(_segment(band_path, key), _("The value %(value)s has two bands.") % {"value": value})
            bands.append(band_class(value, lower, upper))
        if not bands:
            if "bands" in node:
                self.fail(where, _("At least one entry is needed."))
            return ()
        self.bands_cover(sorted(bands, key=lambda band: band.lower), where, scale, key)
        return tuple(bands)

    def bands_cover(self, bands: list, path: str, scale: Decimal, key: str) -> None:
        def label(band) -> str:
            value = getattr(band, key)
            return _("%(stars)s stars") % {"stars": value} if key == "stars" else str(value)

        reached = ZERO
        previous = None
        for band in bands:
            if band.lower > reached:
                self.fail(
                    path,
                    _("No band covers the scores from %(lower)s to %(upper)s.")
                    % {"lower": _number_text(reached), "upper": _number_text(band.lower)},
                )
            elif band.lower < reached and previous is not None:
                self.fail(
                    path,
                    _("The bands %(first)s and %(second)s overlap from %(lower)s to %(upper)s.")
                    % {
                        "first": label(previous),
                        "second": label(band),
                        "lower": _number_text(band.lower),
                        "upper": _number_text(min(reached, band.upper)),
                    },
                )
            if band.upper > reached:
                reached, previous = band.upper, band
        if reached < scale:
            self.fail(
                path,
                _("No band covers the scores from %(lower)s to %(upper)s.")
                % {"lower": _number_text(reached), "upper": _number_text(scale)},
            )
        elif reached > scale:
            self.fail(
                path,
                _("The bands reach %(upper)s, above the highest possible score %(max)s.")
                % {"upper": _number_text(reached), "max": _number_text(scale)},
            )

    def satisfaction(self, node: object, path: str) -> Satisfaction | None:
        fields = self.mapping(node, path, ("options", "rater_groups", "gate"), ("options",))
        if fields is None:
            return None
        options = self.elements(fields, "options", path, self.option, needed=True)
        groups = self.elements(fields, "rater_groups", path, self.rater_group)
        if groups:
            self.weights_sum_to_one([group.weight for group in groups], _segment(path, "rater_groups"))
        gate_share = gate_stars = None
        if fields.get("gate") is not None:
            gate_path = _segment(path, "gate")
            gate = self.mapping(fields["gate"], gate_path, ("share", "stars"), ("share", "stars"))
            if gate is not None:
                gate_share = self.share(gate, "share", gate_path)
                gate_stars = self.integer(gate, "stars", gate_path, None, low=1, high=5)
        return Satisfaction(options, groups, gate_share, gate_stars)

    def option(self, node: object, path: str) -> SatisfactionOption | None:
        fields = self.mapping(
            node, path, ("code", "label", "points", "fair_or_above"), ("code", "label", "points", "fair_or_above")
        )
        if fields is None:
            return None
        points = self.number(fields, "points", path, ZERO)
        if not ZERO <= points <= HUNDRED:
            self.fail(
                _segment(path, "points"),
                _("%(value)s is out of range: from %(low)s to %(high)s.")
                % {"value": fields["points"], "low": 0, "high": 100},
            )
        return SatisfactionOption(
            self.code(fields, path),
            self.text(fields, "label", path) or "",
            points,
            self.boolean(fields, "fair_or_above", path),
        )

    def rater_group(self, node: object, path: str) -> RaterGroup | None:
        fields = self.mapping(node, path, ("code", "name", "weight"), ("code", "name", "weight"))
        if fields is None:
            return None
        return RaterGroup(
            self.code(fields, path), self.text(fields, "name", path) or "", self.share(fields, "weight", path) or ZERO
        )


def template_from_dict(document: object, prefix: str = "") -> Template:
    """Validate one template given as plain data (a parsed YAML document or a stored definition)."""
    parser = _Parser(prefix)
    template = parser.template(document)
    if parser.problems or template is None:
        raise TemplateError(parser.problems)
    return template


def parse_templates(text: str) -> list[Template]:
    """Every template of a YAML file; the problems of all documents are reported together."""
    try:
        documents = [document for document in yaml.safe_load_all(text) if document is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise TemplateError(
            [Problem("", _("The YAML cannot be read at line %(line)s: %(error)s") % {"line": line, "error": error})]
        ) from error
    if not documents:
        raise TemplateError([Problem("", _("The file holds no template."))])
    templates, problems = [], []
    for index, document in enumerate(documents):
        prefix = _("template %(number)s: ") % {"number": index + 1} if len(documents) > 1 else ""
        try:
            templates.append(template_from_dict(document, prefix))
        except TemplateError as error:
            problems.extend(error.problems)
    codes = [template.code for template in templates]
    for code in {code for code in codes if codes.count(code) > 1}:
        problems.append(Problem("code", _("The code %(code)s is used by two templates of this file.") % {"code": code}))
    if problems:
        raise TemplateError(problems)
    return templates


def parse_template(text: str) -> Template:
    """The one template of a YAML text."""
    templates = parse_templates(text)
    if len(templates) != 1:
        raise TemplateError([Problem("", _("Expected one template, found %(count)s.") % {"count": len(templates)})])
    return templates[0]


# -- dumping ----------------------------------------------------------------------------------------------------
def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _leaf_dict(leaf: SubItem | Item) -> dict:
    data: dict[str, Any] = {"code": leaf.code, "name": leaf.name}
    if leaf.kind != Kind.POINTS:
        data["kind"] = str(leaf.kind)
    if leaf.kind != Kind.DEDUCTION or leaf.points_max:
        data["points"] = _plain(leaf.points_max)
    if leaf.points_min:
        data["min"] = _plain(leaf.points_min)
    if leaf.standard:
        data["standard"] = leaf.standard
    return data


def _item_dict(item: Item) -> dict:
    if item.is_leaf:
        return _leaf_dict(item)
    data: dict[str, Any] = {"code": item.code, "name": item.name, "points": _plain(item.points_max)}
    if item.standard:
        data["standard"] = item.standard
    data["sub_items"] = [_leaf_dict(sub_item) for sub_item in item.sub_items]
    return data


def _scheme_dict(scheme: Scheme) -> dict:
    data: dict[str, Any] = {"name": str(scheme.name)}
    if scheme.name == SchemeName.DIMENSION_STARS:
        data["threshold"] = _plain(scheme.threshold)
    elif scheme.name == SchemeName.SCORE_BANDS:
        data["bands"] = [{"stars": b.stars, "from": _plain(b.lower), "to": _plain(b.upper)} for b in scheme.star_bands]
        data["veto_cap"] = scheme.veto_cap
    elif scheme.name == SchemeName.WEIGHTED_GRADE:
        data["indicator_weight"] = _plain(scheme.indicator_weight)
        data["evaluation_weight"] = _plain(scheme.evaluation_weight)
        data["bands"] = [{"grade": b.grade, "from": _plain(b.lower), "to": _plain(b.upper)} for b in scheme.grade_bands]
        if scheme.veto_grade is not None:
            data["veto_grade"] = scheme.veto_grade
    else:
        data["behind_share"] = _plain(scheme.behind_share)
    return data


def _satisfaction_dict(satisfaction: Satisfaction) -> dict:
    data: dict[str, Any] = {
        "options": [
            {"code": o.code, "label": o.label, "points": _plain(o.points), "fair_or_above": o.fair_or_above}
            for o in satisfaction.options
        ]
    }
    if satisfaction.rater_groups:
        data["rater_groups"] = [
            {"code": g.code, "name": g.name, "weight": _plain(g.weight)} for g in satisfaction.rater_groups
        ]
    if satisfaction.gate_share is not None:
        data["gate"] = {"share": _plain(satisfaction.gate_share), "stars": satisfaction.gate_stars}
    return data


def template_to_dict(template: Template) -> dict:
    """The template as plain data in the file's layout, leaving out fields at their defaults."""
    data: dict[str, Any] = {"code": template.code, "name": template.name}
    if template.year is not None:
        data["year"] = template.year
    data["version"] = template.version
    if template.example:
        data["example"] = True
    if template.subject != Subject.ORGANIZATION:
        data["subject"] = str(template.subject)
    if template.description:
        data["description"] = template.description
    applies_to = {key: list(getattr(template.applies_to, key)) for key in ("domains", "org_types", "levels")}
    if any(applies_to.values()):
        data["applies_to"] = {key: values for key, values in applies_to.items() if values}
    data["scheme"] = _scheme_dict(template.scheme)
    if template.satisfaction is not None:
        data["satisfaction"] = _satisfaction_dict(template.satisfaction)
    data["dimensions"] = [
        {"code": d.code, "name": d.name, "points": _plain(d.points_max)}
        | ({"personalised": True} if d.personalised else {})
        | {"items": [_item_dict(item) for item in d.items]}
        for d in template.dimensions
    ]
    if template.vetoes:
        data["vetoes"] = [
            {key: value for key, value in vars(veto).items() if value not in (None, "")} for veto in template.vetoes
        ]
    return data


def dump_templates(templates: Iterable[Template]) -> str:
    """YAML text that parse_templates reads back into equal templates."""
    documents = [template_to_dict(template) for template in templates]
    return yaml.safe_dump_all(
        documents,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=120,
        explicit_start=len(documents) > 1,
    )


def dump_template(template: Template) -> str:
    return dump_templates([template])
