"""The later steps of the process over the API: objections and the street's answers, the district
departments' opinions, and the recommended list with its submission and approval.

Scoped like the pages and acting through the same services: out of scope 404, in scope without the
capability 403, a refusal of the service 400 with its message, a stale version 409; every refusal is audited.
Objections are filed on the public publicity page only: the API takes no anonymous call.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.review import integer_parameter
from evaluations.models import (
    DepartmentOpinion,
    Objection,
    OpinionKind,
    RecommendedEntry,
    RecommendedList,
)
from evaluations.selectors import campaigns_visible_to, get_evaluation_for_user
from evaluations.services.approval import (
    RecommendationRefused,
    StaleRecommendation,
    recommended_list_approve,
    recommended_list_checks,
    recommended_list_submit,
    recommended_list_withdraw,
)
from evaluations.services.consultation import opinion_give
from evaluations.services.publicity import objection_answer, objection_contact_masked
from orgs.api.filters import ListFilters
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.models import User
from orgs.permissions import Capability, check_capability_on, has_capability, subtree_condition
from orgs.services.audit import audit_refusal

# Who reads opinions on the pages: the district's overview (MANAGE_CAMPAIGNS) and the departments (GIVE_OPINION).
LIST_READERS = (Capability.BUILD_RECOMMENDATION, Capability.APPROVE_RESULTS)


def _held_anywhere(user: User, capabilities: tuple[Capability, ...], field: str) -> Q | None:
    """Objects whose organization path lies in a subtree where the user holds one of the capabilities;
    None for no restriction (a superuser)."""
    condition = Q(pk__in=[])
    for capability in capabilities:
        held = subtree_condition(user, capability, field)
        if held is None:
            return None
        condition |= held
    return condition


def _errors(error: ValidationError, field: str) -> dict[str, str]:
    """A service's refusal as one message per field; a message about no field goes under ``field``."""
    if hasattr(error, "error_dict"):
        return {
            (field if name == "__all__" else name): " ".join(messages) for name, messages in error.message_dict.items()
        }
    return {field: " ".join(error.messages)}


def _invalid(entry: serializers.Serializer) -> Response:
    errors = {name: " ".join(str(message) for message in messages) for name, messages in entry.errors.items()}
    return Response({"errors": errors}, status.HTTP_400_BAD_REQUEST)


# An enum shared by two components needs a name in settings.ENUM_NAME_OVERRIDES (the stages' ``kind`` and the
# other ``status`` fields are other enums): each enum here is declared in one component, a plain string elsewhere.
KIND_HELP = gettext_lazy("One of no_objection, concern, veto.")
STATUS_HELP = gettext_lazy("One of draft, submitted, approved.")


# --- Objections -------------------------------------------------------------------------------------------


class ObjectionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="evaluation.organization.name", read_only=True)
    contact = serializers.SerializerMethodField(
        help_text=gettext_lazy("First 3 and last 4 digits; the rest is masked.")
    )
    answered_by = serializers.CharField(source="answered_by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = Objection
        fields = [
            "id",
            "evaluation",
            "organization",
            "text",
            "name",
            "contact",
            "filed_at",
            "answer",
            "answered_by",
            "answered_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_contact(self, objection: Objection) -> str:
        return objection_contact_masked(objection)


class ObjectionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


EVALUATION_PARAMETER = OpenApiParameter(
    "evaluation", OpenApiTypes.INT, description=gettext_lazy("Only this evaluation's items.")
)


@extend_schema_view(
    list=extend_schema(parameters=[EVALUATION_PARAMETER]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class ObjectionViewSet(ScopedReadOnlyViewSet):
    """Objections filed on the publicity of evaluations in the user's scope, unanswered first; the contact is
    masked. POST …/answer/ is the street's answer."""

    serializer_class = ObjectionSerializer
    list_filters = ListFilters(
        text_fields=("text", "evaluation__organization__name"),
        text_help=gettext_lazy("Objection or organization name contains this text."),
    )
    queryset = Objection.objects.none()

    def get_queryset(self) -> QuerySet:
        condition = _held_anywhere(
            self.request.user,
            (Capability.VIEW_EVALUATIONS, Capability.RUN_PUBLICITY),
            "evaluation__organization__path",
        )
        objections = Objection.objects.all() if condition is None else Objection.objects.filter(condition)
        answered = ExpressionWrapper(Q(answered_at__isnull=False), output_field=BooleanField())
        return objections.select_related("evaluation__organization", "answered_by").order_by(answered, "filed_at", "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        evaluation = integer_parameter(self.request, "evaluation")
        if evaluation is not None:
            queryset = queryset.filter(evaluation_id=evaluation)
        return super().filter_queryset(queryset)

    def get_object(self) -> Objection:
        return self.get_scoped_object(object_type="objection", capability=Capability.VIEW_EVALUATIONS)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=ObjectionAnswerSerializer,
        responses={
            200: ObjectionSerializer,
            400: OpenApiResponse(description=gettext_lazy("The answer is refused; the message says why.")),
            403: OpenApiResponse(description=gettext_lazy("You do not run this street's publicity.")),
            404: OpenApiResponse(description=gettext_lazy("No such objection in your scope.")),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """The street answers the objection, once; the answer is kept with it."""
        objection = self.get_scoped_object(object_type="objection", capability=Capability.RUN_PUBLICITY)
        check_capability_on(
            request.user,
            Capability.RUN_PUBLICITY,
            objection.evaluation.organization,
            object_type="objection",
            object_id=objection.pk,
        )
        entry = ObjectionAnswerSerializer(data=request.data)
        if not entry.is_valid():
            return _invalid(entry)
        try:
            answered = objection_answer(objection=objection, answer=entry.validated_data["answer"], by=request.user)
        except ValidationError as refusal:
            return Response({"errors": _errors(refusal, "answer")}, status.HTTP_400_BAD_REQUEST)
        return Response(ObjectionSerializer(answered).data)


# --- Department opinions ----------------------------------------------------------------------------------


class OpinionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="evaluation.organization.name", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    veto_item = serializers.CharField(source="veto_item.code", allow_null=True, read_only=True, default=None)
    given_by = serializers.CharField(source="given_by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = DepartmentOpinion
        fields = [
            "id",
            "evaluation",
            "organization",
            "department",
            "department_name",
            "kind",
            "kind_label",
            "note",
            "veto_item",
            "given_by",
            "given_at",
        ]


class OpinionGiveSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=OpinionKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    veto_item = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=50,
        help_text=gettext_lazy("The code of the veto item a veto hits."),
    )


@extend_schema_view(
    list=extend_schema(parameters=[EVALUATION_PARAMETER]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class OpinionViewSet(ScopedReadOnlyViewSet):
    """The district departments' opinions in the joint review, for the district and the departments in scope;
    POST gives (or changes) the reviewer's department's opinion on one evaluation."""

    serializer_class = OpinionSerializer
    list_filters = ListFilters(
        text_fields=("note", "evaluation__organization__name"),
        text_help=gettext_lazy("Note or organization name contains this text."),
    )
    queryset = DepartmentOpinion.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        """The district reads every department's opinions in its scope; a department's reviewer, like on the
        consultation page, only those of their own department."""
        user = self.request.user
        managed = subtree_condition(user, Capability.MANAGE_CAMPAIGNS, "evaluation__organization__path")
        if managed is None:
            opinions = DepartmentOpinion.objects.all()
        else:
            consulted = subtree_condition(user, Capability.GIVE_OPINION, "evaluation__organization__path")
            own = Q(department_id=user.department_id) if user.department_id else Q(pk__in=[])
            opinions = DepartmentOpinion.objects.filter(managed | (own & (consulted if consulted is not None else Q())))
        return opinions.select_related("evaluation__organization", "department", "veto_item", "given_by").order_by(
            "evaluation__organization__path", "department__code", "pk"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        evaluation = integer_parameter(self.request, "evaluation")
        if evaluation is not None:
            queryset = queryset.filter(evaluation_id=evaluation)
        return super().filter_queryset(queryset)

    def get_object(self) -> DepartmentOpinion:
        """Out of the user's scope 404; in scope for one who does not read opinions on the pages 403."""
        pk = self.kwargs["pk"]
        opinion = (
            DepartmentOpinion.objects.select_related("evaluation__organization", "department", "veto_item", "given_by")
            .filter(pk=pk)
            .first()
        )
        if opinion is None:
            audit_refusal(
                user=self.request.user, capability=Capability.VIEW_EVALUATIONS, object_type="opinion", object_id=pk
            )
            raise Http404(_("No such item in your scope."))
        organization = opinion.evaluation.organization
        user = self.request.user
        if has_capability(user, Capability.MANAGE_CAMPAIGNS, organization):
            return opinion
        check_capability_on(user, Capability.GIVE_OPINION, organization, object_type="opinion", object_id=pk)
        if opinion.department_id != user.department_id:  # another department's opinion: not theirs to read
            audit_refusal(user=user, capability=Capability.GIVE_OPINION, object_type="opinion", object_id=pk)
            raise Http404(_("No such item in your scope."))
        return opinion

    @extend_schema(
        request=OpinionGiveSerializer,
        responses={
            201: OpinionSerializer,
            400: OpenApiResponse(description=gettext_lazy("The opinion is refused; the message says why.")),
            403: OpenApiResponse(description=gettext_lazy("Only a district department's reviewer gives an opinion.")),
            404: OpenApiResponse(description=gettext_lazy("No such evaluation in your scope.")),
        },
    )
    def create(self, request: Request) -> Response:
        """No objection, a concern (with a note) or a veto (with the veto item's code and a note)."""
        entry = OpinionGiveSerializer(data=request.data)
        if not entry.is_valid():
            return _invalid(entry)
        data = entry.validated_data
        evaluation = get_evaluation_for_user(request.user, data["evaluation"], Capability.GIVE_OPINION)
        try:
            opinion = opinion_give(
                evaluation=evaluation,
                kind=data["kind"],
                note=data["note"],
                veto_code=data["veto_item"],
                by=request.user,
            )
        except ValidationError as refusal:
            return Response({"errors": _errors(refusal, "kind")}, status.HTTP_400_BAD_REQUEST)
        opinion = self.get_queryset().get(pk=opinion.pk)
        return Response(OpinionSerializer(opinion).data, status.HTTP_201_CREATED)


# --- The recommended list ---------------------------------------------------------------------------------


class RecommendedEntrySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="evaluation.organization.name", read_only=True)
    organization_code = serializers.CharField(source="evaluation.organization.code", read_only=True)

    class Meta:
        model = RecommendedEntry
        fields = ["rank", "evaluation", "organization", "organization_code", "total", "computed_stars", "stars", "note"]


class StreetCheckSerializer(serializers.Serializer):
    street_id = serializers.IntegerField()
    street = serializers.CharField()
    organizations = serializers.IntegerField()
    five_star = serializers.IntegerField()
    penalty = serializers.CharField(help_text=gettext_lazy("Points of the five-star share the street loses."))
    allowed = serializers.IntegerField(help_text=gettext_lazy("Five-star organizations the street may have."))
    ok = serializers.BooleanField()


class ListChecksSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    organizations = serializers.IntegerField()
    five_star = serializers.IntegerField()
    share = serializers.CharField(help_text=gettext_lazy("Share of five-star organizations, in per cent."))
    cap = serializers.CharField(help_text=gettext_lazy("Share of five stars allowed, in per cent."))
    district_ok = serializers.BooleanField()
    streets = StreetCheckSerializer(many=True)
    failures = serializers.ListField(child=serializers.CharField())


class RecommendedListSerializer(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    version = serializers.IntegerField(source="lock_version", read_only=True)
    approved_by = serializers.CharField(source="approved_by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = RecommendedList
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "status",
            "status_label",
            "five_star_cap",
            "version",
            "built_at",
            "submitted_at",
            "approved_at",
            "approved_by",
        ]


class RecommendedListDetailSerializer(RecommendedListSerializer):
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    checks = ListChecksSerializer(source="checks_now", read_only=True)
    entries = RecommendedEntrySerializer(source="entry_rows", many=True, read_only=True)

    class Meta(RecommendedListSerializer.Meta):
        fields = [*RecommendedListSerializer.Meta.fields, "checks", "entries"]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class WithdrawSerializer(VersionSerializer):
    reason = serializers.CharField(
        max_length=300, allow_blank=True, help_text=gettext_lazy("Why the list goes back to draft (required).")
    )


LIST_ACTION_RESPONSES = {
    200: RecommendedListSerializer,
    400: OpenApiResponse(description=gettext_lazy("The action is not allowed now; the message says why.")),
    403: OpenApiResponse(description=gettext_lazy("Your role does not take this action.")),
    404: OpenApiResponse(description=gettext_lazy("No such recommended list in your scope.")),
    409: OpenApiResponse(description=gettext_lazy("The recommended list changed since the version you sent.")),
}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("campaign", OpenApiTypes.INT, description=gettext_lazy("Only this campaign's list."))
        ]
    ),
    retrieve=extend_schema(parameters=[ID_PARAMETER], responses=RecommendedListDetailSerializer),
)
class RecommendedListViewSet(ScopedReadOnlyViewSet):
    """The recommended lists of the campaigns in scope, for the district organization department that builds
    them and the committee that approves them; the detail carries the entries and the checks as they stand."""

    serializer_class = RecommendedListSerializer
    list_filters = ListFilters(
        text_fields=("campaign__name",), text_help=gettext_lazy("Campaign name contains this text.")
    )
    queryset = RecommendedList.objects.none()

    def get_queryset(self) -> QuerySet:
        lists = RecommendedList.objects.filter(campaign__in=campaigns_visible_to(self.request.user))
        condition = _held_anywhere(self.request.user, LIST_READERS, "campaign__scope__path")
        if condition is not None:
            lists = lists.filter(condition)
        return lists.select_related("campaign__scope", "approved_by").order_by("-campaign__year", "-campaign_id")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        campaign = integer_parameter(self.request, "campaign")
        if campaign is not None:
            queryset = queryset.filter(campaign_id=campaign)
        return super().filter_queryset(queryset)

    def _list_for(self, capabilities: tuple[Capability, ...]) -> RecommendedList:
        """The list of a campaign the user sees (else 404) if one of the capabilities is held on its scope (else
        403), as on the pages; both refusals audited."""
        pk = self.kwargs["pk"]
        user = self.request.user
        found = (
            RecommendedList.objects.filter(pk=pk, campaign__in=campaigns_visible_to(user))
            .select_related("campaign__scope", "approved_by")
            .first()
        )
        if found is None:
            audit_refusal(user=user, capability=capabilities[0], object_type="recommended_list", object_id=pk)
            raise Http404(_("No such item in your scope."))
        if not any(has_capability(user, capability, found.campaign.scope) for capability in capabilities):
            audit_refusal(user=user, capability=capabilities[0], object_type="recommended_list", object_id=pk)
            raise PermissionDenied(_("You do not have permission to do this."))
        return found

    def get_object(self) -> RecommendedList:
        return self._list_for(LIST_READERS)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        recommended_list = self.get_object()
        recommended_list.checks_now = recommended_list_checks(recommended_list).as_json()
        recommended_list.entry_rows = list(
            recommended_list.entries.select_related("evaluation__organization").order_by("rank")
        )
        return Response(RecommendedListDetailSerializer(recommended_list).data)

    def _act(self, request: Request, capabilities: tuple[Capability, ...], service, form=VersionSerializer) -> Response:
        recommended_list = self._list_for(capabilities)
        entry = form(data=request.data)
        if not entry.is_valid():
            return _invalid(entry)
        values = dict(entry.validated_data)
        try:
            acted = service(
                recommended_list=recommended_list, by=request.user, lock_version=values.pop("version"), **values
            )
        except StaleRecommendation as stale:
            return Response({"errors": {"version": stale.messages[0]}}, status.HTTP_409_CONFLICT)
        except RecommendationRefused as refusal:
            return Response({"errors": _errors(refusal, "status")}, status.HTTP_400_BAD_REQUEST)
        return Response(RecommendedListSerializer(acted).data)

    @extend_schema(parameters=[ID_PARAMETER], request=VersionSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """The district organization department sends the list to the committee; refused while a check fails."""
        return self._act(request, (Capability.BUILD_RECOMMENDATION,), recommended_list_submit)

    @extend_schema(parameters=[ID_PARAMETER], request=VersionSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """The district committee approves the submitted list in one action: the results are published, final."""
        return self._act(request, (Capability.APPROVE_RESULTS,), recommended_list_approve)

    @extend_schema(parameters=[ID_PARAMETER], request=WithdrawSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """A submitted list back to draft, with the reason: withdrawn by the department or returned by the committee."""
        return self._act(request, LIST_READERS, recommended_list_withdraw, WithdrawSerializer)
