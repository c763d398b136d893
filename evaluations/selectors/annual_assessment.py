"""The annual assessment of a street's or the district's secretaries from the year's quarterly scoring (Jinyuan,
seed 001: the quarterly 8-aspect scoring feeds the annual assessment, which gives the base stars of rule B1).

Who is listed: every secretary of a community under the scope in office at some time of the year (the person once,
in their latest tenure). A quarter counts when its quarterly rating is final: the evaluation approved, with a total
the engine computed (not refused); a quarter rated but not yet approved is named as pending. The proposals already
made for the year under the rule set's base-star and reduced-star rules are read with them. Five queries whatever
the number of secretaries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from evaluations.models import (
    Evaluation,
    EvaluationStatus,
    PeriodKind,
    SecretaryStarChange,
    SecretaryStarRuleSet,
    StarChangeStatus,
    SubjectKind,
)
from evaluations.rules.annual_assessment import (
    BASICALLY_QUALIFIED,
    EXCELLENT,
    GOOD,
    QUALIFIED,
    UNQUALIFIED,
    AnnualAssessment,
    QuarterTotal,
    annual_assessment,
)
from orgs.models import Level, Organization, Secretary
from orgs.tree import street_path_of

GRADE_LABELS = {
    EXCELLENT: pgettext_lazy("annual assessment grade", "Excellent"),
    GOOD: pgettext_lazy("annual assessment grade", "Good"),
    QUALIFIED: pgettext_lazy("annual assessment grade", "Qualified"),
    BASICALLY_QUALIFIED: pgettext_lazy("annual assessment grade", "Basically qualified"),
    UNQUALIFIED: pgettext_lazy("annual assessment grade", "Unqualified"),
}


@dataclass(frozen=True)
class ProposalState:
    """A change already made for the year under one of the assessment's rules."""

    change_id: int
    status: str
    stars: int
    computed: bool  # made from the annual assessment (not by hand)
    assessment: dict = field(default_factory=dict, compare=False)  # the computation it was made from

    @property
    def undecided(self) -> bool:
        return self.status == StarChangeStatus.PROPOSED

    @property
    def status_label(self) -> str:
        return str(StarChangeStatus(self.status).label)


@dataclass
class AssessmentRow:
    person_key: str
    secretary_id: int
    name: str
    organization_name: str
    street_path: str
    assessment: AnnualAssessment
    pending: tuple[int, ...] = ()  # quarters rated but not approved yet
    base: ProposalState | None = None
    reduced: ProposalState | None = None

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS[self.assessment.grade]) if self.assessment.grade else ""

    @property
    def scores(self) -> dict[int, Decimal]:
        return dict(self.assessment.scores)

    @property
    def quarter_cells(self) -> list[Decimal | None]:
        scores = self.scores
        return [scores.get(quarter) for quarter in (1, 2, 3, 4)]

    @property
    def proposed(self) -> bool:
        return self.base is not None or self.reduced is not None


@dataclass
class StreetSummary:
    street_id: int
    name: str
    secretaries: int = 0
    assessed: int = 0
    proposed: int = 0
    not_assessable: int = 0


@dataclass
class AnnualAssessmentTable:
    scope: Organization
    year: int
    rule_set: SecretaryStarRuleSet
    rows: list[AssessmentRow]
    streets: list[StreetSummary] = field(default_factory=list)

    @property
    def totals(self) -> StreetSummary:
        """The counts of the whole scope."""
        return StreetSummary(
            self.scope.pk,
            self.scope.name,
            len(self.rows),
            len(self.assessable),
            sum(row.proposed for row in self.rows),
            len(self.not_assessable),
        )

    @property
    def assessable(self) -> list[AssessmentRow]:
        return [row for row in self.rows if row.assessment.assessable]

    @property
    def not_assessable(self) -> list[AssessmentRow]:
        return [row for row in self.rows if not row.assessment.assessable]


def _tenures(scope: Organization, year: int) -> dict[str, dict]:
    """Each person's latest tenure of a community under the scope held during the year."""
    tenures = (
        Secretary.objects.filter(
            organization__path__startswith=scope.path,
            organization__level=Level.COMMUNITY,
            started_on__lte=date(year, 12, 31),
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1)))
        .order_by("started_on", "pk")
        .values("pk", "id_card_hash", "name", "organization__name", "organization__path")
    )
    return {tenure["id_card_hash"]: tenure for tenure in tenures}  # the latest tenure wins


