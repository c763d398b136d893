"""The ranking (the district organization department and the committee) and the published results (everyone who
sees the campaign)."""

from tests.permissions.expectations import Case, campaign_participants, pk_of, ranking_roles
from tests.permissions.objects import approval_campaign

CASES = {
    "evaluations:campaign_ranking": [Case(kwargs=pk_of(approval_campaign), expected=ranking_roles())],
    "evaluations:campaign_ranking_export": [Case(kwargs=pk_of(approval_campaign), expected=ranking_roles())],
    "evaluations:published_results": [Case(kwargs=pk_of(approval_campaign), expected=campaign_participants())],
}
