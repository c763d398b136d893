"""A whole template document: its header, dimensions, items, sub-items and leaves, and its veto items."""

import re

from django.utils.translation import gettext as _

from orgs.models import Domain, Level, OrgType
from scoring.definitions import (
    ZERO,
    AppliesTo,
    Dimension,
    Item,
    Kind,
    Scheme,
    SchemeName,
    SubItem,
    Subject,
    Template,
    VetoItem,
)
from scoring.template_format.fields import values_of
from scoring.template_format.pioneer import PioneerReader
from scoring.template_format.problems import number_text, segment

MAX_STARS = 5
TEMPLATE_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")


class TemplateReader(PioneerReader):
    """Reads one template document into a ``Template``; ``problems`` holds what is wrong with it."""

    def template(self, node: object) -> Template | None:
        fields = ("code", "name", "year", "version", "example", "subject", "description", "applies_to", "scheme")
        fields += ("satisfaction", "dimensions", "vetoes", "pioneer", "democratic_vote")
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
        if subject not in values_of(Subject):
            self.fail(
                "subject",
                _("Unknown value %(value)s; allowed: %(allowed)s.")
                % {"value": subject, "allowed": ", ".join(values_of(Subject))},
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
        pioneer = None
        if scheme is not None and scheme.name == SchemeName.PIONEER_GRADE:
            for section in ("pioneer", "democratic_vote"):
                if document.get(section) is None:
                    self.fail(section, _("The scheme %(scheme)s needs this section.") % {"scheme": scheme.name})
            if document.get("pioneer") is not None and document.get("democratic_vote") is not None:
                pioneer = self.pioneer(document["pioneer"], document["democratic_vote"], "pioneer", dimensions)
        for section in ("pioneer", "democratic_vote"):
            if document.get(section) is not None and pioneer is None and scheme and scheme.name != "pioneer_grade":
                self.fail(section, _("Only the scheme %(scheme)s has this section.") % {"scheme": "pioneer_grade"})
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
            pioneer=pioneer,
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
                % {"total": number_text(total), "max": number_text(points_max)},
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
                segment(path, "sub_items"),
                _("The street sets the sub-items of a personalised dimension for each community; leave them out."),
            )
        name = self.text(fields, "name", path) or ""
        if not sub_items:
            leaf = self.leaf(fields, path)
            return Item(code, name, leaf.points_max, (), leaf.points_min, leaf.kind, leaf.standard)
        total = sum((sub_item.points_max for sub_item in sub_items if sub_item.counts_toward_max), ZERO)
        for key in ("min", "kind"):
            if key in fields:
                self.fail(segment(path, key), _("Only a leaf has a kind and a minimum; set them on its sub-items."))
        points_max = self.points(fields, "points", path, total)
        if total > points_max:
            self.fail(
                path,
                _("The sub-items add up to %(total)s points, more than the %(max)s points of their item.")
                % {"total": number_text(total), "max": number_text(points_max)},
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
        if kind_value not in values_of(Kind):
            self.fail(
                segment(path, "kind"),
                _("Unknown kind %(kind)s; known kinds: %(known)s.")
                % {"kind": kind_value, "known": ", ".join(values_of(Kind))},
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
                self.fail(segment(path, "points"), _("This field is missing."))
            points_max = self.points(fields, "points", path, ZERO)
            points_min = self.number(fields, "min", path, ZERO, points=True)
            if points_min < 0:
                self.fail(segment(path, "min"), _("Only a deduction may have a negative minimum."))
            elif points_min > points_max:
                self.fail(
                    segment(path, "min"),
                    _("The minimum %(min)s is above the points %(max)s.")
                    % {"min": number_text(points_min), "max": number_text(points_max)},
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
                segment(path, "dimension"),
                _("The veto item refers to the dimension %(code)s, which the template does not have.")
                % {"code": dimension_code},
            )
        elif sub_item is not None:
            scope = [dimension] if dimension else dimensions
            known = {leaf.code for each in scope for item in each.items for leaf in (item, *item.sub_items)}
            if sub_item not in known:
                self.fail(
                    segment(path, "sub_item"),
                    _("The veto item refers to the item %(code)s, which is not in its dimension.") % {"code": sub_item},
                )
        return VetoItem(
            code,
            self.text(fields, "name", path) or "",
            dimension_code,
            sub_item,
            self.text(fields, "standard", path) or "",
        )
