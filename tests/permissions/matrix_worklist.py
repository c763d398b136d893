"""The home page (each role's dashboard), the district's overview, work lists, notifications and the history of an
evaluation."""

from tests.permissions.expectations import SURVEY_READERS, Case, community_scope, everyone, only, owner_only, pk_of
from tests.permissions.objects import street_staff_notification

CASES = {
    "home": [Case(expected=everyone(200))],
    # The district's overview: the district's roles and each street's staff (for their street).
    "evaluations:district_overview": [Case(expected=only([*SURVEY_READERS, "outsider"]))],
    "evaluations:worklist": [Case(expected=everyone(200))],
    "evaluations:notification_list": [Case(expected=everyone(200))],
    "evaluations:notification_read": [
        Case(method="post", kwargs=pk_of(street_staff_notification), expected=owner_only("street_staff", ok=302))
    ],
    "evaluations:notifications_read_all": [Case(method="post", expected=everyone(302))],
    "evaluations:evaluation_history": [Case(kwargs=pk_of("evaluation"), expected=community_scope())],
}
