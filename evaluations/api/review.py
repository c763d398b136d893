"""The review process over the API: a campaign's stages (read) and an evaluation's transitions (read, act).

Scoped like the pages: stages of campaigns the user sees; transitions of evaluations in the user's scope.
Acting goes through the same service as the pages: refused for who you are 403, for the state 400, for a
stale version 409, out of scope 404; every refusal is audited.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.models import CampaignStage, Transition
from evaluations.permissions import get_evaluation_for_user
from evaluations.rules.workflow import ACTION_LABELS
from evaluations.selectors.campaigns import campaigns_visible_to
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.services.transitions import StaleEvaluation, TransitionRefused, evaluation_transition
from orgs.api.filters import ListFilters, id_parameter, id_query_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability


class StageSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = CampaignStage
        fields = ["id", "campaign", "order", "kind", "kind_label", "actor_role", "actor_level", "deadline", "min_days"]


class TransitionSerializer(serializers.ModelSerializer):
    from_stage = serializers.CharField(source="from_stage.kind", allow_null=True, read_only=True)
    to_stage = serializers.CharField(source="to_stage.kind", allow_null=True, read_only=True)
    by = serializers.CharField(source="by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = Transition
        fields = ["id", "evaluation", "action", "from_stage", "to_stage", "approved", "revision", "reason", "by", "at"]


class TransitionCreateSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField(min_value=1)
    action = serializers.ChoiceField(choices=list(ACTION_LABELS.items()))
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    target_order = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    version = serializers.IntegerField(min_value=0)


class TransitionResultSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    stage = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    revision = serializers.IntegerField()


@extend_schema_view(
    list=extend_schema(parameters=[id_query_parameter("campaign", gettext_lazy("Only this campaign's stages."))]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class StageViewSet(ScopedReadOnlyViewSet):
    """The ordered stages of the campaigns the user sees: kind, who acts, deadline, least days."""

    serializer_class = StageSerializer
    list_filters = ListFilters(
        text_fields=("campaign__name",), text_help=gettext_lazy("Campaign name contains this text.")
    )
    queryset = CampaignStage.objects.none()

    def get_queryset(self) -> QuerySet:
        return CampaignStage.objects.filter(campaign__in=campaigns_visible_to(self.request.user)).order_by(
            "campaign_id", "order"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        campaign = id_parameter(self.request, "campaign")
        if campaign is not None:
            queryset = queryset.filter(campaign_id=campaign)
        return super().filter_queryset(queryset)

    def get_object(self) -> CampaignStage:
        return self.get_scoped_object(object_type="stage", capability=Capability.VIEW_EVALUATIONS)


@extend_schema_view(
    list=extend_schema(
        parameters=[id_query_parameter("evaluation", gettext_lazy("Only this evaluation's transitions."))]
    ),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class TransitionViewSet(ScopedReadOnlyViewSet):
    """Moves of evaluations between stages (who, when, from, to, why); POST takes an action on one."""

    serializer_class = TransitionSerializer
    list_filters = ListFilters(text_fields=("reason",), text_help=gettext_lazy("Reason contains this text."))
    queryset = Transition.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return (
            Transition.objects.filter(evaluation__in=evaluations_visible_to(self.request.user))
            .select_related("from_stage", "to_stage", "by")
            .order_by("-at", "-pk")
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        evaluation = id_parameter(self.request, "evaluation")
        if evaluation is not None:
            queryset = queryset.filter(evaluation_id=evaluation)
        return super().filter_queryset(queryset)

    def get_object(self) -> Transition:
        return self.get_scoped_object(object_type="transition", capability=Capability.VIEW_EVALUATIONS)

    @extend_schema(
        request=TransitionCreateSerializer,
        responses={
            201: TransitionResultSerializer,
            400: OpenApiResponse(description=gettext_lazy("The action is not allowed now; the message says why.")),
            403: OpenApiResponse(description=gettext_lazy("Your role does not act at this stage.")),
            404: OpenApiResponse(description=gettext_lazy("No such evaluation in your scope.")),
            409: OpenApiResponse(description=gettext_lazy("The evaluation changed since the version you sent.")),
        },
    )
    def create(self, request: Request) -> Response:
        """Submit, return (with a reason), reopen (with a reason and an earlier stage) or revise an evaluation."""
        entry = TransitionCreateSerializer(data=request.data)
        if not entry.is_valid():
            errors = {field: " ".join(str(message) for message in messages) for field, messages in entry.errors.items()}
            return Response({"errors": errors}, status.HTTP_400_BAD_REQUEST)
        data = entry.validated_data
        evaluation = get_evaluation_for_user(request.user, data["evaluation"], Capability.VIEW_EVALUATIONS)
        try:
            moved = evaluation_transition(
                evaluation=evaluation,
                action=data["action"],
                by=request.user,
                reason=data["reason"],
                target_order=data["target_order"],
                lock_version=data["version"],
            )
        except StaleEvaluation as stale:
            return Response({"errors": {"version": stale.messages[0]}}, status.HTTP_409_CONFLICT)
        except TransitionRefused as refusal:
            code = status.HTTP_403_FORBIDDEN if refusal.code == "forbidden" else status.HTTP_400_BAD_REQUEST
            return Response({"errors": {"action": refusal.messages[0]}}, code)
        result = {
            "evaluation": moved.pk,
            "stage": moved.stage.kind,
            "status": moved.status,
            "version": moved.lock_version,
            "revision": moved.revision,
        }
        return Response(TransitionResultSerializer(result).data, status.HTTP_201_CREATED)
