"""Listing a street's subtree: a 600-organization street in a 25,000-organization district.

Issue 2: listed in at most 10 ms, with a query count that does not grow with the subtree. The list is
built the way the pages build it: the user's grants, then one path-prefix query over the visible
organizations, ordered by path, with the fields a list shows.
"""

import time

from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orgs.models import Level, Organization, User
from orgs.permissions import assign_role, forget_grants, members_visible_to, organizations_visible_to
from orgs.roles import Role
from orgs.services.synthetic.build import synthetic_district_build
from orgs.tree import STEPLEN
from tests.bench import figure, median_ms

ORGANIZATIONS = 25_000
MEMBERS = 100_000
STREETS = 42
LARGE_STREET = 600
SMALL_STREET = 12
LIST_FIELDS = ("path", "depth", "numchild", "code", "name", "level", "domain", "org_type", "is_active")
TARGET_MS = 10


def list_subtree(user: User) -> list[Organization]:
    """What a list page does for one request: load the grants, then the visible subtree in path order."""
    forget_grants(user)
    return list(organizations_visible_to(user).filter(is_active=True).order_by("path").only(*LIST_FIELDS))


def member_counts_per_child(user: User, node: Organization) -> dict[str, int]:
    """The tree page: members in the subtree of each child of a node, one grouped query."""
    forget_grants(user)
    child_path_length = len(node.path) + STEPLEN
    rows = (
        members_visible_to(user)
        .filter(branch__path__startswith=node.path)
        .annotate(child_path=Substr("branch__path", 1, child_path_length))
        .values("child_path")
        .annotate(members=Count("pk"))
        .order_by()
    )
    return {row["child_path"]: row["members"] for row in rows}


def _street_user(username: str, street: Organization) -> User:
    user = User.objects.create(username=username)
    assign_role(user=user, role=Role.STREET_STAFF, organization=street)
    return user


def _query_count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def _uses_index(user: User) -> bool:
    """EXPLAIN the list query: the path prefix must be answered from an index, not a sequential scan."""
    forget_grants(user)
    plan = organizations_visible_to(user).filter(is_active=True).order_by("path").only(*LIST_FIELDS).explain()
    return "Index" in plan and "Seq Scan on orgs_organization" not in plan


def run() -> list[dict]:
    started = time.perf_counter()
    built = synthetic_district_build(
        organizations=ORGANIZATIONS,
        members=MEMBERS,
        streets=STREETS,
        seed=1,
        today=timezone.localdate(),
        street_sizes=(LARGE_STREET, SMALL_STREET),
    )
    build_seconds = round(time.perf_counter() - started, 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    streets = list(
        Organization.objects.filter(level=Level.STREET, path__startswith=built.district.path).order_by("path")
    )
    large, small = streets[0], streets[1]
    large_user = _street_user("bench_large_street", large)
    small_user = _street_user("bench_small_street", small)
    listed = len(list_subtree(large_user))
    listed_small = len(list_subtree(small_user))
    counts = member_counts_per_child(large_user, large)
    return [
        figure(
            f"seed_synthetic_{ORGANIZATIONS}_orgs_s",
            build_seconds,
            "s",
            60,
            organizations=built.organizations,
            members=built.members,
        ),
        figure(
            "subtree_list_600_orgs_ms",
            median_ms(lambda: list_subtree(large_user)),
            "ms",
            TARGET_MS,
            rows=listed,
            rows_small_street=listed_small,
            queries=_query_count(lambda: list_subtree(large_user)),
            queries_small_street=_query_count(lambda: list_subtree(small_user)),
            uses_index=_uses_index(large_user),
        ),
        figure(
            "subtree_member_counts_600_orgs_ms",
            median_ms(lambda: member_counts_per_child(large_user, large)),
            "ms",
            TARGET_MS,
            children=len(counts),
            members=sum(counts.values()),
            queries=_query_count(lambda: member_counts_per_child(large_user, large)),
            queries_small_street=_query_count(lambda: member_counts_per_child(small_user, small)),
        ),
    ]
