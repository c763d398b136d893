"""Rectification to close-out (整改销号, seed 003) over the API, scoped and acting like the pages: the cases in scope
with their tasks and history; POST opens a case (the level above), …/progress/ and …/submit/ (the organization),
…/send-back/ and …/close/ (the level above). Out of scope 404, the other side 403 with its reason (both audited), a
service's refusal 400 with its Chinese message. Evidence files are attached on the case's page."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import errors_of, invalid, step_taken
from evaluations.models import RectificationCase, RectificationEvent, RectificationTask
from evaluations.rectification_permissions import get_case_for_user
from evaluations.rules.rectification import CASE_KIND_LABELS, CASE_STATUS_LABELS, CaseKind, is_overdue
from evaluations.selectors.rectification import cases_visible_to, overdue_condition
from evaluations.services.rectification import (
    close_out,
    open_case,
    report_progress,
    send_back,
    submit_for_close_out,
)
from orgs.api.filters import ListFilters
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.models import User
from orgs.permissions import Capability, get_organization_for_user

# Plain strings with their values listed: enums named "kind" and "status" are declared elsewhere in the schema.
KIND_HELP = "problem_list | task_list | public_commitment | consequence"
STATUS_HELP = "open | reported | submitted | returned | closed | cancelled"


class RectificationTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationTask
        fields = ["id", "order", "text", "done", "done_at"]


class RectificationEventSerializer(serializers.ModelSerializer):
    step = serializers.CharField(read_only=True)
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    by = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = RectificationEvent
        fields = ["step", "step_label", "from_status", "to_status", "text", "by", "at"]


class RectificationCaseSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = RectificationCase
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_label",
            "year",
            "title",
            "description",
            "owner",
            "owner_name",
            "deadline",
            "status",
            "status_label",
            "overdue",
            "source_kind",
            "source_id",
            "source_text",
            "opened_at",
            "closed_at",
            "cancelled_at",
            "cancelled_reason",
        ]

    def get_overdue(self, case: RectificationCase) -> bool:
        return is_overdue(deadline=case.deadline, status=case.status, today=timezone.localdate())


class RectificationCaseDetailSerializer(RectificationCaseSerializer):
    tasks = RectificationTaskSerializer(many=True, read_only=True)
    history = RectificationEventSerializer(source="events", many=True, read_only=True)

    class Meta(RectificationCaseSerializer.Meta):
        fields = [*RectificationCaseSerializer.Meta.fields, "tasks", "history"]


class CaseOpenSerializer(serializers.Serializer):
    organization = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(
        choices=[kind.value for kind in CASE_KIND_LABELS if kind != CaseKind.CONSEQUENCE],
        help_text="problem_list | task_list | public_commitment",
    )
    year = serializers.IntegerField(min_value=2000, max_value=2099, required=False)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000)
    tasks = serializers.ListField(child=serializers.CharField(max_length=300), min_length=1, max_length=30)
    deadline = serializers.DateField()
    owner = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    owner_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ProgressSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)
    tasks_done = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; the message says why and nothing changed.")),
    403: OpenApiResponse(description=gettext_lazy("The other side of the case takes this step.")),
    404: OpenApiResponse(description=gettext_lazy("No such case in your scope.")),
}
STEP_RESPONSES = {200: RectificationCaseDetailSerializer, **REFUSALS}
FILTERS = ListFilters(
    text_fields=("title", "organization__name", "owner_name"),
    text_help=gettext_lazy("Title, organization or owner contains this text."),
    capability=Capability.VIEW_EVALUATIONS,
    subtree=("organization", "organization__path"),
)
LIST_PARAMETERS = [
    *FILTERS.parameters(),
    OpenApiParameter("status", OpenApiTypes.STR, enum=[s.value for s in CASE_STATUS_LABELS], description=STATUS_HELP),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description=gettext_lazy("Only the overdue cases (true).")),
    OpenApiParameter("year", {"type": "integer", "minimum": 2000, "maximum": 2099}),
]


@extend_schema_view(
    list=extend_schema(parameters=LIST_PARAMETERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER], responses=RectificationCaseDetailSerializer),
)
class RectificationCaseViewSet(ScopedReadOnlyViewSet):
    """Rectification cases in the user's scope, earliest deadline first."""

    serializer_class = RectificationCaseSerializer
    list_filters = FILTERS
    queryset = RectificationCase.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return cases_visible_to(self.request.user).order_by("deadline", "pk")

    def get_serializer_class(self):
        return RectificationCaseDetailSerializer if self.action == "retrieve" else RectificationCaseSerializer

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        params = self.request.query_params
        status_value = params.get("status", "").strip()
        if status_value and status_value not in {s.value for s in CASE_STATUS_LABELS}:
            raise serializers.ValidationError({"status": STATUS_HELP})
        if status_value:
            queryset = queryset.filter(status=status_value)
        overdue = params.get("overdue", "").strip().lower()
        if overdue not in ("", "true", "false", "1", "0"):
            raise serializers.ValidationError({"overdue": gettext_lazy("Use true or false.")})
        if overdue in ("true", "1"):
            queryset = queryset.filter(overdue_condition(timezone.localdate()))
        elif overdue in ("false", "0"):
            queryset = queryset.exclude(overdue_condition(timezone.localdate()))
        year = params.get("year", "").strip()
        if year and not (year.isdigit() and 2000 <= int(year) <= 2099):
            raise serializers.ValidationError({"year": gettext_lazy("Give the year as a number from 2000 to 2099.")})
        if year:
            queryset = queryset.filter(year=int(year))
        return super().filter_queryset(queryset)

    def get_object(self) -> RectificationCase:
        return get_case_for_user(self.request.user, self.kwargs["pk"])

    def _answer(self, case: RectificationCase, code: int = status.HTTP_200_OK) -> Response:
        case = get_case_for_user(self.request.user, case.pk)
        return Response(RectificationCaseDetailSerializer(case).data, code)

    @extend_schema(request=CaseOpenSerializer, responses={201: RectificationCaseDetailSerializer, **REFUSALS})
    def create(self, request: Request) -> Response:
        """The level above opens a case on an organization below it."""
        entry = CaseOpenSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        data = entry.validated_data
        organization = get_organization_for_user(request.user, data["organization"], Capability.VIEW_EVALUATIONS)
        owner = User.objects.filter(pk=data["owner"]).first() if data["owner"] else None
        if data["owner"] and owner is None:
            return Response({"errors": {"owner": gettext_lazy("No such account.")}}, status.HTTP_400_BAD_REQUEST)
        try:
            case = open_case(
                organization=organization,
                kind=data["kind"],
                year=data.get("year"),
                title=data["title"],
                description=data["description"],
                tasks=data["tasks"],
                deadline=data["deadline"],
                owner=owner,
                owner_name=data["owner_name"],
                by=request.user,
            )
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "organization")}, status.HTTP_400_BAD_REQUEST)
        return self._answer(case, status.HTTP_201_CREATED)

    def _step(self, request: Request, pk: str, entry_class, act, field: str) -> Response:
        """One step of a case: the case in scope (404), the entry parsed (400), the service's refusal 400 with its
        message on ``field`` (the other side's is 403 from the service), else the case as it now stands."""
        case = get_case_for_user(request.user, pk)
        return step_taken(entry_class(data=request.data), lambda data: act(case, data), field) or self._answer(case)

    @extend_schema(parameters=[ID_PARAMETER], request=ProgressSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        """The organization reports its progress and ticks off the tasks done."""

        def act(case, data):
            report_progress(case=case, note=data["note"], tasks_done=data["tasks_done"], by=request.user)

        return self._step(request, pk, ProgressSerializer, act, "note")

    @extend_schema(parameters=[ID_PARAMETER], request=NoteSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """The organization submits the case for close-out once every task is done."""

        def act(case, data):
            submit_for_close_out(case=case, note=data["note"], by=request.user)

        return self._step(request, pk, NoteSerializer, act, "note")

    @extend_schema(parameters=[ID_PARAMETER], request=SendBackSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        """The level above sends the case back with a reason, and may give a new deadline."""

        def act(case, data):
            send_back(case=case, reason=data["reason"], deadline=data["deadline"], by=request.user)

        return self._step(request, pk, SendBackSerializer, act, "reason")

    @extend_schema(parameters=[ID_PARAMETER], request=NoteSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """The level above closes the case out (销号)."""

        def act(case, data):
            close_out(case=case, note=data["note"], by=request.user)

        return self._step(request, pk, NoteSerializer, act, "note")
