"""The ``pioneer`` section of a member template (Lengshuijiang 先锋指数, seed 004): read and written back."""

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from scoring.definitions import Dimension, GradeBand, Kind
from scoring.pioneer import GRADE_ORDER, GradeCap, PioneerRules, VoteOption
from scoring.template_format.fields import values_of
from scoring.template_format.problems import segment
from scoring.template_format.schemes import SchemeReader

HUNDRED = Decimal(100)
PIONEER_FIELDS = ("categories", "statuses", "bands", "caps", "excellent_share", "review_tolerance")
MEMBER_CATEGORIES = ("village_community", "agency_institution", "two_new", "floating")
MEMBER_STATUSES = ("full", "probationary")


class PioneerReader(SchemeReader):
    """Reads the pioneer section: the vote (options, weight, quorum), grade bands, caps and the excellent share."""

    def pioneer(
        self, node: object, vote_node: object, path: str, dimensions: tuple[Dimension, ...]
    ) -> PioneerRules | None:
        """The ``pioneer`` section and the ``democratic_vote`` section beside it (the vote pages read the latter)."""
        fields = self.mapping(node, path, PIONEER_FIELDS, ("bands",))
        if fields is None:
            return None
        vote = self.vote(vote_node, "democratic_vote")
        bands = self.bands(fields, path, HUNDRED, GradeBand, "grade")
        grades = values_of(type(GRADE_ORDER[0]))
        for index, band in enumerate(bands):
            if band.grade not in grades:
                self.fail(
                    f"{segment(path, 'bands')}[#{index + 1}].grade",
                    _("Unknown value %(value)s; allowed: %(allowed)s.")
                    % {"value": band.grade, "allowed": ", ".join(grades)},
                )
        areas = [leaf.code for dimension in dimensions for leaf in dimension.leaves() if leaf.kind == Kind.DEDUCTION]
        caps = self.elements(fields, "caps", path, lambda child, where: self.cap(child, where, areas, grades))
        share = self.share(fields, "excellent_share", path)
        tolerance = self.number(fields, "review_tolerance", path, Decimal(10))
        if vote is None:
            return None
        options, weight, quorum = vote
        return PioneerRules(
            vote_options=options,
            vote_weight=weight,
            quorum_share=quorum,
            bands=bands,
            caps=caps,
            excellent_share=share,
            review_tolerance=tolerance,
            categories=self.choices(fields, "categories", path, MEMBER_CATEGORIES),
            statuses=self.choices(fields, "statuses", path, MEMBER_STATUSES) or MEMBER_STATUSES,
        )

    def vote(self, node: object, path: str) -> tuple[tuple[VoteOption, ...], Decimal, str] | None:
        fields = self.mapping(node, path, ("options", "weight", "quorum"), ("options", "weight", "quorum"))
        if fields is None:
            return None
        options = self.elements(fields, "options", path, self.vote_option, needed=True)
        codes = [option.code for option in options]
        for code in {code for code in codes if codes.count(code) > 1}:
            self.fail(segment(path, "options"), _("The value %(value)s is used twice.") % {"value": code})
        weight = self.share(fields, "weight", path)
        quorum = str(fields.get("quorum", "")).strip()
        try:
            share = Fraction(quorum)
        except (ValueError, ZeroDivisionError):
            share = None
        if share is None or not 0 < share <= 1:
            self.fail(
                segment(path, "quorum"),
                _("The quorum is a share above 0 and at most 1, such as 2/3 or 0.8: %(value)s.") % {"value": quorum},
            )
        return options, weight if weight is not None else Decimal(0), quorum

    def vote_option(self, node: object, path: str) -> VoteOption | None:
        fields = self.mapping(node, path, ("code", "label", "points", "approves"), ("code", "label", "points"))
        if fields is None:
            return None
        points = self.number(fields, "points", path, Decimal(0))
        if not 0 <= points <= HUNDRED:
            self.fail(
                segment(path, "points"),
                _("%(value)s is out of range: from %(low)s to %(high)s.")
                % {"value": fields["points"], "low": 0, "high": 100},
            )
        return VoteOption(
            self.text(fields, "code", path) or "",
            self.text(fields, "label", path) or "",
            points,
            self.boolean(fields, "approves", path),
        )

    def cap(self, node: object, path: str, areas: list[str], grades: tuple[str, ...]) -> GradeCap | None:
        fields = self.mapping(node, path, ("area", "grade"), ("area", "grade"))
        if fields is None:
            return None
        area = self.text(fields, "area", path) or ""
        grade = self.text(fields, "grade", path) or ""
        if area not in areas:
            self.fail(
                segment(path, "area"),
                _("The cap refers to the deduction item %(code)s, which the template does not have.") % {"code": area},
            )
        if grade not in grades:
            self.fail(
                segment(path, "grade"),
                _("Unknown value %(value)s; allowed: %(allowed)s.") % {"value": grade, "allowed": ", ".join(grades)},
            )
        return GradeCap(area, grade)


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def democratic_vote_to_dict(rules: PioneerRules) -> dict:
    """The democratic_vote section as plain data in the file's layout."""
    return {
        "weight": _plain(rules.vote_weight),
        "quorum": rules.quorum_share,
        "options": [
            {"code": o.code, "label": o.label, "points": _plain(o.points), "approves": o.approves}
            for o in rules.vote_options
        ],
    }


def pioneer_to_dict(rules: PioneerRules) -> dict:
    """The pioneer section as plain data in the file's layout."""
    data: dict[str, Any] = {}
    if rules.categories:
        data["categories"] = list(rules.categories)
    data["statuses"] = list(rules.statuses)
    data["bands"] = [{"grade": b.grade, "from": _plain(b.lower), "to": _plain(b.upper)} for b in rules.bands]
    if rules.caps:
        data["caps"] = [{"area": cap.area, "grade": cap.grade} for cap in rules.caps]
    if rules.excellent_share is not None:
        data["excellent_share"] = _plain(rules.excellent_share)
    data["review_tolerance"] = _plain(rules.review_tolerance)
    return data
