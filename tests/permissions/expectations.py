"""What each role gets from a URL, by name: the roles, who may act, who finds nothing, and the Case of a request.

An expectation maps every role (and anonymous) to a status: the allowed roles get ``ok``, a role whose scope
does not reach the object gets 404, any other role 403, anonymous goes to the login page (pages) or gets
401/403 (API, ``anonymous=API_ANONYMOUS``).
"""

from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "district_admin",
    "district_approver",
    "department_reviewer",
    "street_staff",
    "org_admin",
    "member",
    "outsider",
    "nobody",
    "superuser",
]
LOGGED_IN = [role for role in ROLES if role != "anonymous"]
LOGIN = "login"  # expected: redirect to the login page
API_ANONYMOUS = (401, 403)

# Who acts: roles of the test district (tests/factories.py), the outsider being the staff of the other street.
DISTRICT_ROLES = ["district_admin", "district_approver", "department_reviewer", "superuser"]
DISTRICT_ADMIN = ["district_admin", "superuser"]
APPROVER = ["district_approver", "superuser"]
DEPARTMENT_REVIEWER = ["department_reviewer", "superuser"]
# The district organization department and the committee: the ranking and the recommended list.
RANKING_ROLES = ["district_admin", "district_approver", "superuser"]
STREET_AND_UP = ["district_admin", "street_staff", "superuser"]
SELF_ASSESSORS = ["district_admin", "org_admin", "superuser"]
# Whoever sees the community's evaluation: the district, the street staff and the community's administrator.
COMMUNITY_READERS = [*DISTRICT_ROLES, "street_staff", "org_admin"]
MEMBER_READERS = ["district_admin", "district_approver", "street_staff", "org_admin", "superuser"]
SURVEY_READERS = [*DISTRICT_ROLES, "street_staff"]

# Who finds nothing (404): the roles whose scope does not reach the object.
OUTSIDE_OF_BRANCH = ["outsider", "nobody"]
OUTSIDE_OF_COMMUNITY = ["member", "outsider", "nobody"]
OUTSIDE_OF_STREET = ["org_admin", "member", "outsider", "nobody"]
# The district's campaign: both streets take part, so only the member (a branch takes no part) and nobody are out.
OUTSIDE_OF_CAMPAIGN = ["member", "nobody"]
# A draft has no evaluation yet: below the district nobody takes part in it.
OUTSIDE_OF_DRAFT = ["street_staff", "org_admin", "member", "outsider", "nobody"]


@dataclass
class Case:
    method: str = "get"
    kwargs: object = None  # callable(district) -> dict
    query: object = ""  # a text naming {community}, or callable(district) -> str
    data: object = field(default_factory=dict)  # a dict, or callable(district) -> dict
    expected: dict = field(default_factory=dict)


def pk_of(target):
    """The URL kwargs ``{"pk": …}`` of a district attribute by name, or of what a builder makes for the district."""
    if callable(target):
        return lambda district: {"pk": target(district).pk}
    return lambda district: {"pk": getattr(district, target).pk}


def only(allowed, *, refused: int = 403, out_of_scope=(), anonymous: object = LOGIN, ok: object = 200):
    """The allowed roles get ``ok``, the roles out of scope 404, the others ``refused``."""
    expected: dict[str, object] = {"anonymous": anonymous}
    for role in LOGGED_IN:
        if role in allowed:
            expected[role] = ok
        elif role in out_of_scope:
            expected[role] = 404
        else:
            expected[role] = refused
    return expected


def everyone(status: object, anonymous: object = LOGIN) -> dict[str, object]:
    """Every signed-in role gets the same status."""
    return {"anonymous": anonymous, **dict.fromkeys(LOGGED_IN, status)}


def public(status: object) -> dict[str, object]:
    """No login needed: anonymous and every role get the same status."""
    return everyone(status, anonymous=status)


def district_admin_only(*, out_of_scope=(), ok: object = 200, anonymous: object = LOGIN):
    return only(DISTRICT_ADMIN, out_of_scope=out_of_scope, ok=ok, anonymous=anonymous)


def district_admin_on_campaign(*, ok: object = 200, anonymous: object = LOGIN):
    """The district administrator acts on the district's campaign, which only the member and nobody cannot see."""
    return district_admin_only(out_of_scope=OUTSIDE_OF_CAMPAIGN, ok=ok, anonymous=anonymous)


def district_roles_only(*, out_of_scope=(), anonymous: object = LOGIN):
    return only(DISTRICT_ROLES, out_of_scope=out_of_scope, anonymous=anonymous)


def ranking_roles(*, ok: object = 200, anonymous: object = LOGIN):
    """The district organization department and the committee, on the district's campaign."""
    return only(RANKING_ROLES, out_of_scope=OUTSIDE_OF_CAMPAIGN, ok=ok, anonymous=anonymous)


def approver_only(*, ok: object = 200, anonymous: object = LOGIN):
    """The district committee's approver, on the district's campaign."""
    return only(APPROVER, out_of_scope=OUTSIDE_OF_CAMPAIGN, ok=ok, anonymous=anonymous)


def department_reviewer_only(*, out_of_scope, ok: object = 200, anonymous: object = LOGIN):
    return only(DEPARTMENT_REVIEWER, out_of_scope=out_of_scope, ok=ok, anonymous=anonymous)


def street_and_up(*, out_of_scope=OUTSIDE_OF_COMMUNITY, ok: object = 200, anonymous: object = LOGIN):
    """The street's staff and the district administrator act; by default on an object of the community."""
    return only(STREET_AND_UP, out_of_scope=out_of_scope, ok=ok, anonymous=anonymous)


def self_assessors(*, out_of_scope=OUTSIDE_OF_COMMUNITY, ok: object = 200, anonymous: object = LOGIN):
    """The community's administrator and the district administrator enter the self-assessment."""
    return only(SELF_ASSESSORS, out_of_scope=out_of_scope, ok=ok, anonymous=anonymous)


def community_scope(*, ok: object = 200, anonymous: object = LOGIN):
    """Whoever sees the community reads (or tries) it; the member, the other street and nobody find nothing."""
    return only(COMMUNITY_READERS, out_of_scope=OUTSIDE_OF_COMMUNITY, ok=ok, anonymous=anonymous)


def campaign_participants(*, anonymous: object = LOGIN):
    """Everyone whose scope takes part in the district's campaign, the other street included."""
    return only([*COMMUNITY_READERS, "outsider"], out_of_scope=OUTSIDE_OF_CAMPAIGN, anonymous=anonymous)


def member_readers(*, out_of_scope, anonymous: object = LOGIN):
    """The roles that read the member roster, on a member or an organization of the community."""
    return only(MEMBER_READERS, out_of_scope=out_of_scope, anonymous=anonymous)


def member_readers_in_own_scope(*, anonymous: object = LOGIN):
    """The roles that read the member roster, each in their own scope (the other street's staff too)."""
    return only([*MEMBER_READERS, "outsider"], anonymous=anonymous)


def survey_readers(*, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous: object = LOGIN):
    """The district's roles and the street's staff follow a satisfaction survey."""
    return only(SURVEY_READERS, out_of_scope=out_of_scope, anonymous=anonymous)


def owner_only(owner: str, *, ok: object = 200):
    """An object of one user's own: everyone else finds nothing."""
    return only([owner], out_of_scope=[role for role in LOGGED_IN if role != owner], ok=ok)
