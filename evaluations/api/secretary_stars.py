"""Secretaries' stars over the API (Jinyuan, seed 001): each year's star record with its level, and the star
changes with the district's decision and undo. Scoped like the pages and acting through the same services: out of
scope 404, in scope without the capability 403, a service's refusal 400 with its message; refusals are audited.
Proposals and removals carry evidence files: they are posted as multipart/form-data and judged by the page's own
forms, so a file is checked as an uploaded page file is."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import EvidenceUpload, errors_of, form_invalid, form_secretary, invalid
from evaluations.forms.secretary_stars import StarProposalApiForm, StarRemovalApiForm
from evaluations.models import SecretaryStarChange, SecretaryStarYear, StarChangeStatus, StarRuleKind
from evaluations.secretary_permissions import get_star_change_for_user
from evaluations.selectors.secretary_stars import (
    active_rule_set,
    secretary_star_levels,
    star_changes_visible_to,
    star_records_visible_to,
)
from evaluations.services.secretary_stars.changes import (
    DECIDE_CAPABILITY,
    PROPOSE_CAPABILITY,
    star_change_decide,
    star_change_propose,
    star_change_undo,
    star_remove,
)
from orgs.api.filters import ListFilters, id_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability

NO_RULE_SET = gettext_lazy("No secretary star rule set is in use: load one first.")
YEAR_PARAMETER = OpenApiParameter(
    "year", {"type": "integer", "minimum": 2000, "maximum": 2099}, description=gettext_lazy("Only this year.")
)
SECRETARY_PARAMETER = OpenApiParameter(
    "secretary", {"type": "integer", "minimum": 1}, description=gettext_lazy("Only this secretary's tenure.")
)


def year_parameter(request: Request) -> int | None:
    """``?year=``: absent, all years; present, a year from 2000 to 2099, else 400 naming it."""
    message = gettext_lazy("Give the year as a number from 2000 to 2099.")
    year = id_parameter(request, "year", message)
    if year is not None and not 2000 <= year <= 2099:
        raise ValidationError({"year": message})
    return year


class StarChangeSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="record.year", read_only=True)
    secretary_name = serializers.CharField(source="secretary.name", read_only=True)
    organization = serializers.CharField(source="secretary.organization.name", read_only=True)
    rule_code = serializers.CharField(source="rule.code", read_only=True, default="")
    rule_name = serializers.CharField(source="rule.name", read_only=True, default="")
    kind = serializers.ChoiceField(choices=StarRuleKind.choices, read_only=True)
    status = serializers.ChoiceField(choices=StarChangeStatus.choices, read_only=True)

    class Meta:
        model = SecretaryStarChange
        fields = [
            "id",
            "year",
            "secretary",
            "secretary_name",
            "organization",
            "kind",
            "rule_code",
            "rule_name",
            "stars",
            "effective_on",
            "reason",
            "status",
            "proposed_at",
            "decided_at",
            "decision_note",
            "undone_at",
            "undo_reason",
        ]


class StarDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StarUndoSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class StarChangeUpload(EvidenceUpload):
    """What a removal posts (multipart/form-data), as the page's form reads it."""

    secretary = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text=gettext_lazy("The tenure's id."))
    stars = serializers.IntegerField(min_value=1, max_value=32767)
    effective_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True)


class StarProposalUpload(StarChangeUpload):
    """What a proposal posts (multipart/form-data): evidence is required for added and reduced stars."""

    year = serializers.IntegerField(min_value=2000, max_value=2099)
    rule = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=gettext_lazy("The id of a base, added or reduced rule in use.")
    )


class StarRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="record_id")
    year = serializers.IntegerField()
    secretary = serializers.IntegerField(source="secretary_id")
    name = serializers.CharField()
    organization = serializers.CharField(source="organization_name")
    level = serializers.IntegerField()
    last_year_level = serializers.IntegerField(allow_null=True)
    first_rating_level = serializers.IntegerField(allow_null=True)
    education_upgrade_stars = serializers.IntegerField()
    gained_over_last_year = serializers.IntegerField()


REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; the message says why.")),
    403: OpenApiResponse(description=gettext_lazy("Only the district organization department decides.")),
    404: OpenApiResponse(description=gettext_lazy("No such change in your scope.")),
}
UPLOAD_REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; a message per field says why.")),
    403: OpenApiResponse(description=gettext_lazy("Your role may not make this change.")),
    404: OpenApiResponse(description=gettext_lazy("No such secretary in your scope.")),
}


