"""API of satisfaction votes: the surveys in the user's scope and, per survey, its results. Read-only."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.viewsets import ReadOnlyModelViewSet

from evaluations.models import Survey
from evaluations.permissions import get_survey_for_user
from evaluations.selectors.votes import few_ballots_note, survey_tally, surveys_visible_to
from orgs.api.views import ID_PARAMETER, ApiMixin, ListNeedsCapability
from orgs.permissions import Capability


class SurveySerializer(serializers.ModelSerializer):
    organization = serializers.IntegerField(source="evaluation.organization_id", read_only=True)
    organization_name = serializers.CharField(source="evaluation.organization.name", read_only=True)
    campaign = serializers.IntegerField(source="evaluation.campaign_id", read_only=True)
    # A plain string: an enum named "status" would collide in the schema with the members' status.
    status = serializers.CharField(read_only=True, help_text="open | closed")

    class Meta:
        model = Survey
        fields = [
            "id",
            "evaluation",
            "campaign",
            "organization",
            "organization_name",
            "rater_group",
            "opens_at",
            "closes_at",
            "status",
        ]


class OptionCountSerializer(serializers.Serializer):
    option = serializers.CharField(source="code")
    label = serializers.CharField()
    count = serializers.IntegerField()


class SurveyResultsSerializer(serializers.Serializer):
    ballots = serializers.IntegerField(source="result.total")
    counts = OptionCountSerializer(source="result.counts", many=True)
    fair_or_above = serializers.IntegerField(source="result.fair_or_above")
    fair_or_above_share = serializers.DecimalField(
        source="result.fair_or_above_share", max_digits=5, decimal_places=4, allow_null=True
    )
    score = serializers.DecimalField(source="result.score", max_digits=6, decimal_places=2, allow_null=True)
    few_ballots = serializers.SerializerMethodField(
        help_text=_("True when the share comes from fewer ballots than the SATISFACTION_MIN_BALLOTS setting.")
    )
    codes_issued = serializers.IntegerField()
    codes_used = serializers.IntegerField()
    member_votes = serializers.IntegerField()

    @extend_schema_field(serializers.BooleanField())
    def get_few_ballots(self, tally) -> bool:
        return bool(few_ballots_note(tally.result.total))


class SurveyDetailSerializer(SurveySerializer):
    results = serializers.SerializerMethodField()

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "results"]

    @extend_schema_field(SurveyResultsSerializer)
    def get_results(self, survey: Survey) -> dict:
        return SurveyResultsSerializer(survey_tally(survey)).data


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PARAMETER]))
class SurveyViewSet(ApiMixin, ReadOnlyModelViewSet):
    """Satisfaction surveys of the evaluations in the user's scope; a survey's detail carries its results
    (counts per option, the fair-or-above share, the 0–100 score) and never a voter."""

    permission_classes = [IsAuthenticated, ListNeedsCapability]
    required_capability = Capability.VIEW_SURVEY_RESULTS
    lookup_value_regex = r"\d+"
    queryset = Survey.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        return surveys_visible_to(self.request.user).order_by("-opens_at", "-pk")

    def get_serializer_class(self):
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer

    def get_object(self) -> Survey:
        return get_survey_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_SURVEY_RESULTS)
