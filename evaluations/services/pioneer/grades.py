"""Pioneer index grades: computed per branch as it submits its review (or for a whole campaign in bulk), then made
final after the publicity, per street or for the whole campaign.

Grading and finalising take turns per street: on PostgreSQL one branch's or street's step shares the campaign's row
and locks its street, so branches of different streets (a province's thousands) are graded at once, and a step
over the whole campaign locks the campaign's row and waits for them all. Elsewhere (SQLite, one writer at a time)
every step locks the campaign."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    EvaluationStatus,
    PioneerResult,
    PioneerSheet,
    PioneerSheetStage,
    SubjectKind,
)
from evaluations.selectors.pioneer_inputs import campaign_pioneer_inputs
from evaluations.services.consequence_runs import consequences_request
from evaluations.services.followups import follow_ups_open
from evaluations.services.pioneer.writes import results_upsert
from evaluations.services.street_turns import PIONEER_GRADES, street_turns_take
from orgs.models import Organization, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from orgs.tree import street_path_of
from scoring.engine.pioneer import PioneerOutcome, grade_group

CAMPAIGN_SHARED_SQL = "SELECT id FROM evaluations_campaign WHERE id = %s FOR SHARE"


def _campaign_locked(campaign: Campaign, scope: Organization | None) -> Campaign:
    """The campaign, locked for a step over one branch's or street's grades (``scope``: their street's turn) or
    over all of them (``scope`` None: the whole campaign's)."""
    if scope is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(CAMPAIGN_SHARED_SQL, [campaign.pk])
        street_turns_take(PIONEER_GRADES, [street_path_of(scope.path)])
        return Campaign.objects.select_related("template").get(pk=campaign.pk)
    return Campaign.objects.select_for_update().select_related("template").get(pk=campaign.pk)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def outcome_explanation(outcome: PioneerOutcome, *, vote_weight: Decimal, quorum_met: bool) -> dict:
    """The outcome as stored, numbers as text: what the member's "why" page and the exports show."""
    return {
        "index_points": {code: _text(points) for code, points in outcome.index_points.items()},
        "index_total": _text(outcome.index_total),
        "vote_score": _text(outcome.vote_score),
        "vote_share": _text(outcome.vote_share),
        "ballots": outcome.ballots,
        "vote_weight": _text(vote_weight),
        "quorum_met": quorum_met,
        "deductions": {code: _text(points) for code, points in outcome.deductions.items()},
        "band_grade": outcome.band_grade,
        "cap_area": outcome.cap_area,
    }


def _check_campaign(
    campaign: Campaign, by: User | None, capability: Capability, organization: Organization | None = None
) -> Campaign:
    check_actor(
        by,
        capability,
        organization or campaign.scope,
        object_type="campaign",
        object_id=campaign.pk,
        alternatives=(Capability.MANAGE_CAMPAIGNS, Capability.REVIEW_SCORES),
    )
    if campaign.subject_kind != SubjectKind.MEMBER or campaign.template.scheme != "pioneer_grade":
        raise ValidationError(_("Only a pioneer index campaign has member grades."))
    return campaign


def pioneer_grades_compute(*, campaign: Campaign, by: User | None, branch: Organization | None = None) -> int:
    """Grade every reviewed member of the campaign, or of one branch, (seed 004) and store the results in bulk;
    returns how many. Grades already made final are never recomputed. A fixed number of queries however many
    members; the branch committee grades its own branch when it submits its review."""
    _check_campaign(campaign, by, Capability.ENTER_SELF_ASSESSMENT if branch else Capability.MANAGE_CAMPAIGNS, branch)
    with transaction.atomic():
        locked = _campaign_locked(campaign, branch)
        results_of = PioneerResult.objects.filter(evaluation__campaign=locked)
        if branch is not None:
            results_of = results_of.filter(evaluation__organization=branch)
        if results_of.filter(finalized_at__isnull=False).exists():
            raise ValidationError(_("These grades are final: they are not computed again."))
        gathered = campaign_pioneer_inputs(locked, branch=branch)
        campaign_rules = locked.template.as_definition().pioneer
        outcomes = grade_group(
            {pk: (gathered.templates[gathered.template_of[pk]], inputs) for pk, inputs in gathered.inputs.items()},
            gathered.branch_of,
            excellent_share=campaign_rules.excellent_share if campaign_rules else None,
        )
        now = timezone.now()
        results = []
        for pk, outcome in outcomes.items():
            rules = gathered.templates[gathered.template_of[pk]].pioneer
            results.append(
                PioneerResult(
                    evaluation_id=pk,
                    final_points=outcome.final_points,
                    grade=outcome.grade,
                    decided_by=outcome.decided_by,
                    explanation=outcome_explanation(
                        outcome, vote_weight=rules.vote_weight, quorum_met=gathered.quorum_met[pk]
                    ),
                    computed_at=now,
                )
            )
        # Results whose review was taken back, or whose member was withdrawn, go; a subquery, not a list of ids.
        reviewed = PioneerSheet.objects.filter(
            evaluation__campaign=locked, stage=PioneerSheetStage.BRANCH_REVIEW, submitted_at__isnull=False
        ).exclude(evaluation__status=EvaluationStatus.WITHDRAWN)
        results_of.exclude(evaluation_id__in=reviewed.values("evaluation_id")).delete()
        results_upsert(results)
        audit_record(
            action=EvaluationAuditAction.PIONEER_GRADES_COMPUTE,
            actor=by,
            object_type="campaign",
            object_id=locked.pk,
            detail={
                "graded": len(results),
                "not_reviewed": len(gathered.inputs) - len(results),
                "branch": branch.pk if branch else None,
            },
        )
    return len(results)


def pioneer_grades_finalize(*, campaign: Campaign, by: User | None, street: Organization | None = None) -> int:
    """Make the grades final once their publicity has closed (seed 004 公示公告): members then see their grade and
    why, and follow-up per grade may start. Grades still in publicity wait; returns how many became final."""
    _check_campaign(campaign, by, Capability.RUN_PUBLICITY, street)
    with transaction.atomic():
        locked = _campaign_locked(campaign, street)
        closed = PioneerResult.objects.filter(
            evaluation__campaign=locked, evaluation__status=EvaluationStatus.APPROVED, finalized_at__isnull=True
        )
        if street is not None:
            closed = closed.filter(evaluation__organization__path__startswith=street.path)
        now = timezone.now()
        branches = list(closed.values_list("evaluation__organization_id", flat=True).distinct())
        count = closed.update(finalized_at=now, finalized_by=by)
        if not count:
            raise ValidationError(_("No grade has finished its publicity: close the publicity first."))
        audit_record(
            action=EvaluationAuditAction.PIONEER_GRADES_FINALIZE,
            actor=by,
            object_type="campaign",
            object_id=locked.pk,
            detail={"finalized": count, "street": street.pk if street else None},
        )
        # Follow-up per grade starts as the grades become final, in the same transaction.
        follow_ups_open(campaign=locked, by=by, street=street)
        consequences_request(organization_ids=branches, cause="pioneer_final", by=by)
    return count
