"""The annual assessment over the API (年度考核, Jinyuan, seed 001): for a year and a street or the district, each
secretary's approved quarterly scores on 100, the mean, the grade, the stars it gives and the proposals made, and a
POST that makes the base-star proposals, as the yearly cycle page does. Scoped like the pages: the district for all
its streets, a street's staff for their street; out of scope 404, without the capability 403, both audited."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import errors_of, invalid
from evaluations.api.secretary_stars import year_parameter
from evaluations.secretary_permissions import ASSESSMENT_CAPABILITY, get_assessment_scope_for_user
from evaluations.selectors.annual_assessment import AnnualAssessmentTable, AssessmentRow, annual_assessment_table
from evaluations.selectors.secretary_stars import active_rule_set
from evaluations.services.secretary_stars.annual import annual_assessment_propose
from orgs.api.filters import id_parameter, id_query_parameter
from orgs.api.views import ApiMixin
from orgs.models import Level, Organization, User
from orgs.permissions import organizations_visible_to, require_capability

YEAR_MISSING = gettext_lazy("Give the year assessed.")
NO_RULE_SET = gettext_lazy("No secretary star rule set is in use: load one first.")
YEAR_REQUIRED = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 2000, "maximum": 2099},
    required=True,
    description=gettext_lazy("The year assessed."),
)
ORGANIZATION = id_query_parameter(
    "organization", gettext_lazy("The street or district; by default the widest one you propose for.")
)
REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; the message says why.")),
    403: OpenApiResponse(description=gettext_lazy("Only the district or a street's staff propose base stars.")),
    404: OpenApiResponse(description=gettext_lazy("No such street or district in your scope.")),
}


class QuarterScoreSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    score = serializers.DecimalField(max_digits=7, decimal_places=2, help_text=gettext_lazy("The total on 100."))


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="change_id")
    status = serializers.CharField(help_text=gettext_lazy("One of proposed, approved, rejected, undone."))
    stars = serializers.IntegerField()
    computed = serializers.BooleanField(help_text=gettext_lazy("Made from the annual assessment, not by hand."))


class AssessmentRowSerializer(serializers.Serializer):
    secretary = serializers.IntegerField(source="secretary_id")
    name = serializers.CharField()
    organization = serializers.CharField(source="organization_name")
    quarters = QuarterScoreSerializer(many=True, source="assessment_scores")
    missing = serializers.ListField(child=serializers.IntegerField(), source="assessment.missing")
    pending = serializers.ListField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Quarters rated but not approved yet.")
    )
    assessable = serializers.BooleanField(source="assessment.assessable")
    mean = serializers.DecimalField(max_digits=7, decimal_places=2, source="assessment.mean", allow_null=True)
    grade = serializers.CharField(
        source="assessment.grade",
        help_text=gettext_lazy(
            "excellent, good, qualified, basically_qualified, unqualified; empty if not assessable."
        ),
    )
    grade_label = serializers.CharField()
    base_stars = serializers.IntegerField(source="assessment.base_stars")
    reduced_stars = serializers.IntegerField(source="assessment.reduced_stars")
    base_proposal = ProposalSerializer(source="base", allow_null=True)
    reduced_proposal = ProposalSerializer(source="reduced", allow_null=True)


class StreetCountsSerializer(serializers.Serializer):
    street = serializers.IntegerField(source="street_id")
    name = serializers.CharField()
    secretaries = serializers.IntegerField()
    assessed = serializers.IntegerField()
    proposed = serializers.IntegerField()
    not_assessable = serializers.IntegerField()


class AnnualAssessmentSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    organization = serializers.IntegerField(source="scope.pk")
    organization_name = serializers.CharField(source="scope.name")
    quarters_required = serializers.IntegerField(source="rule_set.annual_quarters_required")
    streets = StreetCountsSerializer(many=True)
    secretaries = AssessmentRowSerializer(many=True, source="rows")


class ProposeSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2099)
    organization = serializers.IntegerField(
        min_value=1, required=False, help_text=gettext_lazy("The street or district; by default the widest one.")
    )


class ProposeOutcomeSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    not_assessable = serializers.IntegerField()
    decided = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("Decided, left as they are."))
    by_hand = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Proposed by hand and undecided, left as they are.")
    )


class _Row:
    """A table row as the serializer reads it (the quarters as a list)."""

    def __init__(self, row: AssessmentRow):
        self.row = row
        self.assessment_scores = [{"quarter": quarter, "score": score} for quarter, score in row.assessment.scores]

    def __getattr__(self, name: str) -> object:
        return getattr(self.row, name)


def _default_scope(user: User) -> Organization:
    """The widest street or district the user proposes for: the district for its organization department."""
    visible = organizations_visible_to(user, ASSESSMENT_CAPABILITY).filter(level__in=(Level.DISTRICT, Level.STREET))
    scope = visible.order_by("depth", "path").first()
    if scope is None:
        require_capability(user, ASSESSMENT_CAPABILITY)  # refused, audited
    return scope


def _scope(request: Request, pk: int | None) -> Organization:
    if pk is None:
        return _default_scope(request.user)
    return get_assessment_scope_for_user(request.user, pk)


class SecretaryStarAssessmentViewSet(ApiMixin, viewsets.ViewSet):
    """The annual assessment of a year from the quarterly scoring; POST …/propose/ makes the base-star proposals."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[YEAR_REQUIRED, ORGANIZATION], responses={200: AnnualAssessmentSerializer, **REFUSALS})
    def list(self, request: Request) -> Response:
        """Each secretary of the street or district with their quarters, mean, grade and proposals, and the counts
        per street."""
        require_capability(request.user, ASSESSMENT_CAPABILITY)
        organization_id = id_parameter(request, "organization")  # a malformed id is refused first, by name
        year = year_parameter(request)
        if year is None:
            return Response({"errors": {"year": str(YEAR_MISSING)}}, status.HTTP_400_BAD_REQUEST)
        scope = _scope(request, organization_id)
        rule_set = active_rule_set()
        if rule_set is None:
            return Response({"errors": {"year": str(NO_RULE_SET)}}, status.HTTP_400_BAD_REQUEST)
        table: AnnualAssessmentTable = annual_assessment_table(scope=scope, year=year, rule_set=rule_set)
        table.rows = [_Row(row) for row in table.rows]
        return Response(AnnualAssessmentSerializer(table).data)

    @extend_schema(request=ProposeSerializer, responses={200: ProposeOutcomeSerializer, **REFUSALS})
    @action(detail=False, methods=["post"])
    def propose(self, request: Request) -> Response:
        """Propose the year's base stars of every assessable secretary of the street or district (and the reduced
        star of a poor year); running it again changes only what changed."""
        require_capability(request.user, ASSESSMENT_CAPABILITY)  # who may never propose is refused first, audited
        entry = ProposeSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        scope = _scope(request, entry.validated_data.get("organization"))
        try:
            outcome = annual_assessment_propose(scope=scope, year=entry.validated_data["year"], by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "year")}, status.HTTP_400_BAD_REQUEST)
        return Response(ProposeOutcomeSerializer(outcome).data)
