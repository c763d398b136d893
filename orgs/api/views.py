"""Read-only viewsets of the API, scoped like the pages.

Querysets come from the selectors of orgs.permissions; a single object comes through its
get_*_for_user helper, so an object outside the user's scope is 404 and every refusal is audited.
"""

from django.db.models import OuterRef, Q, QuerySet, Subquery, TextChoices
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from orgs.api.serializers import (
    CurrentUserSerializer,
    MemberSerializer,
    OrganizationDetailSerializer,
    OrganizationSerializer,
    SecretarySerializer,
)
from orgs.models import Domain, Level, Member, MemberCategory, MemberStatus, Organization, OrgType, Secretary
from orgs.permissions import (
    Capability,
    get_member_for_user,
    get_organization_for_user,
    members_visible_to,
    organizations_visible_to,
    require_capability,
    secretaries_visible_to,
)
from orgs.services.audit import audit_refusal
from orgs.tree import STEPLEN

_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no"}


class HasViewCapability(BasePermission):
    """The view's capability somewhere in the user's grants; a refusal is audited by orgs.permissions."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        require_capability(request.user, view.required_capability)
        return True


class ApiMixin:
    """Token first, so an anonymous caller gets 401 with a WWW-Authenticate header; JSON only."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]


def _choice_param(request: Request, name: str, choices: type[TextChoices]) -> str:
    value = request.query_params.get(name, "").strip()
    if value and value not in choices.values:
        raise ValidationError(
            {
                name: _("“%(value)s” is not allowed here; use one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(choices.values)}
            }
        )
    return value


def _boolean_param(request: Request, name: str) -> bool | None:
    value = request.query_params.get(name, "").strip().lower()
    if not value:
        return None
    if value not in _TRUE | _FALSE:
        raise ValidationError({name: _("Use true or false.")})
    return value in _TRUE


def _organization_param(request: Request, name: str) -> Organization | None:
    """The organization a filter names, looked up in the user's scope (400 outside it, as for a wrong id)."""
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    organization = None
    if value.isdigit():
        organization = organizations_visible_to(request.user).filter(pk=int(value)).first()
    if organization is None:
        raise ValidationError({name: _("Give the numeric id of an organization in your scope.")})
    return organization


def _text_param(request: Request) -> str:
    return request.query_params.get("q", "").strip()


def _children(queryset: QuerySet, parent: Organization) -> QuerySet:
    return queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)


def _choice_parameter(name: str, choices: type[TextChoices], description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=list(choices.values), description=description)


ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
ORGANIZATION_FILTERS = [
    OpenApiParameter("parent", OpenApiTypes.INT, description=_("Only the direct children of this organization.")),
    _choice_parameter("level", Level, _("Only organizations of this level.")),
    _choice_parameter("domain", Domain, _("Only organizations of this domain.")),
    _choice_parameter("org_type", OrgType, _("Only organizations of this type.")),
    OpenApiParameter("q", OpenApiTypes.STR, description=_("Name or code contains this text.")),
]
MEMBER_FILTERS = [
    OpenApiParameter("organization", OpenApiTypes.INT, description=_("Only members in this organization's subtree.")),
    _choice_parameter("category", MemberCategory, _("Only members of this category.")),
    _choice_parameter("status", MemberStatus, _("Only full or only probationary members.")),
    OpenApiParameter("is_active", OpenApiTypes.BOOL, description=_("Only active (true) or inactive (false) members.")),
    OpenApiParameter("q", OpenApiTypes.STR, description=_("Name contains this text.")),
]
SECRETARY_FILTERS = [
    OpenApiParameter(
        "organization", OpenApiTypes.INT, description=_("Only secretaries in this organization's subtree.")
    ),
    OpenApiParameter("current", OpenApiTypes.BOOL, description=_("Only secretaries in office (true) or former.")),
    OpenApiParameter("q", OpenApiTypes.STR, description=_("Name contains this text.")),
]