def _quarters(scope: Organization, year: int) -> tuple[dict[str, dict[int, QuarterTotal]], dict[str, set[int]]]:
    """The persons' final quarterly totals of the year (the latest approved one of a quarter) and the quarters
    rated but not final. A rating in another tenure counts: the results follow the person."""
    rated = Evaluation.objects.filter(
        campaign__period_kind=PeriodKind.QUARTER,
        campaign__year=year,
        subject_kind=SubjectKind.SECRETARY,
        secretary__id_card_hash__in=Secretary.objects.filter(organization__path__startswith=scope.path).values(
            "id_card_hash"
        ),
    ).exclude(status=EvaluationStatus.WITHDRAWN)
    final = (
        rated.filter(status=EvaluationStatus.APPROVED, result__total__isnull=False, result__points_max__gt=0)
        .exclude(result__explanation__has_key="error")
        .order_by("approved_at", "pk")
        .values_list("secretary__id_card_hash", "campaign__period_number", "result__total", "result__points_max")
    )
    totals: dict[str, dict[int, QuarterTotal]] = defaultdict(dict)
    for person_key, quarter, total, points_max in final:
        totals[person_key][quarter] = QuarterTotal(quarter, total, points_max)
    pending: dict[str, set[int]] = defaultdict(set)
    for person_key, quarter in rated.values_list("secretary__id_card_hash", "campaign__period_number").distinct():
        if quarter not in totals.get(person_key, {}):
            pending[person_key].add(quarter)
    return totals, pending


def assessment_proposals(
    person_keys: list[str], year: int, rule_set: SecretaryStarRuleSet
) -> dict[tuple[str, str], list]:
    """The year's changes under the assessment's two rules, by person and rule code, oldest first."""
    changes = SecretaryStarChange.objects.filter(
        record__year=year,
        record__person_key__in=person_keys,
        rule__rule_set=rule_set,
        rule__code__in=(rule_set.annual_base_rule_code, rule_set.annual_poor_rule_code),
    ).order_by("proposed_at", "pk")
    found: dict[tuple[str, str], list] = defaultdict(list)
    for pk, person_key, code, status, stars, assessment in changes.values_list(
        "pk", "record__person_key", "rule__code", "status", "stars", "assessment"
    ):
        found[person_key, code].append(ProposalState(pk, status, stars, bool(assessment), assessment))
    return found


def shown_proposal(states: list[ProposalState]) -> ProposalState | None:
    """The change the table shows for a rule: the one standing (proposed or approved), else the latest."""
    standing = [state for state in states if state.status in (StarChangeStatus.PROPOSED, StarChangeStatus.APPROVED)]
    return (standing or states or [None])[-1]


def annual_assessment_table(*, scope: Organization, year: int, rule_set: SecretaryStarRuleSet) -> AnnualAssessmentTable:
    """Every secretary under the scope with their quarters, mean, grade and the proposals made, and per street how
    many are assessed, proposed and not assessable."""
    rule = rule_set.annual_assessment_rule()
    tenures = _tenures(scope, year)
    totals, pending = _quarters(scope, year)
    proposals = assessment_proposals(list(tenures), year, rule_set)
    rows = []
    for person_key, tenure in tenures.items():
        assessment = annual_assessment(year=year, quarters=totals.get(person_key, {}), rule=rule)
        rows.append(
            AssessmentRow(
                person_key=person_key,
                secretary_id=tenure["pk"],
                name=tenure["name"],
                organization_name=tenure["organization__name"],
                street_path=street_path_of(tenure["organization__path"]),
                assessment=assessment,
                pending=tuple(sorted(pending.get(person_key, ()))),
                base=shown_proposal(proposals.get((person_key, rule_set.annual_base_rule_code), [])),
                reduced=shown_proposal(proposals.get((person_key, rule_set.annual_poor_rule_code), [])),
            )
        )
    streets = Organization.objects.filter(level=Level.STREET, path__startswith=scope.path)  # a street: itself
    summaries = {street.path: StreetSummary(street.pk, street.name) for street in streets.order_by("path")}
    paths = {path: index for index, path in enumerate(summaries)}
    rows.sort(key=lambda row: (paths.get(row.street_path, len(paths)), row.organization_name, row.name))
    for row in rows:
        summary = summaries.get(row.street_path)
        if summary is None:
            continue
        summary.secretaries += 1
        summary.assessed += row.assessment.assessable
        summary.not_assessable += not row.assessment.assessable
        summary.proposed += row.proposed
    return AnnualAssessmentTable(scope, year, rule_set, rows, list(summaries.values()))
