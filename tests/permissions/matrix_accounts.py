"""Signing in and out, and changing one's password."""

from tests.permissions.expectations import LOGGED_IN, Case, everyone, public

CASES = {
    "login": [Case(expected={"anonymous": 200, **dict.fromkeys(LOGGED_IN, 302)})],
    "logout": [Case(method="post", expected=public(302))],
    "password_change": [Case(expected=everyone(200))],
    "password_change_done": [Case(expected=everyone(200))],
}