@extend_schema_view(
    list=extend_schema(parameters=ORGANIZATION_FILTERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
    children=extend_schema(parameters=[ID_PARAMETER, *ORGANIZATION_FILTERS[1:]]),
)
class OrganizationViewSet(ApiMixin, ReadOnlyModelViewSet):
    """Party organizations in the user's scope, in tree order."""

    permission_classes = [IsAuthenticated, HasViewCapability]
    required_capability = Capability.VIEW_ORGANIZATION
    serializer_class = OrganizationSerializer
    lookup_value_regex = r"\d+"
    queryset = Organization.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        visible = organizations_visible_to(self.request.user)
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEPLEN)
        parents = visible.filter(path=parent_path).values("pk")[:1]
        return visible.annotate(parent_id=Subquery(parents)).order_by("path")

    def get_serializer_class(self):
        return OrganizationDetailSerializer if self.action == "retrieve" else OrganizationSerializer

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        request = self.request
        parent = _organization_param(request, "parent")
        if parent is not None:
            queryset = _children(queryset, parent)
        for name, choices in (("level", Level), ("domain", Domain), ("org_type", OrgType)):
            value = _choice_param(request, name, choices)
            if value:
                queryset = queryset.filter(**{name: value})
        text = _text_param(request)
        if text:
            queryset = queryset.filter(Q(name__icontains=text) | Q(code__icontains=text))
        return queryset

    def get_object(self) -> Organization:
        found = get_organization_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_ORGANIZATION)
        organization = self.get_queryset().get(pk=found.pk)
        organization.member_count = Member.objects.filter(
            branch__path__startswith=organization.path, is_active=True
        ).count()
        return organization

    @action(detail=True)
    def children(self, request: Request, pk: str) -> Response:
        """The direct children of one organization in the user's scope."""
        parent = get_organization_for_user(request.user, pk, Capability.VIEW_ORGANIZATION)
        page = self.paginate_queryset(_children(self.filter_queryset(self.get_queryset()), parent))
        return self.get_paginated_response(OrganizationSerializer(page, many=True).data)


@extend_schema_view(list=extend_schema(parameters=MEMBER_FILTERS), retrieve=extend_schema(parameters=[ID_PARAMETER]))
class MemberViewSet(ApiMixin, ReadOnlyModelViewSet):
    """Party members in the user's scope; ID-card and phone numbers masked."""

    permission_classes = [IsAuthenticated, HasViewCapability]
    required_capability = Capability.VIEW_MEMBERS
    serializer_class = MemberSerializer
    lookup_value_regex = r"\d+"
    queryset = Member.objects.none()

    def get_queryset(self) -> QuerySet:
        return members_visible_to(self.request.user).select_related("branch").order_by("name", "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        request = self.request
        organization = _organization_param(request, "organization")
        if organization is not None:
            queryset = queryset.filter(branch__path__startswith=organization.path)
        for name, choices in (("category", MemberCategory), ("status", MemberStatus)):
            value = _choice_param(request, name, choices)
            if value:
                queryset = queryset.filter(**{name: value})
        is_active = _boolean_param(request, "is_active")
        if is_active is not None:
            queryset = queryset.filter(is_active=is_active)
        text = _text_param(request)
        if text:
            queryset = queryset.filter(name__icontains=text)
        return queryset

    def get_object(self) -> Member:
        return get_member_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_MEMBERS)


@extend_schema_view(list=extend_schema(parameters=SECRETARY_FILTERS), retrieve=extend_schema(parameters=[ID_PARAMETER]))
class SecretaryViewSet(ApiMixin, ReadOnlyModelViewSet):
    """Secretaries' tenures at the organizations in the user's scope; ID-card numbers masked."""

    permission_classes = [IsAuthenticated, HasViewCapability]
    required_capability = Capability.VIEW_ORGANIZATION
    serializer_class = SecretarySerializer
    lookup_value_regex = r"\d+"
    queryset = Secretary.objects.none()

    def get_queryset(self) -> QuerySet:
        return (
            secretaries_visible_to(self.request.user)
            .select_related("organization")
            .order_by("organization__path", "-started_on", "pk")
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        request = self.request
        organization = _organization_param(request, "organization")
        if organization is not None:
            queryset = queryset.filter(organization__path__startswith=organization.path)
        current = _boolean_param(request, "current")
        if current is not None:
            queryset = queryset.filter(ended_on__isnull=current)
        text = _text_param(request)
        if text:
            queryset = queryset.filter(name__icontains=text)
        return queryset

    def get_object(self) -> Secretary:
        secretary = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if secretary is None:
            # Whether it exists elsewhere is not told; the attempt is audited either way.
            audit_refusal(
                user=self.request.user,
                capability=Capability.VIEW_ORGANIZATION,
                object_type="secretary",
                object_id=self.kwargs["pk"],
            )
            raise Http404(_("No such item in your scope."))
        return secretary


class CurrentUserView(ApiMixin, APIView):
    """The signed-in user with the roles granted and the organization each is granted on."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CurrentUserSerializer)
    def get(self, request: Request) -> Response:
        return Response(CurrentUserSerializer(request.user).data)
