"""Reads of the recommended list that the services and the pages share."""

from django.utils.translation import gettext as _

from evaluations.models import (
    QuotaPenalty,
    RecommendedEntry,
    RecommendedList,
)
from evaluations.rules.quotas import QuotaChecks, quota_checks
from evaluations.selectors.ranking import campaign_streets
from orgs.tree import STREET_PATH_LENGTH


def recommended_list_checks(recommended_list: RecommendedList) -> QuotaChecks:
    """The checks of a list as it stands now: three queries (streets, entries, penalties)."""
    campaign = recommended_list.campaign
    streets = campaign_streets(campaign)
    street_by_path = {street.path: street.pk for street in streets}
    entries = [
        (street_by_path.get(path[:STREET_PATH_LENGTH], 0), stars)
        for path, stars in RecommendedEntry.objects.filter(recommended_list=recommended_list).values_list(
            "evaluation__organization__path", "stars"
        )
    ]
    penalties = dict(QuotaPenalty.objects.filter(campaign=campaign).values_list("street_id", "points"))
    names = {street.pk: street.name for street in streets}
    if any(street_id == 0 for street_id, _stars in entries):
        names[0] = _("Outside any street")
    return quota_checks(entries=entries, streets=names, cap=recommended_list.five_star_cap, penalties=penalties)
