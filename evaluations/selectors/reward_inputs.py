"""What the rewards ledger needs of each secretary's year, read set-based for thousands of secretaries at once.

The star levels follow the same pure rules as the star record pages (evaluations.rules.secretary_stars); this
reader only fetches plain values (no model instances), so a district's 2,000 ledgers stay within a second:
the year's records with their tenures, every approved change of those persons up to the year, the committee
terms and the circumstances - four queries whatever the number of secretaries.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from evaluations.models import (
    RewardCircumstance,
    RewardEntry,
    SecretaryStarChange,
    SecretaryStarYear,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.rules.rewards import Departure, Removal, SecretaryYear, year_periods
from evaluations.rules.secretary_stars import StarChangeValue, first_rating, level_in, year_levels
from orgs.models import CommitteeTerm, Domain, Secretary

RECORD_FIELDS = (
    "person_key",
    "secretary_id",
    "rule_set__max_stars",
    "secretary__organization_id",
    "secretary__organization__domain",
    "secretary__one_shoulder",
    "secretary__started_on",
    "secretary__ended_on",
)
CHANGE_FIELDS = ("record__person_key", "record__year", "kind", "stars", "effective_on", "rule__is_education_upgrade")


@dataclass(frozen=True)
class RewardInput:
    secretary_id: int
    facts: SecretaryYear


def reward_inputs(*, year: int, records: QuerySet) -> list[RewardInput]:
    """Each star record of ``year`` among ``records`` as the pure rule's input: the year's rating from its start,
    each removal (随时摘星) from its date, last year's level, the term's first rating and the circumstances."""
    rows = [dict(zip(RECORD_FIELDS, row, strict=True)) for row in records.values_list(*RECORD_FIELDS)]
    if not rows:
        return []
    changes: dict[str, list[tuple]] = defaultdict(list)
    approved = SecretaryStarChange.objects.filter(
        record__person_key__in=records.values("person_key"),
        record__year__lte=year,
        status=StarChangeStatus.APPROVED,
    ).order_by("effective_on", "pk")
    for change in approved.values_list(*CHANGE_FIELDS, "reason"):
        changes[change[0]].append(change[1:])
    term_starts = dict(
        CommitteeTerm.objects.filter(
            organization_id__in={row["secretary__organization_id"] for row in rows},
            start_year__lte=year,
            end_year__gte=year,
        ).values_list("organization_id", "start_year")
    )
    circumstances = {
        row.secretary_id: row
        for row in RewardCircumstance.objects.filter(year=year, secretary_id__in=records.values("secretary_id"))
    }
    return [
        RewardInput(row["secretary_id"], _facts(year, row, changes[row["person_key"]], term_starts, circumstances))
        for row in rows
    ]


def _facts(year: int, row: dict, changes: list[tuple], term_starts: dict, circumstances: dict) -> SecretaryYear:
    values = [
        StarChangeValue(year=change_year, kind=kind, stars=stars, effective_on=on, is_education_upgrade=bool(education))
        for change_year, kind, stars, on, education, _reason in changes
    ]
    by_year = year_levels(values, max_stars=row["rule_set__max_stars"])
    this_year = by_year.get(year)
    started_on, ended_on = row["secretary__started_on"], row["secretary__ended_on"]
    term_start = term_starts.get(row["secretary__organization_id"], started_on.year)
    first = first_rating(by_year, from_year=min(term_start, year), to_year=year)
    level = level_in(by_year, year) or 0
    removals = [
        Removal(
            on,
            stars,
            _("Stars removed from %(date)s (−%(stars)s): %(reason)s")
            % {"date": on.isoformat(), "stars": stars, "reason": reason},
        )
        for change_year, kind, stars, on, _education, reason in changes
        if change_year == year and kind == StarRuleKind.REMOVED
    ]
    if this_year is not None:
        rated_level = max(0, min(this_year.start + this_year.added - this_year.reduced, level + this_year.removed))
    else:
        rated_level = level
    circumstance = circumstances.get(row["secretary_id"])
    return SecretaryYear(
        year=year,
        periods=year_periods(
            year=year, tenure_start=started_on, tenure_end=ended_on, rated_level=rated_level, removals=removals
        ),
        community=row["secretary__organization__domain"] == Domain.URBAN_COMMUNITY,
        one_shoulder=row["secretary__one_shoulder"],
        last_year_stars=level_in(by_year, year - 1),
        first_rating_stars=first[1] if first else None,
        education_upgrade_stars=this_year.education_upgrade if this_year else 0,
        collective_economy_growth=bool(circumstance and circumstance.collective_economy_growth),
        ended_on=ended_on if ended_on and ended_on.year == year else None,
        left_normally=bool(circumstance and circumstance.left_normally),
    )


def departed_reward_inputs(*, year: int, scope_path: str, rated: QuerySet) -> list[RewardInput]:
    """The tenures of the scope that ended before ``year`` and owe or hold something in its ledger: those who left
    office normally (the departure subsidy increase runs on, seed 001) unless the person holds a secretary's office
    again in the year, and those with entries of the year that may no longer be due. ``rated`` are the year's star
    records computed anyway. Two queries, and four per distinct year of leaving."""
    tenures = Secretary.objects.filter(
        organization__path__startswith=scope_path, ended_on__lt=date(year, 1, 1)
    ).exclude(pk__in=rated.values("secretary_id"))
    left_normally = tenures.filter(
        reward_circumstances__left_normally=True, reward_circumstances__year=ExtractYear("ended_on")
    ).exclude(id_card_hash__in=_in_office(year))
    by_year_of_leaving: dict[int, list[int]] = defaultdict(list)
    for pk, ended_on in left_normally.values_list("pk", "ended_on"):
        by_year_of_leaving[ended_on.year].append(pk)
    inputs = {}
    for year_of_leaving, pks in by_year_of_leaving.items():
        records = SecretaryStarYear.objects.filter(year=year_of_leaving, secretary_id__in=pks)
        for found in reward_inputs(year=year_of_leaving, records=records):
            facts = found.facts
            if facts.ended_on is None or facts.first_rating_stars is None or not facts.periods:
                continue
            departure = Departure(facts.ended_on, facts.periods[-1].stars, facts.first_rating_stars)
            inputs[found.secretary_id] = SecretaryYear(
                year=year, periods=(), community=facts.community, departed=departure
            )
    held = RewardEntry.objects.filter(year=year, secretary__in=tenures).values_list("secretary_id", flat=True)
    for secretary_id in set(held) - set(inputs):
        inputs[secretary_id] = SecretaryYear(year=year, periods=())
    return [RewardInput(secretary_id, facts) for secretary_id, facts in inputs.items()]


def _in_office(year: int) -> QuerySet:
    """The persons holding a secretary's tenure during some part of the year."""
    during = Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1))
    return Secretary.objects.filter(during, started_on__lte=date(year, 12, 31)).values("id_card_hash")
