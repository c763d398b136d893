"""Read-only viewsets of the API, scoped like the pages.

Querysets come from the selectors of orgs.permissions; a single object comes through its
get_*_for_user helper, so an object outside the user's scope is 404 and every refusal is audited.
"""

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from orgs.api.filters import ListFilters
from orgs.api.serializers import (
    CurrentUserSerializer,
    MemberSerializer,
    OrganizationDetailSerializer,
    OrganizationSerializer,
    SecretarySerializer,
)
from orgs.models import (
    AuditAction,
    Domain,
    Level,
    Member,
    MemberCategory,
    MemberStatus,
    Organization,
    OrgType,
    Secretary,
)
from orgs.permissions import (
    Capability,
    get_member_for_user,
    get_organization_for_user,
    members_visible_to,
    organizations_visible_to,
    refuse,
    require_capability,
    secretaries_visible_to,
)
from orgs.selectors import member_search, subtree_member_counts
from orgs.services.audit import audit_record
from orgs.services.tokens import api_token_expires_at, api_tokens_revoke
from orgs.tree import STEPLEN


class InitialPasswordAwareTokenAuthentication(TokenAuthentication):
    """A token of an account still on its initial password is refused, as the pages are."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        expires_at = api_token_expires_at(token)
        if expires_at <= timezone.now():
            raise AuthenticationFailed(
                _("This API token expired on %(date)s: ask the administrator for a new one.")
                % {"date": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")}
            )
        if user.must_change_password:
            raise AuthenticationFailed(_("Change the initial password in the browser before using the API."))
        return user, token


API_AUTHENTICATION = [InitialPasswordAwareTokenAuthentication, SessionAuthentication]


class ListNeedsCapability(BasePermission):
    """A list needs the view's capability somewhere in the user's grants; the refusal (403) is audited
    by orgs.permissions. A single object is checked against its own organization in get_object."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if view.action == "list":
            require_capability(request.user, view.required_capability)
        return True


class ApiMixin:
    """Token first, so an anonymous caller gets 401 with a WWW-Authenticate header; JSON only."""

    authentication_classes = API_AUTHENTICATION
    renderer_classes = [JSONRenderer]


class ApiRootView(ApiMixin, APIRootView):
    """The index of the API's lists."""


class ApiNotFoundView(ApiMixin, APIView):
    """Any other address under the API, such as an id that is not a number: 404 in the API's JSON error shape
    rather than the site's HTML page. Not an operation, so not in the schema."""

    permission_classes = [IsAuthenticated]
    schema = None

    def answer_not_found(self, request: Request, *args, **kwargs) -> Response:
        raise NotFound

    get = post = put = patch = delete = answer_not_found


ID_PARAMETER = OpenApiParameter("id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH)
ORGANIZATION_FILTERS = ListFilters(
    text_fields=("name", "code"),
    text_help=_("Name or code contains this text."),
    children_param="parent",
    choices={"level": Level, "domain": Domain, "org_type": OrgType},
)
MEMBER_FILTERS = ListFilters(
    text_help=_("Name contains this text, or a whole ID-card or phone number."),
    text_search=lambda members, text: member_search(members, text=text),
    capability=Capability.VIEW_MEMBERS,
    subtree=("organization", "branch__path"),
    choices={"category": MemberCategory, "status": MemberStatus},
    flags={"is_active": ("is_active", _("Only active (true) or inactive (false) members."))},
)
SECRETARY_FILTERS = ListFilters(
    text_fields=("name",),
    text_help=_("Name contains this text."),
    subtree=("organization", "organization__path"),
    flags={"current": ("ended_on__isnull", _("Only secretaries in office (true) or former ones (false)."))},
)


class ScopedReadOnlyViewSet(ApiMixin, ReadOnlyModelViewSet):
    """A read-only list and detail of what the user's grants cover; an object outside them is 404."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"
    list_filters: ListFilters

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.list_filters.apply(self.request, queryset)

    def get_scoped_object(self, *, object_type: str, capability: Capability):
        """The object from the scoped queryset; outside it, 404 without saying whether it exists, audited."""
        found = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if found is None:
            refuse(
                self.request.user,
                capability=capability,
                object_type=object_type,
                object_id=self.kwargs["pk"],
                not_found=True,
            )
        return found


@extend_schema_view(
    list=extend_schema(parameters=ORGANIZATION_FILTERS.parameters()),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class OrganizationViewSet(ScopedReadOnlyViewSet):
    """Party organizations in the user's scope, in tree order."""

    serializer_class = OrganizationSerializer
    list_filters = ORGANIZATION_FILTERS
    queryset = Organization.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        visible = organizations_visible_to(self.request.user)
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEPLEN)
        parents = visible.filter(path=parent_path).values("pk")[:1]
        return visible.annotate(parent_id=Subquery(parents)).order_by("path")

    def get_serializer_class(self):
        return OrganizationDetailSerializer if self.action == "retrieve" else OrganizationSerializer

    def get_object(self) -> Organization:
        found = get_organization_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_ORGANIZATION)
        organization = self.get_queryset().get(pk=found.pk)
        organization.member_count = subtree_member_counts([organization])[organization.pk]
        return organization


@extend_schema_view(
    list=extend_schema(parameters=MEMBER_FILTERS.parameters()), retrieve=extend_schema(parameters=[ID_PARAMETER])
)
class MemberViewSet(ScopedReadOnlyViewSet):
    """Party members in the user's scope; ID-card and phone numbers masked."""

    permission_classes = [IsAuthenticated, ListNeedsCapability]
    required_capability = Capability.VIEW_MEMBERS
    serializer_class = MemberSerializer
    list_filters = MEMBER_FILTERS
    queryset = Member.objects.none()

    def get_queryset(self) -> QuerySet:
        return members_visible_to(self.request.user).select_related("branch").order_by("name", "pk")

    def get_object(self) -> Member:
        member = get_member_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_MEMBERS)
        audit_record(
            action=AuditAction.VIEW_PERSONAL_DATA,
            actor=self.request.user,
            object_type="member",
            object_id=member.pk,
            request=self.request,
        )
        return member


@extend_schema_view(
    list=extend_schema(parameters=SECRETARY_FILTERS.parameters()), retrieve=extend_schema(parameters=[ID_PARAMETER])
)
class SecretaryViewSet(ScopedReadOnlyViewSet):
    """Secretaries' tenures at the organizations in the user's scope; ID-card numbers masked."""

    serializer_class = SecretarySerializer
    list_filters = SECRETARY_FILTERS
    queryset = Secretary.objects.none()

    def get_queryset(self) -> QuerySet:
        return (
            secretaries_visible_to(self.request.user)
            .select_related("organization")
            .order_by("organization__path", "-started_on", "pk")
        )

    def get_object(self) -> Secretary:
        return self.get_scoped_object(object_type="secretary", capability=Capability.VIEW_ORGANIZATION)


class CurrentUserView(ApiMixin, APIView):
    """The signed-in user with the roles granted and the organization each is granted on."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CurrentUserSerializer)
    def get(self, request: Request) -> Response:
        return Response(CurrentUserSerializer(request.user).data)


class CurrentUserTokenView(ApiMixin, APIView):
    """The signed-in user's own API token: DELETE revokes it at once (204, also when there is none)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        api_tokens_revoke(owner=request.user, by=request.user)
        return Response(status=204)