@extend_schema_view(
    list=extend_schema(parameters=[YEAR_PARAMETER, SECRETARY_PARAMETER, OpenApiParameter("q", OpenApiTypes.STR)]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class SecretaryStarChangeViewSet(ScopedReadOnlyViewSet):
    """Star changes of the secretaries in the user's scope, newest first. POST (multipart/form-data) proposes stars
    with their evidence (the street), POST …/remove/ removes stars at once with a reason and evidence, POST
    …/decide/ approves or rejects a proposal, POST …/undo/ undoes an approved change with a reason (the district
    organization department)."""

    serializer_class = StarChangeSerializer
    list_filters = ListFilters(text_fields=("secretary__name",), text_help=gettext_lazy("Secretary name contains."))
    queryset = SecretaryStarChange.objects.none()

    def get_queryset(self) -> QuerySet:
        return (
            star_changes_visible_to(self.request.user)
            .select_related("record", "rule", "secretary__organization")
            .order_by("-proposed_at", "-pk")
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        year = year_parameter(self.request)
        if year is not None:
            queryset = queryset.filter(record__year=year)
        secretary = id_parameter(self.request, "secretary")
        if secretary is not None:
            queryset = queryset.filter(secretary_id=secretary)
        return super().filter_queryset(queryset)

    def get_object(self) -> SecretaryStarChange:
        return self.get_scoped_object(object_type="secretary_star_change", capability=Capability.VIEW_EVALUATIONS)

    @extend_schema(
        request={"multipart/form-data": StarProposalUpload},
        responses={201: StarChangeSerializer, **UPLOAD_REFUSALS},
    )
    def create(self, request: Request) -> Response:
        """Propose base, added or reduced stars under one rule, effective from a date, with the evidence files in the
        same request; the district organization department decides."""
        form = StarProposalApiForm(request.POST, request.FILES, rule_set=active_rule_set())
        secretary = form_secretary(request.user, form, PROPOSE_CAPABILITY)
        if secretary is None or not form.is_valid():
            return form_invalid(form)
        try:
            change = star_change_propose(secretary=secretary, by=request.user, **form.change_arguments())
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "year")}, status.HTTP_400_BAD_REQUEST)
        return Response(StarChangeSerializer(change).data, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": StarChangeUpload},
        responses={201: StarChangeSerializer, **UPLOAD_REFUSALS},
    )
    @action(detail=False, methods=["post"])
    def remove(self, request: Request) -> Response:
        """随时摘星: the district removes stars at once, from a date, with a reason and the evidence files; the
        secretary and their street are notified."""
        form = StarRemovalApiForm(request.POST, request.FILES)
        secretary = form_secretary(request.user, form, DECIDE_CAPABILITY)
        if secretary is None or not form.is_valid():
            return form_invalid(form)
        rule_set = active_rule_set()
        if rule_set is None:
            return Response({"errors": {"stars": NO_RULE_SET}}, status.HTTP_400_BAD_REQUEST)
        try:
            change = star_remove(secretary=secretary, by=request.user, rule_set=rule_set, **form.change_arguments())
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "reason")}, status.HTTP_400_BAD_REQUEST)
        return Response(StarChangeSerializer(change).data, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER], request=StarDecisionSerializer, responses={200: StarChangeSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        """Approve or reject a proposal; a rejection needs a note."""
        change = get_star_change_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
        entry = StarDecisionSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        data = entry.validated_data
        try:
            decided = star_change_decide(change=change, approve=data["approve"], note=data["note"], by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "note")}, status.HTTP_400_BAD_REQUEST)
        return Response(StarChangeSerializer(decided).data)

    @extend_schema(
        parameters=[ID_PARAMETER], request=StarUndoSerializer, responses={200: StarChangeSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str) -> Response:
        """Undo an approved change with a reason; the secretary and their street are notified."""
        change = get_star_change_for_user(request.user, pk, Capability.BUILD_RECOMMENDATION)
        entry = StarUndoSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        try:
            undone = star_change_undo(change=change, reason=entry.validated_data["reason"], by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "reason")}, status.HTTP_400_BAD_REQUEST)
        return Response(StarChangeSerializer(undone).data)


@extend_schema_view(
    list=extend_schema(parameters=[YEAR_PARAMETER, OpenApiParameter("q", OpenApiTypes.STR)]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class SecretaryStarRecordViewSet(ScopedReadOnlyViewSet):
    """Each secretary's star record of a year with the level, last year's, the first rating of the term and the
    education-upgrade stars; the person's record follows them across organizations."""

    serializer_class = StarRecordSerializer
    list_filters = ListFilters(text_fields=("secretary__name",), text_help=gettext_lazy("Secretary name contains."))
    queryset = SecretaryStarYear.objects.none()

    def get_queryset(self) -> QuerySet:
        return star_records_visible_to(self.request.user).order_by("-year", "secretary__name", "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        year = year_parameter(self.request)
        if year is not None:
            queryset = queryset.filter(year=year)
        return super().filter_queryset(queryset)

    @staticmethod
    def _levels(records: list) -> list:
        by_id = {}
        for year in {record.year for record in records}:
            ids = [record.pk for record in records if record.year == year]
            for level in secretary_star_levels(year=year, records=SecretaryStarYear.objects.filter(pk__in=ids)):
                by_id[level.record_id] = level
        return [by_id[record.pk] for record in records]

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        levels = self._levels(list(page)) if page else []
        return self.get_paginated_response(StarRecordSerializer(levels, many=True).data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        record = self.get_scoped_object(object_type="secretary_star_record", capability=Capability.VIEW_EVALUATIONS)
        return Response(StarRecordSerializer(self._levels([record])[0]).data)
