"""The circumstances the money needs (seed 001) over the API: the street records a normal departure or collective
economy growth for a tenure's year with the evidence files in one multipart/form-data request, judged by the page's
own form; the district confirms or rejects. Read by those who read the rewards ledger; out of scope 404, not
allowed 403, a refusal 400 with a message per field; audited by the same services as the pages."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import EvidenceUpload, errors_of, form_invalid, form_secretary, held_anywhere, invalid
from evaluations.api.secretary_stars import (
    SECRETARY_PARAMETER,
    YEAR_PARAMETER,
    StarDecisionSerializer,
    year_parameter,
)
from evaluations.forms.rewards import RewardCircumstanceApiForm
from evaluations.models import CircumstanceAction, CircumstanceKind, CircumstanceStatus, RewardCircumstanceChange
from evaluations.secretary_permissions import LEDGER_VIEW_CAPABILITIES, get_circumstance_change_for_user
from evaluations.services.reward_circumstances import reward_circumstance_decide, reward_circumstance_propose
from evaluations.services.secretary_stars.changes import DECIDE_CAPABILITY, PROPOSE_CAPABILITY
from orgs.api.filters import ListFilters, id_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability


class CircumstanceChangeSerializer(serializers.ModelSerializer):
    secretary_name = serializers.CharField(source="secretary.name", read_only=True)
    organization = serializers.CharField(source="secretary.organization.name", read_only=True)
    kind = serializers.ChoiceField(choices=CircumstanceKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=CircumstanceStatus.choices, read_only=True)
    evidence = serializers.SlugRelatedField(slug_field="original_name", many=True, read_only=True)

    class Meta:
        model = RewardCircumstanceChange
        fields = [
            "id",
            "secretary",
            "secretary_name",
            "organization",
            "year",
            "kind",
            "holds",
            "growth_percent",
            "reason",
            "evidence",
            "status",
            "proposed_at",
            "decided_at",
            "decision_note",
        ]


class CircumstanceUpload(EvidenceUpload):
    """What the street posts (multipart/form-data), as the page's form reads it."""

    secretary = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=gettext_lazy("The tenure's id."))
    year = serializers.IntegerField(min_value=2000, max_value=2099)
    kind = serializers.ChoiceField(choices=CircumstanceKind.choices)
    operation = serializers.ChoiceField(
        choices=CircumstanceAction.choices,
        help_text=gettext_lazy("record, or withdraw what the district confirmed."),
    )
    growth_percent = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text=gettext_lazy("Growth of the collective economy (%)."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; a message per field says why.")),
    403: OpenApiResponse(description=gettext_lazy("Your role may not do this.")),
    404: OpenApiResponse(description=gettext_lazy("Not in your scope.")),
}


@extend_schema_view(
    list=extend_schema(parameters=[YEAR_PARAMETER, SECRETARY_PARAMETER, OpenApiParameter("q", OpenApiTypes.STR)]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class RewardCircumstanceChangeViewSet(ScopedReadOnlyViewSet):
    """The recorded normal departures and collective economy growth of the secretaries in scope, newest first.
    POST (multipart/form-data) records one with its evidence (the street); POST …/decide/ confirms or rejects it
    (the district organization department); only a confirmed one reaches the rewards ledger."""

    serializer_class = CircumstanceChangeSerializer
    list_filters = ListFilters(text_fields=("secretary__name",), text_help=gettext_lazy("Secretary name contains."))
    queryset = RewardCircumstanceChange.objects.none()

    def get_queryset(self) -> QuerySet:
        condition = held_anywhere(self.request.user, LEDGER_VIEW_CAPABILITIES, "secretary__organization__path")
        changes = RewardCircumstanceChange.objects.all()
        changes = changes if condition is None else changes.filter(condition)
        return (
            changes.select_related("secretary__organization")
            .prefetch_related("evidence")
            .order_by("-proposed_at", "-pk")
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        year = year_parameter(self.request)
        if year is not None:
            queryset = queryset.filter(year=year)
        secretary = id_parameter(self.request, "secretary")
        if secretary is not None:
            queryset = queryset.filter(secretary_id=secretary)
        return super().filter_queryset(queryset)

    def get_object(self) -> RewardCircumstanceChange:
        return self.get_scoped_object(object_type="reward_circumstance_change", capability=Capability.VIEW_EVALUATIONS)

    @extend_schema(
        request={"multipart/form-data": CircumstanceUpload}, responses={201: CircumstanceChangeSerializer, **REFUSALS}
    )
    def create(self, request: Request) -> Response:
        """Record (or withdraw) a normal departure or collective economy growth of a village secretary's year, with
        the reason and the evidence files; the district confirms it before the money follows."""
        form = RewardCircumstanceApiForm(request.POST, request.FILES)
        secretary = form_secretary(request.user, form, PROPOSE_CAPABILITY)
        if secretary is None or not form.is_valid():
            return form_invalid(form)
        try:
            change = reward_circumstance_propose(secretary=secretary, by=request.user, **form.circumstance_arguments())
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "kind")}, status.HTTP_400_BAD_REQUEST)
        return Response(CircumstanceChangeSerializer(change).data, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=StarDecisionSerializer,
        responses={200: CircumstanceChangeSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Confirm (the rewards ledgers follow) or reject a record; a rejection needs a note."""
        change = get_circumstance_change_for_user(request.user, pk, DECIDE_CAPABILITY)
        entry = StarDecisionSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        data = entry.validated_data
        try:
            decided = reward_circumstance_decide(
                change=change, approve=data["approve"], note=data["note"], by=request.user
            )
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "note")}, status.HTTP_400_BAD_REQUEST)
        return Response(CircumstanceChangeSerializer(decided).data)
