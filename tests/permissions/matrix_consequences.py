"""The consequence lists and an organization's forecast. The lists: everyone reads them in their own scope (an
organization's staff its own subtree, a user without a scope an empty list), and the .xlsx of the list as filtered
alike; anonymous goes to login."""

from tests.permissions.expectations import Case, community_scope, everyone, pk_of

CASES = {
    "evaluations:consequence_list": [
        Case(expected=everyone(200)),
        Case(query="?list=weak_and_lax&year=2026&rule=999999&street=999999", expected=everyone(200)),
    ],
    "evaluations:consequence_export": [Case(expected=everyone(200))],
    # An organization's forecast: whoever sees its evaluations (the member of a branch does not).
    "evaluations:organization_forecast": [Case(kwargs=pk_of("community"), expected=community_scope())],
}
