"""Reads of secretaries' star levels (Jinyuan, seed 001): for a year, each secretary's level now, last year, at the
first rating of the term, the changes with their effective dates and the education-upgrade stars.

The rewards ledger computes its money from ``secretary_star_levels``; its names and fields stay stable.
Four queries whatever the number of secretaries: the year's records, every approved change of those persons up to
that year, this year's reasons, and the committee terms of their organizations.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.rules.secretary_stars import StarChangeValue, first_rating, level_in, year_levels
from orgs.models import CommitteeTerm, Organization, User
from orgs.permissions import Capability, subtree_condition


@dataclass(frozen=True)
class StarChangeLine:
    """One approved change as people read it: when it took effect, what it was, how many stars and why."""

    change_id: int
    year: int
    effective_on: date
    kind: str
    kind_label: str
    rule_code: str
    rule_name: str
    stars: int
    delta: int
    reason: str
    is_education_upgrade: bool


@dataclass(frozen=True)
class SecretaryStarLevel:
    """A secretary's stars in one year, as of a date: what the rewards, the lists and the filing are built on."""

    person_key: str
    record_id: int
    secretary_id: int
    name: str
    organization_id: int
    organization_name: str
    domain: str
    one_shoulder: bool
    year: int
    level: int
    start_level: int
    last_year_level: int | None
    first_rating_year: int | None
    first_rating_level: int | None
    education_upgrade_stars: int
    changes: tuple[StarChangeLine, ...]  # this year's approved changes, by effective date

    @property
    def gained_over_last_year(self) -> int:
        """Stars gained over last year (over the first rating when there is no last year), never negative."""
        reference = self.last_year_level if self.last_year_level is not None else self.first_rating_level
        return max(0, self.level - (reference or 0))

    @property
    def gained_over_first_rating(self) -> int:
        return self.level - self.first_rating_level if self.first_rating_level is not None else 0


def star_records_visible_to(user: User, capability: Capability = Capability.VIEW_EVALUATIONS) -> QuerySet:
    """The star records of the secretaries whose organization lies in the user's subtrees."""
    condition = subtree_condition(user, capability, "secretary__organization__path")
    records = SecretaryStarYear.objects.all()
    return records if condition is None else records.filter(condition)


def star_changes_visible_to(user: User, capability: Capability = Capability.VIEW_EVALUATIONS) -> QuerySet:
    """The star changes of tenures whose organization lies in the user's subtrees."""
    condition = subtree_condition(user, capability, "secretary__organization__path")
    changes = SecretaryStarChange.objects.all()
    return changes if condition is None else changes.filter(condition)


def _term_start_years(organization_ids: set[int], year: int) -> dict[int, int]:
    terms = CommitteeTerm.objects.filter(
        organization_id__in=organization_ids, start_year__lte=year, end_year__gte=year
    ).values_list("organization_id", "start_year")
    return dict(terms)


RECORD_FIELDS = (
    "pk",
    "person_key",
    "secretary_id",
    "secretary__name",
    "secretary__organization_id",
    "secretary__organization__name",
    "secretary__organization__domain",
    "secretary__one_shoulder",
    "secretary__started_on",
    "rule_set__max_stars",
)
CHANGE_FIELDS = (
    "pk",
    "record__person_key",
    "record__year",
    "kind",
    "stars",
    "effective_on",
    "rule__code",
    "rule__name",
    "rule__is_education_upgrade",
)


def _line(change: dict, reason: str) -> StarChangeLine:
    kind, stars = change["kind"], change["stars"]
    return StarChangeLine(
        change_id=change["pk"],
        year=change["record__year"],
        effective_on=change["effective_on"],
        kind=kind,
        kind_label=str(StarRuleKind(kind).label),
        rule_code=change["rule__code"] or "",
        rule_name=change["rule__name"] or "",
        stars=stars,
        delta=stars if kind in (StarRuleKind.BASE, StarRuleKind.ADDED) else -stars,
        reason=reason,
        is_education_upgrade=bool(change["rule__is_education_upgrade"]),
    )


def secretary_star_levels(
    *, year: int, as_of: date | None = None, records: QuerySet | None = None
) -> list[SecretaryStarLevel]:
    """Every secretary with a star record in ``year`` (or the given records of it), their level counted from the
    approved changes effective on or before ``as_of`` (the whole year when None), sorted by organization and name.

    Plain values, not model instances: the rewards ledger reads thousands of secretaries at once."""
    records = (records if records is not None else SecretaryStarYear.objects.all()).filter(year=year)
    rows = list(records.order_by("secretary__organization__path", "secretary__name", "pk").values(*RECORD_FIELDS))
    if not rows:
        return []
    approved = SecretaryStarChange.objects.filter(
        record__person_key__in=records.values("person_key"),
        record__year__lte=year,
        status=StarChangeStatus.APPROVED,
    )
    changes_by_person: dict[str, list[dict]] = defaultdict(list)
    for change in approved.order_by("effective_on", "pk").values(*CHANGE_FIELDS):
        changes_by_person[change["record__person_key"]].append(change)
    # Only this year's reasons are shown: free text is read (and its numbers masked) for those alone.
    reasons = dict(approved.filter(record__year=year).values_list("pk", "reason"))
    term_starts = _term_start_years({row["secretary__organization_id"] for row in rows}, year)
    levels = []
    for row in rows:
        person_changes = changes_by_person[row["person_key"]]
        values = [
            StarChangeValue(
                change["record__year"],
                change["kind"],
                change["stars"],
                change["effective_on"],
                bool(change["rule__is_education_upgrade"]),
            )
            for change in person_changes
        ]
        by_year = year_levels(values, max_stars=row["rule_set__max_stars"], as_of=as_of)
        organization_id = row["secretary__organization_id"]
        term_start = term_starts.get(organization_id, row["secretary__started_on"].year)
        first = first_rating(by_year, from_year=min(term_start, year), to_year=year)
        this_year = by_year.get(year)
        lines = tuple(
            _line(change, reasons.get(change["pk"], ""))
            for change in person_changes
            if change["record__year"] == year and (as_of is None or change["effective_on"] <= as_of)
        )
        level = level_in(by_year, year) or 0
        levels.append(
            SecretaryStarLevel(
                person_key=row["person_key"],
                record_id=row["pk"],
                secretary_id=row["secretary_id"],
                name=row["secretary__name"],
                organization_id=organization_id,
                organization_name=row["secretary__organization__name"],
                domain=row["secretary__organization__domain"],
                one_shoulder=row["secretary__one_shoulder"],
                year=year,
                level=level,
                start_level=this_year.start if this_year else level,
                last_year_level=level_in(by_year, year - 1),
                first_rating_year=first[0] if first else None,
                first_rating_level=first[1] if first else None,
                education_upgrade_stars=this_year.education_upgrade if this_year else 0,
                changes=lines,
            )
        )
    return levels


def secretary_star_level(*, record: SecretaryStarYear, as_of: date | None = None) -> SecretaryStarLevel:
    """One record's level (the same computation as the year's list)."""
    return secretary_star_levels(year=record.year, as_of=as_of, records=SecretaryStarYear.objects.filter(pk=record.pk))[
        0
    ]


def star_records_in(scope: Organization) -> QuerySet:
    """The star records of the secretaries whose organization lies under ``scope``."""
    return SecretaryStarYear.objects.filter(secretary__organization__path__startswith=scope.path)


def active_rule_set() -> SecretaryStarRuleSet | None:
    """The rule set in use: the newest active version."""
    return SecretaryStarRuleSet.objects.filter(is_active=True).order_by("-version", "-pk").first()
