"""A template's star scheme with its bands, and its satisfaction settings: options, rater groups and the gate."""

from decimal import Decimal

from django.utils.translation import gettext as _

from scoring.definitions import (
    ZERO,
    GradeBand,
    RaterGroup,
    Satisfaction,
    SatisfactionOption,
    Scheme,
    SchemeName,
    StarBand,
)
from scoring.template_format.fields import ONE, FieldReader, values_of
from scoring.template_format.problems import number_text, segment

HUNDRED = Decimal(100)
GRADE_SCALE = HUNDRED  # weighted_grade bands apply to the weighted score, 0–100

SCHEME_FIELDS: dict[SchemeName, tuple[str, ...]] = {
    SchemeName.DIMENSION_STARS: ("threshold",),
    SchemeName.SCORE_BANDS: ("bands", "veto_cap"),
    SchemeName.WEIGHTED_GRADE: ("indicator_weight", "evaluation_weight", "bands", "veto_grade"),
    SchemeName.RANKED_SCORE: ("behind_share",),
    SchemeName.PIONEER_GRADE: (),
}
OPTIONAL_SCHEME_FIELDS = {"veto_grade"}


class SchemeReader(FieldReader):
    """Reads the scheme and satisfaction parts of a document: the fields of each scheme, bands that cover the scale."""

    def scheme(self, node: object, path: str, points_max: Decimal) -> Scheme | None:
        if not isinstance(node, dict):
            self.wrong_type(path, "mapping", node)
            return None
        name = node.get("name")
        if name not in values_of(SchemeName):
            if name is None:
                self.fail(segment(path, "name"), _("This field is missing."))
            else:
                self.fail(
                    segment(path, "name"),
                    _("Unknown star scheme %(name)s; known schemes: %(known)s.")
                    % {"name": name, "known": ", ".join(values_of(SchemeName))},
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
        if name == SchemeName.PIONEER_GRADE:
            return Scheme(name)
        indicator_weight = self.share(node, "indicator_weight", path)
        evaluation_weight = self.share(node, "evaluation_weight", path)
        if indicator_weight is not None and evaluation_weight is not None:
            self.weights_sum_to_one([indicator_weight, evaluation_weight], path)
        bands = self.bands(node, path, GRADE_SCALE, GradeBand, "grade")
        veto_grade = self.text(node, "veto_grade", path, None)
        if veto_grade is not None and veto_grade not in {band.grade for band in bands}:
            self.fail(
                segment(path, "veto_grade"),
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
            self.fail(path, _("The weights add up to %(total)s instead of 1.") % {"total": number_text(total)})

    def bands(self, node: dict, path: str, scale: Decimal, band_class: type, key: str) -> tuple:
        """Bands from `from` (inclusive) to `to` (exclusive; the top band includes the top of the scale)."""
        where = segment(path, "bands")
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
                    % {"lower": number_text(lower), "upper": number_text(upper)},
                )
                continue
            if value in {getattr(band, key) for band in bands}:
                self.fail(segment(band_path, key), _("The value %(value)s has two bands.") % {"value": value})
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
                    % {"lower": number_text(reached), "upper": number_text(band.lower)},
                )
            elif band.lower < reached and previous is not None:
                self.fail(
                    path,
                    _("The bands %(first)s and %(second)s overlap from %(lower)s to %(upper)s.")
                    % {
                        "first": label(previous),
                        "second": label(band),
                        "lower": number_text(band.lower),
                        "upper": number_text(min(reached, band.upper)),
                    },
                )
            if band.upper > reached:
                reached, previous = band.upper, band
        if reached < scale:
            self.fail(
                path,
                _("No band covers the scores from %(lower)s to %(upper)s.")
                % {"lower": number_text(reached), "upper": number_text(scale)},
            )
        elif reached > scale:
            self.fail(
                path,
                _("The bands reach %(upper)s, above the highest possible score %(max)s.")
                % {"upper": number_text(reached), "max": number_text(scale)},
            )

    def satisfaction(self, node: object, path: str) -> Satisfaction | None:
        fields = self.mapping(node, path, ("options", "rater_groups", "gate"), ("options",))
        if fields is None:
            return None
        options = self.elements(fields, "options", path, self.option, needed=True)
        groups = self.elements(fields, "rater_groups", path, self.rater_group)
        if groups:
            self.weights_sum_to_one([group.weight for group in groups], segment(path, "rater_groups"))
        gate_share = gate_stars = None
        if fields.get("gate") is not None:
            gate_path = segment(path, "gate")
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
                segment(path, "points"),
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
