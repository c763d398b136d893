"""Reads of the pioneer index (先锋指数) for its pages, API and exports: a branch's members side by side, a member's
grade and why, a campaign's results in the user's scope. Each in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from evaluations.models import Campaign, Evaluation, MemberGrade, PioneerResult, PioneerSheet, PioneerSheetStage
from evaluations.selectors.democratic_votes import vote_tallies
from evaluations.selectors.evaluations import evaluations_visible_to
from orgs.models import Organization, User
from orgs.permissions import Capability
from scoring.definitions import Kind, Template
from scoring.engine.pioneer import DECIDED_BY_CAP, DECIDED_BY_EXCELLENT_SHARE, vote_score

# The pioneer index's names for the stages (seed 004): 党员自评 → 民主测评 → 支部评议 → 公示公告.
PIONEER_STEP_LABELS = {
    "self_assessment": pgettext_lazy("pioneer step", "Self-evaluation"),
    "vote": pgettext_lazy("pioneer step", "Democratic vote"),
    "review": pgettext_lazy("pioneer step", "Branch review"),
    "publicity": pgettext_lazy("pioneer step", "Publicity"),
}


def step_label(evaluation: Evaluation) -> str:
    """Where the member stands, as the pioneer index names it; after the publicity, done."""
    if evaluation.status == "approved":
        return str(pgettext_lazy("pioneer step", "Publicity ended"))
    kind = evaluation.stage.kind if evaluation.stage_id and evaluation.stage else ""
    return str(PIONEER_STEP_LABELS.get(kind, "—"))


def grade_label(code: str) -> str:
    return str(MemberGrade(code).label) if code in MemberGrade.values else ""


def pioneer_evaluations_of_member(member_id: int | None) -> QuerySet:
    """The member's own evaluations in pioneer index campaigns, newest first, with their result."""
    return (
        Evaluation.objects.filter(member_id=member_id, template__scheme="pioneer_grade")
        .exclude(member_id=None)
        .select_related("campaign", "organization", "stage", "pioneer_result")
        .order_by("-campaign__year", "-pk")
    )


def sheets_of(evaluation_ids) -> dict[tuple[int, str], PioneerSheet]:
    return {
        (sheet.evaluation_id, sheet.stage): sheet
        for sheet in PioneerSheet.objects.filter(evaluation_id__in=list(evaluation_ids))
    }


@dataclass
class BranchRow:
    evaluation: Evaluation
    self_sheet: PioneerSheet | None
    review_sheet: PioneerSheet | None
    counts: dict[str, int]
    vote_score: Decimal | None
    quorum_met: bool
    result: PioneerResult | None
    vote_summary: str = ""
    step: str = ""


@dataclass
class BranchOverview:
    campaign: Campaign
    branch: Organization
    rows: list[BranchRow] = field(default_factory=list)
    vote_options: tuple = ()
    voters: int = 0
    eligible: int = 0
    quorum_required: int = 0

    @property
    def stage_kinds(self) -> set[str]:
        return {row.evaluation.stage.kind for row in self.rows if row.evaluation.stage}


def branch_overview(campaign: Campaign, branch: Organization) -> BranchOverview:
    """Every member of the branch with their self-evaluation, vote result, branch review and grade."""
    evaluations = list(
        Evaluation.objects.filter(campaign=campaign, organization=branch)
        .select_related("stage", "member", "template", "pioneer_result")
        .order_by("member__name", "pk")
    )
    ids = [evaluation.pk for evaluation in evaluations]
    sheets = sheets_of(ids)
    tallies = vote_tallies(ids)
    rules = campaign.template.as_definition().pioneer
    overview = BranchOverview(campaign=campaign, branch=branch, vote_options=rules.vote_options)
    for evaluation in evaluations:
        tally = tallies.get(evaluation.pk)
        counts = dict(tally.counts) if tally else {}
        if tally:
            overview.voters, overview.eligible = tally.voters_counted, tally.eligible_voters
            overview.quorum_required = tally.quorum_required
        overview.rows.append(
            BranchRow(
                evaluation=evaluation,
                self_sheet=sheets.get((evaluation.pk, PioneerSheetStage.SELF_EVALUATION)),
                review_sheet=sheets.get((evaluation.pk, PioneerSheetStage.BRANCH_REVIEW)),
                counts=counts,
                vote_score=vote_score(rules, counts)[0],
                quorum_met=bool(tally and tally.quorum_met),
                result=getattr(evaluation, "pioneer_result", None),
                step=step_label(evaluation),
                vote_summary=" · ".join(f"{o.label} {counts.get(o.code, 0)}" for o in rules.vote_options)
                if counts
                else "",
            )
        )
    return overview


def _item_names(template: Template) -> dict[str, str]:
    names = {dimension.code: dimension.name for dimension in template.dimensions}
    names.update({leaf.code: leaf.name for _dimension, leaf in template.leaves()})
    return names


