"""Reads for the pages. Scoping comes from orgs.permissions; these add counts and search."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from orgs.models import CommitteeTerm, ImportJob, Member, Organization, Secretary, User
from orgs.permissions import Capability, grants_queryset, has_capability, role_grants_of, top_organizations_for
from orgs.personal_data import id_card_lookup_hash, keyed_hash, normalize_phone
from orgs.roles import ROLE_LABELS, Role, role_codename, role_of_codename
from orgs.tree import STEPLEN

HOME_TOP_NODES = 20
HOME_RECENT_IMPORTS = 5


def subtree_member_counts(nodes: list[Organization]) -> dict[int, int]:
    """Members in each node's subtree, with one grouped query per distinct node depth.

    Nodes of one depth share a path length, so grouping members by the prefix of that length counts
    every node's subtree at once (a tree page lists siblings, so this is usually one query).
    """
    counts: dict[int, int] = {}
    by_length: dict[int, dict[str, int]] = {}
    for node in nodes:
        by_length.setdefault(len(node.path), {})[node.path] = node.pk
    for length, pk_by_path in by_length.items():
        condition = Q(pk__in=[])
        for path in _common_prefixes(list(pk_by_path)):
            condition |= Q(branch__path__startswith=path)
        rows = (
            Member.objects.filter(condition, is_active=True)
            .annotate(prefix=Substr("branch__path", 1, length))
            .values("prefix")
            .annotate(total=Count("pk"))
        )
        for row in rows:
            if row["prefix"] in pk_by_path:
                counts[pk_by_path[row["prefix"]]] = row["total"]
    return {node.pk: counts.get(node.pk, 0) for node in nodes}


def _common_prefixes(paths: list[str]) -> list[str]:
    """Siblings share their parent's path: filter once on the parent rather than once per node."""
    parents = {path[:-STEPLEN] for path in paths}
    if len(parents) == 1 and len(paths) > 1 and next(iter(parents)):
        return [next(iter(parents))]
    return paths


ORGANIZATION_SEARCH_LIMIT = 50


def organization_search(organizations: QuerySet, text: str) -> list[Organization]:
    """Organizations of a scoped queryset whose name or code contains the text, in tree order (at most
    ORGANIZATION_SEARCH_LIMIT), each with ``trail``: the names of its ancestors in the same scope, top first."""
    text = text.strip()
    if not text:
        return []
    found = list(
        organizations.filter(Q(name__contains=text) | Q(code__icontains=text)).order_by("path")[
            :ORGANIZATION_SEARCH_LIMIT
        ]
    )
    prefixes = {org.path[:end] for org in found for end in range(STEPLEN, len(org.path), STEPLEN)}
    names = dict(organizations.filter(path__in=prefixes).values_list("path", "name")) if prefixes else {}
    for org in found:
        org.trail = [names[org.path[:end]] for end in range(STEPLEN, len(org.path), STEPLEN) if org.path[:end] in names]
    return found


def children_of(node: Organization) -> QuerySet:
    return Organization.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path")


def current_secretary(organization: Organization) -> Secretary | None:
    return organization.secretaries.filter(ended_on__isnull=True).order_by("-started_on").first()


def committee_terms(organization: Organization) -> QuerySet:
    return CommitteeTerm.objects.filter(organization=organization)


# The member roster's sortable columns → the ordering (name and pk break ties so pages stay stable).
MEMBER_ORDERINGS = {
    "name": ("name", "pk"),
    "gender": ("gender", "name", "pk"),
    "branch": ("branch__name", "name", "pk"),
    "category": ("category", "name", "pk"),
    "status": ("status", "name", "pk"),
    "joined_on": ("joined_on", "name", "pk"),
}


def member_search(
    members: QuerySet,
    *,
    text: str = "",
    organization: Organization | None = None,
    street: Organization | None = None,
    category: str = "",
    status: str = "",
    sort: str = "name",
) -> QuerySet:
    """Filter and sort a scoped member queryset. A full ID-card or phone number is matched by its keyed hash;
    ``sort`` is a key of MEMBER_ORDERINGS, with a leading minus for descending order."""
    for within in (organization, street):
        if within is not None:
            members = members.filter(branch__path__startswith=within.path)
    if category:
        members = members.filter(category=category)
    if status:
        members = members.filter(status=status)
    text = text.strip()
    if text:
        compact = text.replace(" ", "").upper()
        if len(compact) == 18 and compact[:17].isdigit():
            members = members.filter(id_card_hash=id_card_lookup_hash(compact))
        elif compact.isdigit() and len(compact) == 11:
            members = members.filter(phone_hash=keyed_hash(normalize_phone(compact)))
        else:
            members = members.filter(name__contains=text)
    ordering = MEMBER_ORDERINGS.get(sort.removeprefix("-"), MEMBER_ORDERINGS["name"])
    if sort.startswith("-"):
        ordering = tuple(f"-{field}" for field in ordering)
    return members.select_related("branch").order_by(*ordering)


def home_panels(user: User) -> dict[str, object]:
    """What the home page shows of orgs (templates/orgs/_home_panels.html): the user's roles, the top of their tree
    with member counts, and for those who import rosters their recent imports."""
    top_nodes = list(top_organizations_for(user)[:HOME_TOP_NODES])
    counts = subtree_member_counts(top_nodes)
    for node in top_nodes:
        node.member_total = counts[node.pk]
    can_import = has_capability(user, Capability.IMPORT_ROSTER)
    return {
        "grants": [(ROLE_LABELS[role], organization) for role, organization in role_grants_of(user)],
        "top_nodes": top_nodes,
        "can_import": can_import,
        "can_view_members": has_capability(user, Capability.VIEW_MEMBERS),
        "recent_imports": ImportJob.objects.filter(created_by=user)[:HOME_RECENT_IMPORTS] if can_import else [],
    }


def role_holders_over(paths: Iterable[str], roles: Iterable[Role]) -> dict[str, dict[Role, set[int]]]:
    """For each organization path, the active users holding each of the roles on it or one of its ancestors
    (a grant covers its subtree): who is concerned with an organization, in one query for any number of them."""
    paths = set(paths)
    ancestors = {path[:end] for path in paths for end in range(STEPLEN, len(path) + 1, STEPLEN)}
    rows = (
        grants_queryset()
        .filter(
            user__is_active=True,
            permission__codename__in=[role_codename(role) for role in roles],
            content_object__path__in=ancestors,
        )
        .values_list("permission__codename", "content_object__path", "user_id")
    )
    granted: dict[str, dict[Role, set[int]]] = defaultdict(lambda: defaultdict(set))
    for codename, granted_path, user_id in rows:
        granted[granted_path][role_of_codename(codename)].add(user_id)
    holders: dict[str, dict[Role, set[int]]] = {}
    for path in paths:
        holders[path] = defaultdict(set)
        for end in range(STEPLEN, len(path) + 1, STEPLEN):
            for role, users in granted.get(path[:end], {}).items():
                holders[path][role] |= users
    return holders
