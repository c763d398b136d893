"""Pages: the organization tree, an organization, the member roster, one member."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from orgs.models import AuditAction, Level, MemberCategory, MemberStatus
from orgs.permissions import (
    Capability,
    get_member_for_user,
    get_organization_for_user,
    has_capability,
    members_visible_to,
    organizations_visible_to,
    require_capability,
    top_organizations_for,
)
from orgs.selectors import (
    MEMBER_ORDERINGS,
    ORGANIZATION_SEARCH_LIMIT,
    children_of,
    committee_terms,
    current_secretary,
    member_search,
    organization_search,
    subtree_member_counts,
)
from orgs.services.audit import audit_record
from orgs.services.personal_data import REVEALABLE_FIELDS, member_reveal

MEMBERS_PER_PAGE = 50
# The member table's columns: (sort key or "" when the column cannot be sorted, heading).
MEMBER_COLUMNS = (
    ("name", gettext_lazy("Name")),
    ("gender", gettext_lazy("Gender")),
    ("branch", gettext_lazy("Party branch")),
    ("category", gettext_lazy("Member category")),
    ("status", gettext_lazy("Member status")),
    ("", gettext_lazy("ID-card number")),  # stored encrypted: no order to sort by
    ("", gettext_lazy("Phone")),
    ("joined_on", gettext_lazy("Joined the party on")),
)


def member_columns(query: QueryDict | None = None, sort: str = "") -> list[dict]:
    """The member table's headings; given the page's query, each sortable one links to its sort (again: reversed)."""
    columns = []
    for key, label in MEMBER_COLUMNS:
        column = {"label": label, "state": "", "query": ""}
        if key and query is not None:
            column["state"] = {key: "ascending", f"-{key}": "descending"}.get(sort, "")
            linked = query.copy()
            linked.pop("page", None)
            linked["sort"] = f"-{key}" if sort == key else key
            column["query"] = linked.urlencode()
        columns.append(column)
    return columns


def _with_counts(nodes) -> list:
    nodes = list(nodes)
    counts = subtree_member_counts(nodes)
    for node in nodes:
        node.member_total = counts[node.pk]
    return nodes


@login_required
@require_GET
def org_tree(request: HttpRequest) -> HttpResponse:
    """The tree from the user's top nodes down, and organizations found by name or code."""
    text = request.GET.get("q", "").strip()
    return render(
        request,
        "orgs/tree.html",
        {
            "nodes": _with_counts(top_organizations_for(request.user)),
            "search": text,
            "found": organization_search(organizations_visible_to(request.user), text),
            "search_limit": ORGANIZATION_SEARCH_LIMIT,
        },
    )


@login_required
@require_GET
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    """One more level of the tree, loaded when a node is expanded."""
    organization = get_organization_for_user(request.user, pk, Capability.VIEW_ORGANIZATION)
    return render(request, "orgs/_tree_nodes.html", {"nodes": _with_counts(children_of(organization))})


@login_required
@require_GET
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = get_organization_for_user(user, pk, Capability.VIEW_ORGANIZATION)
    visible_ancestors = organizations_visible_to(user).filter(
        path__in=[
            organization.path[:end] for end in range(organization.steplen, len(organization.path), organization.steplen)
        ]
    )
    can_view_members = has_capability(user, Capability.VIEW_MEMBERS, organization)
    members = []
    member_total = 0
    if can_view_members:
        scoped = member_search(members_visible_to(user), organization=organization)
        member_total = scoped.count()
        members = list(scoped[:20])
    return render(
        request,
        "orgs/org_detail.html",
        {
            "organization": organization,
            "ancestors": visible_ancestors.order_by("depth"),
            "children": _with_counts(children_of(organization)),
            "secretary": current_secretary(organization),
            "terms": committee_terms(organization),
            "can_view_members": can_view_members,
            "can_export": has_capability(user, Capability.EXPORT_ROSTER, organization),
            "can_view_evaluations": has_capability(user, Capability.VIEW_EVALUATIONS, organization),
            "members": members,
            "member_columns": member_columns(),
            "member_total": member_total,
        },
    )


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    organization = None
    org_pk = request.GET.get("org", "")
    if org_pk.isdigit():  # a named organization is checked first: out of scope is 404 whatever the role
        organization = get_organization_for_user(user, org_pk, Capability.VIEW_MEMBERS)
    else:
        require_capability(user, Capability.VIEW_MEMBERS)
    streets = list(organizations_visible_to(user, Capability.VIEW_MEMBERS).filter(level=Level.STREET).order_by("path"))
    street = next((s for s in streets if str(s.pk) == request.GET.get("street")), None)
    sort = request.GET.get("sort", "")
    sort = sort if sort.removeprefix("-") in MEMBER_ORDERINGS else "name"
    members = member_search(
        members_visible_to(user),
        text=request.GET.get("q", ""),
        organization=organization,
        street=street,
        category=request.GET.get("category", "") if request.GET.get("category") in MemberCategory.values else "",
        status=request.GET.get("status", "") if request.GET.get("status") in MemberStatus.values else "",
        sort=sort,
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/member_list.html",
        {
            "page": page,
            "organization": organization,
            "streets": streets,
            "street": street,
            "sort": sort,
            "member_columns": member_columns(request.GET, sort),
            "categories": MemberCategory.choices,
            "statuses": MemberStatus.choices,
            "query": query.urlencode(),
            "filters": request.GET,
            "can_export": has_capability(user, Capability.EXPORT_ROSTER),
        },
    )


@login_required
@require_GET
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    member = get_member_for_user(user, pk, Capability.VIEW_MEMBERS)
    audit_record(
        action=AuditAction.VIEW_PERSONAL_DATA, actor=user, object_type="member", object_id=member.pk, request=request
    )
    return render(
        request,
        "orgs/member_detail.html",
        {
            "member": member,
            "can_reveal": has_capability(user, Capability.REVEAL_PERSONAL_DATA, member.branch),
        },
    )


@login_required
@require_POST
def reveal_number(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """Shows one full number to a role allowed to see it; the reveal is audited."""
    if field not in REVEALABLE_FIELDS:
        raise Http404
    member = get_member_for_user(request.user, pk, Capability.REVEAL_PERSONAL_DATA)
    value = member_reveal(member=member, field=field, by=request.user, request=request)
    return render(request, "orgs/_revealed.html", {"value": value})
