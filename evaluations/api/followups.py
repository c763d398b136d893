"""Follow-ups of final pioneer-index grades over the API, read-only and scoped like the pages: the branch sees its
own, the street and the district theirs; filter by kind, status and branch subtree; the detail carries the notes."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from evaluations.models import FollowUp, FollowUpKind, FollowUpNote, FollowUpStatus
from evaluations.selectors.followups import follow_ups_visible_to
from orgs.api.filters import ListFilters
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability


class FollowUpSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True, allow_null=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    step_label = serializers.CharField(source="get_step_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "campaign",
            "member",
            "member_name",
            "branch",
            "branch_name",
            "kind",
            "kind_label",
            "status",
            "final_points",
            "helper",
            "helper_name",
            "plan",
            "step",
            "step_label",
            "deadline",
            "outcome",
            "outcome_label",
            "created_at",
            "closed_at",
        ]


class FollowUpNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpNote
        fields = ["step", "text", "at"]


class FollowUpDetailSerializer(FollowUpSerializer):
    notes = FollowUpNoteSerializer(many=True, read_only=True)

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "notes"]


FOLLOW_UP_FILTERS = ListFilters(
    text_fields=("member__name", "branch__name"),
    text_help=gettext_lazy("Member or branch name contains this text."),
    capability=Capability.VIEW_EVALUATIONS,
    subtree=("organization", "branch__path"),
    choices={"kind": FollowUpKind, "status": FollowUpStatus},
)


@extend_schema_view(
    list=extend_schema(parameters=FOLLOW_UP_FILTERS.parameters()),
    retrieve=extend_schema(parameters=[ID_PARAMETER], responses=FollowUpDetailSerializer),
)
class FollowUpViewSet(ScopedReadOnlyViewSet):
    """Commendations, paired helps and disposal cases opened when pioneer-index grades became final."""

    serializer_class = FollowUpSerializer
    list_filters = FOLLOW_UP_FILTERS
    queryset = FollowUp.objects.none()

    def get_queryset(self) -> QuerySet:
        return follow_ups_visible_to(self.request.user).order_by("kind", "branch__path", "member__name", "pk")

    def get_serializer_class(self):
        return FollowUpDetailSerializer if self.action == "retrieve" else FollowUpSerializer

    def get_object(self) -> FollowUp:
        return self.get_scoped_object(object_type="follow_up", capability=Capability.VIEW_EVALUATIONS)
