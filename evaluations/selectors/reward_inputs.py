"""What the rewards ledger needs of each secretary's year, read set-based for thousands of secretaries at once.

The star levels follow the same pure rules as the star record pages (evaluations.rules.secretary_stars); this
reader only fetches plain values (no model instances), so a district's 2,000 ledgers stay within a second:
the year's records with their tenures, every approved change of those persons up to the year, the committee
terms and the circumstances - four queries whatever the number of secretaries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from evaluations.models import RewardCircumstance, SecretaryStarChange, StarChangeStatus, StarRuleKind
from evaluations.rules.rewards import Removal, SecretaryYear, year_periods
from evaluations.rules.secretary_stars import StarChangeValue, first_rating, level_in, year_levels
from orgs.models import CommitteeTerm, Domain

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
