"""Award nominations (评先评优) over the API, scoped and refusing like the pages: the nominations in scope with the
consequences that now bar each; POST nominates an organization, a secretary or a member for a year's award (the level
above); the district confirms or rejects a nomination (with a reason) and the nominating side withdraws it. Out of
scope 404, not the side that may 403 (both audited), an ineligible or duplicate subject 400 with the same Chinese
message as the page."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import errors_of, invalid, step_taken
from evaluations.models import AwardKind, AwardNomination, NominationStatus
from evaluations.nomination_permissions import get_nomination_for_user
from evaluations.permissions import get_secretary_for_user
from evaluations.selectors.nominations import barring_reason, ineligibility, nominations_visible_to
from evaluations.services.nominations import (
    award_nominate,
    award_nomination_confirm,
    award_nomination_reject,
    award_nomination_withdraw,
)
from orgs.api.filters import ListFilters
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability, get_member_for_user, get_organization_for_user

# Plain strings with their values listed: enums named "status" are declared elsewhere in the schema.
AWARD_HELP = "advanced_organization | outstanding_member | outstanding_party_worker"
STATUS_HELP = "submitted | confirmed | rejected | withdrawn"


class AwardNominationSerializer(serializers.ModelSerializer):
    award = serializers.CharField(read_only=True, help_text=AWARD_HELP)
    award_label = serializers.CharField(source="get_award_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    nominated_by = serializers.CharField(read_only=True, allow_null=True, default=None)
    decided_by = serializers.CharField(read_only=True, allow_null=True, default=None)
    no_longer_eligible = serializers.SerializerMethodField(
        help_text=gettext_lazy("Why a consequence in force now bars the nomination; empty when none does.")
    )

    class Meta:
        model = AwardNomination
        fields = [
            "id",
            "year",
            "award",
            "award_label",
            "organization",
            "organization_name",
            "person_name",
            "secretary",
            "member",
            "reason",
            "status",
            "status_label",
            "nominated_by",
            "nominated_at",
            "decided_by",
            "decided_at",
            "rejection_reason",
            "no_longer_eligible",
        ]

    def get_no_longer_eligible(self, nomination: AwardNomination) -> list[str]:
        barred = self.context.get("barred")
        if barred is None:
            barred = ineligibility([nomination])
        return [barring_reason(consequence, nomination.subject_name) for consequence in barred.get(nomination.pk, [])]


class NominateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2099)
    award = serializers.ChoiceField(choices=AwardKind.values, help_text=AWARD_HELP)
    organization = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("The organization nominated."),
    )
    secretary = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text=gettext_lazy("The secretary nominated.")
    )
    member = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text=gettext_lazy("The member nominated.")
    )
    reason = serializers.CharField(max_length=2000)


REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; the message says why and nothing changed.")),
    403: OpenApiResponse(description=gettext_lazy("Only the level above nominates an organization or its people.")),
    404: OpenApiResponse(description=gettext_lazy("No such item in your scope.")),
}
FILTERS = ListFilters(
    text_fields=("organization__name", "person_name"),
    text_help=gettext_lazy("Organization or person contains this text."),
    capability=Capability.VIEW_EVALUATIONS,
    subtree=("organization", "organization__path"),
    choices={"award": AwardKind, "status": NominationStatus},
)


class NoEntrySerializer(serializers.Serializer):
    """A decision that needs nothing more than the nomination."""


class RejectSerializer(serializers.Serializer):
    rejection_reason = serializers.CharField(
        allow_blank=True, help_text=gettext_lazy("Why the nomination is not adopted: the street reads it.")
    )


DECISION_RESPONSES = {200: AwardNominationSerializer, **REFUSALS}


def _decision(name: str, entry_class, field: str, decide, summary: str):
    """A decision on a nomination as an action of the API (POST …/<id>/<name>/): the nomination in scope (404
    outside it), the entry parsed, ``decide(nomination, data, user)`` taken (a refusal 400 with its message on
    ``field``, the wrong side 403), then the nomination as it now stands."""

    def step(self, request: Request, pk: str) -> Response:
        nomination = get_nomination_for_user(request.user, pk)
        refused = step_taken(entry_class(data=request.data), lambda data: decide(nomination, data, request.user), field)
        return refused or Response(AwardNominationSerializer(get_nomination_for_user(request.user, pk)).data)

    step.__name__ = step.__qualname__ = name
    step.__doc__ = summary
    schema = extend_schema(parameters=[ID_PARAMETER], request=entry_class, responses=DECISION_RESPONSES)
    return schema(action(detail=True, methods=["post"])(step))


LIST_PARAMETERS = [
    *FILTERS.parameters(),
    OpenApiParameter("year", {"type": "integer", "minimum": 2000, "maximum": 2099}),
]


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class AwardNominationViewSet(ScopedReadOnlyViewSet):
    """Award nominations in the user's scope, the latest year first."""

    serializer_class = AwardNominationSerializer
    list_filters = FILTERS
    queryset = AwardNomination.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return nominations_visible_to(self.request.user).order_by("-year", "award", "organization__path", "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        year = self.request.query_params.get("year", "").strip()
        if year and not (year.isdigit() and 2000 <= int(year) <= 2099):
            raise serializers.ValidationError({"year": gettext_lazy("Give the year as a number from 2000 to 2099.")})
        if year:
            queryset = queryset.filter(year=int(year))
        return super().filter_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        # A page of the list reads the consequences that bar its nominations in one query.
        if args and isinstance(args[0], list):
            kwargs.setdefault("context", self.get_serializer_context())["barred"] = ineligibility(args[0])
        return super().get_serializer(*args, **kwargs)

    def get_object(self) -> AwardNomination:
        return get_nomination_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=NominateSerializer, responses={201: AwardNominationSerializer, **REFUSALS})
    def create(self, request: Request) -> Response:
        """The level above nominates an organization (advanced grassroots party organization) or a secretary or
        member (outstanding party member, outstanding party affairs worker) for the year's award."""
        entry = NominateSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        data = entry.validated_data
        user = request.user
        organization = secretary = member = None
        if data["organization"]:
            organization = get_organization_for_user(user, data["organization"], Capability.VIEW_EVALUATIONS)
        if data["secretary"]:
            secretary = get_secretary_for_user(user, data["secretary"], Capability.VIEW_EVALUATIONS)
        if data["member"]:
            member = get_member_for_user(user, data["member"], Capability.VIEW_EVALUATIONS)
        try:
            nomination = award_nominate(
                year=data["year"],
                award=data["award"],
                organization=organization,
                secretary=secretary,
                member=member,
                reason=data["reason"],
                by=user,
            )
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "award")}, status.HTTP_400_BAD_REQUEST)
        nomination = get_nomination_for_user(user, nomination.pk)
        return Response(AwardNominationSerializer(nomination).data, status.HTTP_201_CREATED)

    confirm = _decision(
        "confirm",
        NoEntrySerializer,
        "status",
        lambda nomination, data, by: award_nomination_confirm(nomination=nomination, by=by),
        "The district confirms the nomination, unless a consequence in force now bars the subject.",
    )
    reject = _decision(
        "reject",
        RejectSerializer,
        "rejection_reason",
        lambda nomination, data, by: award_nomination_reject(
            nomination=nomination, reason=data["rejection_reason"], by=by
        ),
        "The district does not adopt the nomination, saying why.",
    )
    withdraw = _decision(
        "withdraw",
        NoEntrySerializer,
        "status",
        lambda nomination, data, by: award_nomination_withdraw(nomination=nomination, by=by),
        "The nominating side withdraws the nomination while it awaits the district.",
    )