def grade_reason(result: PioneerResult, template: Template) -> str:
    """The sentence that says what decided the grade: the band, a cap and its area, or the branch's share."""
    explanation = result.explanation or {}
    names = _item_names(template)
    band = grade_label(explanation.get("band_grade", ""))
    if result.decided_by == DECIDED_BY_CAP:
        return _(
            "The final points fall in the band of %(band)s, but a deduction for %(area)s caps the grade at %(grade)s."
        ) % {"band": band, "area": names.get(explanation.get("cap_area"), ""), "grade": grade_label(result.grade)}
    if result.decided_by == DECIDED_BY_EXCELLENT_SHARE:
        share = template.pioneer.excellent_share if template.pioneer else None
        return _(
            "The final points fall in the band of %(band)s, but at most %(share)s%% of the branch's members may be "
            "excellent and members with more points took those places: the grade is %(grade)s."
        ) % {"band": band, "share": f"{(share or 0) * 100:.0f}", "grade": grade_label(result.grade)}
    for each in template.pioneer.bands if template.pioneer else ():
        if each.grade == result.grade:
            return _("The final points %(points)s fall in the band of %(grade)s (%(lower)s to %(upper)s points).") % {
                "points": result.final_points,
                "grade": grade_label(result.grade),
                "lower": f"{each.lower:f}",
                "upper": f"{each.upper:f}",
            }
    return ""


def formula_text(explanation: dict, result: PioneerResult) -> str:
    """How the final points were added up, in figures: review × weight + vote × weight + deductions = final."""
    deductions = sum((Decimal(value) for value in (explanation.get("deductions") or {}).values()), Decimal(0))
    weight = Decimal(explanation.get("vote_weight") or 0)
    values = {
        "review": explanation.get("index_total"),
        "final": result.final_points,
        "deductions": f"− {abs(deductions):f}",
    }
    if explanation.get("vote_score") is None:
        return _("%(review)s (branch review) %(deductions)s (deductions) = %(final)s") % values
    return _(
        "%(review)s (branch review) × %(review_weight)s%% + %(vote)s (democratic vote) × %(vote_weight)s%% "
        "%(deductions)s (deductions) = %(final)s"
    ) % {
        **values,
        "vote": explanation.get("vote_score"),
        "review_weight": f"{(1 - weight) * 100:.0f}",
        "vote_weight": f"{weight * 100:.0f}",
    }


def grade_explanation(evaluation: Evaluation) -> dict | None:
    """Why the member has their grade: the points per index, the vote score and share, the deductions by name, and
    what decided the grade. None before a grade is computed."""
    result = PioneerResult.objects.filter(evaluation=evaluation).first()
    if result is None:
        return None
    template = evaluation.template.as_definition()
    names = _item_names(template)
    explanation = result.explanation or {}
    index_points = explanation.get("index_points") or {}
    vote_share = explanation.get("vote_share")
    deduction_names = {leaf.code for _d, leaf in template.leaves() if leaf.kind == Kind.DEDUCTION}
    return {
        "result": result,
        "grade": grade_label(result.grade),
        # In the template's order (the stored explanation's keys come back sorted).
        "indices": [
            {"name": dimension.name, "points": index_points[dimension.code], "max": f"{dimension.points_max:f}"}
            for dimension in template.dimensions
            if dimension.code in index_points
        ],
        "formula": formula_text(explanation, result),
        "index_total": explanation.get("index_total"),
        "vote_score": explanation.get("vote_score"),
        "vote_share": f"{Decimal(vote_share) * 100:.1f}" if vote_share else None,
        "ballots": explanation.get("ballots", 0),
        "vote_weight": f"{Decimal(explanation.get('vote_weight') or 0) * 100:.0f}",
        "deductions": [
            {"name": names.get(code, code), "points": points}
            for code, points in (explanation.get("deductions") or {}).items()
            if code in deduction_names
        ],
        "reason": grade_reason(result, template),
    }


def campaign_results(campaign: Campaign, user: User, *, branch: Organization | None = None) -> QuerySet:
    """The campaign's member results in the user's scope (or one branch), by branch and name."""
    evaluations = evaluations_visible_to(user, Capability.VIEW_EVALUATIONS).filter(campaign=campaign)
    if branch is not None:
        evaluations = evaluations.filter(organization__path__startswith=branch.path)
    return (
        PioneerResult.objects.filter(evaluation__in=evaluations)
        .select_related("evaluation__member", "evaluation__organization")
        .order_by("evaluation__organization__path", "evaluation__member__name", "pk")
    )


def publicity_rows(evaluation_ids: list[int]) -> list[dict]:
    """What the public page shows of each member in publicity: name, branch and grade, nothing else; one query."""
    evaluations = (
        Evaluation.objects.filter(pk__in=evaluation_ids)
        .select_related("member", "organization", "pioneer_result")
        .order_by("organization__path", "member__name", "pk")
    )
    return [
        {
            "evaluation_id": evaluation.pk,
            "name": evaluation.member.name if evaluation.member_id else "",
            "branch": evaluation.organization.name,
            "grade": grade_label(getattr(getattr(evaluation, "pioneer_result", None), "grade", "")),
        }
        for evaluation in evaluations
    ]


def pioneer_branches(user: User, campaign: Campaign) -> QuerySet:
    """The branches of a pioneer index campaign in the user's scope, for the campaign page's links."""
    if campaign.template.scheme != "pioneer_grade":
        return Organization.objects.none()
    evaluations = evaluations_visible_to(user).filter(campaign=campaign)
    return Organization.objects.filter(pk__in=evaluations.values("organization_id")).order_by("path")[:200]
