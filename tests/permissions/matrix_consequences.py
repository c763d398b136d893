"""The consequence lists, runs of the rules on demand and an organization's forecast. The lists: everyone reads them
in their own scope (an organization's staff its own subtree, a user without a scope an empty list), and the .xlsx of
the list as filtered alike; anonymous goes to login. Only the district organization department runs the rules
again."""

from evaluations.models import ConsequenceRun
from tests.permissions.expectations import API_ANONYMOUS, Case, community_scope, district_admin_only, everyone, pk_of


def _no_run_waiting(district) -> dict:
    """The run the page's button asked for is gone (in these tests the job is never queued: nothing commits)."""
    ConsequenceRun.objects.all().delete()
    return {}


CASES = {
    "evaluations:consequence_list": [
        Case(expected=everyone(200)),
        Case(query="?list=weak_and_lax&year=2026&rule=999999&street=999999", expected=everyone(200)),
    ],
    "evaluations:consequence_export": [Case(expected=everyone(200))],
    # Running the rules again over every organization: the district organization department only; back to the lists.
    "evaluations:consequence_run": [Case(method="post", expected=district_admin_only(ok=302))],
    # The last run, for everyone signed in; a run on demand, for the district organization department only.
    "api-consequence-runs": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(method="post", data=_no_run_waiting, expected=district_admin_only(ok=202, anonymous=API_ANONYMOUS)),
    ],
    # An organization's forecast: whoever sees its evaluations (the member of a branch does not).
    "evaluations:organization_forecast": [Case(kwargs=pk_of("community"), expected=community_scope())],
}
