"""Serializers of campaigns, evaluations with their results, and the scores of an evaluation per stage."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import Campaign, Evaluation, EvaluationResult, Stage
from orgs.api.serializers import OrganizationRefSerializer
from scoring.models import IndicatorTemplate


class TemplateRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTemplate
        fields = ["id", "code", "version", "name", "year", "scheme"]
        read_only_fields = fields


class CampaignSerializer(serializers.ModelSerializer):
    template = TemplateRefSerializer(read_only=True, label=pgettext_lazy("api", "indicator template"))
    scope = OrganizationRefSerializer(read_only=True, label=pgettext_lazy("api", "scope"))
    period_kind_label = serializers.CharField(
        source="get_period_kind_display", read_only=True, label=pgettext_lazy("api", "period (label)")
    )
    # Plain strings: an enum named "status" would collide in the schema with the members' status.
    status = serializers.CharField(read_only=True, help_text="draft | open | closed")
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, label=pgettext_lazy("api", "status (label)")
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "template",
            "scope",
            "period_kind",
            "period_kind_label",
            "year",
            "period_number",
            "levels",
            "domains",
            "org_types",
            "status",
            "status_label",
            "opened_at",
        ]
        read_only_fields = fields


class CampaignRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Campaign
        fields = ["id", "name", "year"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    """The engine's result: stars or grade, the total, and the lines that explain it."""

    stage = serializers.CharField(
        read_only=True, help_text=_("The stage whose scores were used: the review once there is one.")
    )
    lines = serializers.SerializerMethodField(
        label=pgettext_lazy("api", "explanation"), help_text=_("Why this result, sentence by sentence.")
    )
    error = serializers.SerializerMethodField(
        label=pgettext_lazy("api", "error"), help_text=_("Why no result could be computed; empty otherwise.")
    )

    indicator_score = serializers.SerializerMethodField(
        help_text=_("Weighted grade (Yantian): the indicator score of 100 weighed into the total; null otherwise.")
    )
    evaluation_score = serializers.SerializerMethodField(
        help_text=_("Weighted grade (Yantian): the rater groups' evaluation score of 100 weighed into the total.")
    )

    class Meta:
        model = EvaluationResult
        fields = [
            "stage",
            "stars",
            "total",
            "points_max",
            "grade",
            "indicator_score",
            "evaluation_score",
            "lines",
            "error",
            "computed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True))
    def get_indicator_score(self, result: EvaluationResult) -> str | None:
        parts = result.weighted_parts
        return None if parts is None else f"{parts['indicator_score']:.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True))
    def get_evaluation_score(self, result: EvaluationResult) -> str | None:
        parts = result.weighted_parts
        return None if parts is None else f"{parts['evaluation_score']:.2f}"

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_lines(self, result: EvaluationResult) -> list[str]:
        return list(result.explanation.get("lines") or [])

    @extend_schema_field(serializers.CharField())
    def get_error(self, result: EvaluationResult) -> str:
        return str(result.explanation.get("error") or "")


class EvaluationSerializer(serializers.ModelSerializer):
    campaign = CampaignRefSerializer(read_only=True, label=pgettext_lazy("api", "campaign"))
    organization = OrganizationRefSerializer(read_only=True, label=pgettext_lazy("api", "organization"))
    status = serializers.CharField(read_only=True, help_text="draft | submitted")
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, label=pgettext_lazy("api", "status (label)")
    )
    version = serializers.IntegerField(
        source="lock_version",
        read_only=True,
        label=pgettext_lazy("api", "version"),
        help_text=_("Send it back with the scores; a save over a newer version is refused (409)."),
    )
    stars = serializers.IntegerField(source="result.stars", read_only=True, allow_null=True, default=None)
    total = serializers.DecimalField(
        source="result.total", max_digits=7, decimal_places=2, read_only=True, allow_null=True, default=None
    )
    grade = serializers.CharField(source="result.grade", read_only=True, allow_null=True, default=None)
    subject_kind = serializers.CharField(read_only=True, help_text="organization | secretary | member")
    subject = serializers.CharField(
        source="subject_name",
        read_only=True,
        label=pgettext_lazy("api", "subject"),
        help_text=_("Who is rated: the organization, or the secretary or member with their organization."),
    )
    secretary = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("The secretary's tenure rated, in a secretary campaign; null otherwise."),
    )
    member = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text=_("The party member rated, in a member campaign; null otherwise.")
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "campaign",
            "organization",
            "subject_kind",
            "subject",
            "secretary",
            "member",
            "status",
            "status_label",
            "version",
            "stars",
            "total",
            "grade",
        ]
        read_only_fields = fields


class EvaluationDetailSerializer(EvaluationSerializer):
    result = serializers.SerializerMethodField(
        label=pgettext_lazy("api", "result"), help_text=_("Null until the campaign has been computed.")
    )

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "result"]
        read_only_fields = fields

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, evaluation: Evaluation) -> dict | None:
        result = getattr(evaluation, "result", None)
        return ResultSerializer(result).data if result is not None else None


class StageScoresSerializer(serializers.Serializer):
    """What one stage entered: points and notes by leaf code, vetoes hit by veto code with their notes."""

    scores = serializers.DictField(
        child=serializers.CharField(), help_text=_('Points by item code, for example {"A1.1": "1.5"}.')
    )
    notes = serializers.DictField(child=serializers.CharField(), help_text=_("Notes by item code, where given."))
    vetoes = serializers.DictField(
        child=serializers.CharField(), help_text=_("The veto items hit, by code, with the note that says why.")
    )


class StagesSerializer(serializers.Serializer):
    self_assessment = StageScoresSerializer(label=Stage.SELF_ASSESSMENT.label)
    review = StageScoresSerializer(label=Stage.REVIEW.label)


class EvaluationScoresSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    version = serializers.IntegerField(
        help_text=_("Send it back with the scores; a save over a newer version is refused (409).")
    )
    declared_stars = serializers.IntegerField(
        allow_null=True, help_text=_("The star level declared with the self-assessment; null when none was declared.")
    )
    may_enter = serializers.ListField(
        child=serializers.CharField(), help_text=_("The stages you may enter: self_assessment, review.")
    )
    stages = StagesSerializer()


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 5, "nullable": True})
class DeclaredStarsField(serializers.CharField):
    """A star level passed on as sent: the service checks it and names the field, with the page's message."""


class ScoresSaveSerializer(serializers.Serializer):
    """One stage's score sheet to upsert, as the score-entry page saves it: a blank or null value clears a score;
    vetoes, when given, replace the list; the review adds how items were checked, the self-assessment its stars."""

    stage = serializers.ChoiceField(choices=Stage.choices)
    version = serializers.IntegerField(
        min_value=0, help_text=_("The version you read; a save over a newer version is refused (409).")
    )
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True),
        required=False,
        default=dict,
        help_text=_("Points by item code, in half points; blank or null clears the item's score."),
    )
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text=_("Notes by item code; an item with a note needs points."),
    )
    vetoes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The veto items hit, by code, each with the note that says why; replaces the stage's list."),
    )
    methods = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Review only: how each item was checked, by item code, a list of on_site (on-site inspection), "
            "documents (document review) and interview; an empty list clears the item, items not named stay."
        ),
    )
    declared_stars = DeclaredStarsField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=_(
            "Self-assessment only: the star level the organization declares, 0 to 5; null clears it; left out, "
            "it stays."
        ),
    )
