"""API of the pioneer index (先锋指数): members' grades with their explanation, scoped like the pages. Read-only.

Whoever sees a branch's evaluations sees its members' grades (proposed during the publicity, then final); a member
sees their own grade once it is final, and nobody else's."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from evaluations.models import MemberGrade, PioneerResult
from evaluations.selectors.evaluations import evaluations_visible_to
from evaluations.selectors.pioneer import grade_label
from orgs.api.filters import ListFilters, id_parameter, id_query_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability


class PioneerResultSerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="evaluation.campaign_id", read_only=True)
    member_name = serializers.CharField(source="evaluation.member.name", read_only=True)
    branch = serializers.IntegerField(source="evaluation.organization_id", read_only=True)
    branch_name = serializers.CharField(source="evaluation.organization.name", read_only=True)
    grade = serializers.ChoiceField(choices=MemberGrade.choices, read_only=True)
    grade_label = serializers.SerializerMethodField()
    is_final = serializers.BooleanField(read_only=True)
    explanation = serializers.JSONField(
        read_only=True,
        help_text=gettext_lazy(
            "Points per index, the vote score and share, the deductions, the band's grade and the capping area."
        ),
    )

    class Meta:
        model = PioneerResult
        fields = [
            "id",
            "evaluation",
            "campaign",
            "member_name",
            "branch",
            "branch_name",
            "final_points",
            "grade",
            "grade_label",
            "decided_by",
            "explanation",
            "is_final",
            "finalized_at",
        ]

    def get_grade_label(self, result: PioneerResult) -> str:
        return grade_label(result.grade)


PIONEER_FILTERS = ListFilters(
    text_fields=("evaluation__member__name",),
    text_help=gettext_lazy("Member name contains this text."),
    capability=Capability.VIEW_EVALUATIONS,
    subtree=("branch", "evaluation__organization__path"),
)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            id_query_parameter("campaign", gettext_lazy("Only the grades of this campaign.")),
            *PIONEER_FILTERS.parameters(),
        ]
    ),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class PioneerResultViewSet(ScopedReadOnlyViewSet):
    """Members' pioneer index grades in the user's scope, and the member's own once final."""

    serializer_class = PioneerResultSerializer
    list_filters = PIONEER_FILTERS
    queryset = PioneerResult.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        user = self.request.user
        visible = Q(evaluation__in=evaluations_visible_to(user))
        member_id = getattr(user, "member_id", None)
        if member_id:
            visible |= Q(evaluation__member_id=member_id, finalized_at__isnull=False)
        results = PioneerResult.objects.filter(visible).select_related("evaluation__member", "evaluation__organization")
        campaign = id_parameter(self.request, "campaign", _("Give the numeric id of a campaign in your scope."))
        if campaign is not None:
            results = results.filter(evaluation__campaign_id=campaign)
        return results.order_by("evaluation__organization__path", "evaluation__member__name", "pk")

    def get_object(self) -> PioneerResult:
        return self.get_scoped_object(object_type="pioneer_result", capability=Capability.VIEW_EVALUATIONS)
