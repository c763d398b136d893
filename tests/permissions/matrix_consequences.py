"""The consequence lists: everyone reads them in their own scope (an organization's staff its own subtree, a user
without a scope an empty list), and the .xlsx of the list as filtered alike; anonymous goes to login."""

from tests.permissions.expectations import Case, everyone

CASES = {
    "evaluations:consequence_list": [
        Case(expected=everyone(200)),
        Case(query="?list=weak_and_lax&year=2026&rule=999999&street=999999", expected=everyone(200)),
    ],
    "evaluations:consequence_export": [Case(expected=everyone(200))],
}
