"""The home page (each role's dashboard), work lists, notifications and the history of an evaluation."""

from tests.permissions.expectations import Case, community_scope, everyone, owner_only, pk_of
from tests.permissions.objects import street_staff_notification

CASES = {
    "home": [Case(expected=everyone(200))],
    "evaluations:worklist": [Case(expected=everyone(200))],
    "evaluations:notification_list": [Case(expected=everyone(200))],
    "evaluations:notification_read": [
        Case(method="post", kwargs=pk_of(street_staff_notification), expected=owner_only("street_staff", ok=302))
    ],
    "evaluations:notifications_read_all": [Case(method="post", expected=everyone(302))],
    "evaluations:evaluation_history": [Case(kwargs=pk_of("evaluation"), expected=community_scope())],
}
