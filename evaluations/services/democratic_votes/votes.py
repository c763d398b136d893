"""The branch secretary's side of the democratic vote (民主测评): open it, enter the paper results of a branch
meeting, close it once the quorum is reached.

The vote's options and quorum are copied from the campaign's template when it opens (see
evaluations/rules/democratic_votes.py for the defaults), and so are the members entitled to vote: the active
members of the branch then. Closing locks the vote row FOR UPDATE (sheets in flight hold it FOR KEY SHARE), checks
the quorum and rewrites the ballots in random order, as a satisfaction survey's close does.
"""

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Campaign,
    CampaignStatus,
    DemocraticBallot,
    DemocraticPaperCount,
    DemocraticVote,
    DemocraticVoter,
    DemocraticVoteStatus,
    SubjectKind,
)
from evaluations.rules.democratic_votes import democratic_vote_settings, quorum_required
from evaluations.selectors.democratic_votes import rated_evaluations, vote_settings
from evaluations.services.votes.surveys import BALLOT_BATCH, vote_refused
from orgs.models import Member, Organization, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record


def check_vote_runner(by: User | None, branch: Organization, vote_id: object = "") -> None:
    """The branch secretary (an organization administrator over the branch) runs its vote; others 403, audited."""
    check_actor(by, Capability.RUN_DEMOCRATIC_VOTE, branch, object_type="democratic_vote", object_id=vote_id)


def _audit(action: EvaluationAuditAction, vote: DemocraticVote, by: User | None, detail: dict | None = None) -> None:
    audit_record(action=action, actor=by, object_type="democratic_vote", object_id=vote.pk, detail=detail)


def democratic_vote_open(*, campaign: Campaign, branch: Organization, by: User | None) -> DemocraticVote:
    """Open the democratic vote of a branch in a member campaign: once per branch and campaign."""
    check_vote_runner(by, branch)
    if campaign.subject_kind != SubjectKind.MEMBER:
        raise vote_refused(_("Only a campaign that rates party members has a democratic vote."), "not_members")
    if campaign.status != CampaignStatus.OPEN:
        raise vote_refused(_("The campaign is not open: the democratic vote cannot start."), "campaign_closed")
    vote = DemocraticVote(campaign=campaign, branch=branch)
    if not rated_evaluations(vote).exists():
        raise vote_refused(_("No party member of this branch is rated in this campaign."), "nobody_rated")
    settings = democratic_vote_settings((campaign.template.definition or {}).get("democratic_vote"))
    with transaction.atomic():
        if DemocraticVote.objects.select_for_update().filter(campaign=campaign, branch=branch).exists():
            raise vote_refused(_("The democratic vote of this branch has already been opened."), "already_open")
        vote.option_codes = settings.option_codes
        vote.quorum = settings.quorum
        vote.eligible_voters = Member.objects.filter(branch=branch, is_active=True).count()
        vote.opened_by = by
        vote.save()
        detail = {"campaign": campaign.pk, "branch": branch.pk, "eligible_voters": vote.eligible_voters}
        _audit(EvaluationAuditAction.DEMOCRATIC_VOTE_OPEN, vote, by, detail)
    return vote


def _locked(vote: DemocraticVote) -> DemocraticVote:
    locked = DemocraticVote.objects.select_for_update().get(pk=vote.pk)
    if not locked.is_open:
        raise vote_refused(_("This democratic vote is closed."), "closed")
    return locked


def quorum_refusal(vote: DemocraticVote) -> ValidationError | None:
    """Why the vote cannot close yet (fewer voters than the quorum), or None."""
    voted = DemocraticVoter.objects.filter(vote=vote).count() + vote.paper_voters
    required = quorum_required(vote.eligible_voters, vote.quorum)
    if voted >= required:
        return None
    message = _(
        "Only %(voted)s of %(eligible)s members have voted; the quorum is %(required)s: "
        "the democratic vote cannot close below it."
    ) % {"voted": voted, "eligible": vote.eligible_voters, "required": required}
    return vote_refused(message, "below_quorum")


def _ballots_rewrite_in_random_order(vote: DemocraticVote) -> None:
    """Shuffled and with new ids, so that neither the order on disk nor the writing transaction (``xmin``, shared
    with the DemocraticVoter row) follows the order of voting; the counts do not change."""
    ballots = DemocraticBallot.objects.filter(vote_id=vote.pk)
    rows = list(ballots.values_list("evaluation_id", "option", "cast_on"))
    random.SystemRandom().shuffle(rows)
    ballots.delete()
    DemocraticBallot.objects.bulk_create(
        [DemocraticBallot(vote_id=vote.pk, evaluation_id=e, option=o, cast_on=d) for e, o, d in rows],
        batch_size=BALLOT_BATCH,
    )


def democratic_vote_close(*, vote: DemocraticVote, by: User | None) -> DemocraticVote:
    """Close the vote: refused below the quorum; no more sheets after it, its ballots rewritten in random order."""
    check_vote_runner(by, vote.branch, vote.pk)
    with transaction.atomic():
        locked = _locked(vote)
        refusal = quorum_refusal(locked)
        if refusal is not None:
            raise refusal
        now = timezone.now()
        DemocraticVote.objects.filter(pk=vote.pk).update(
            status=DemocraticVoteStatus.CLOSED, closed_at=now, closed_by=by
        )
        vote.status, vote.closed_at, vote.closed_by = DemocraticVoteStatus.CLOSED, now, by
        _ballots_rewrite_in_random_order(vote)
        _audit(EvaluationAuditAction.DEMOCRATIC_VOTE_CLOSE, vote, by)
    return vote


def _paper_errors(vote: DemocraticVote, paper_voters: int, counts: dict[int, dict[str, int]], online: int) -> list[str]:
    """Every reason the paper results do not fit, each naming the member and the option."""
    errors = []
    if paper_voters < 0:
        errors.append(_("The number of members who voted on paper cannot be negative."))
    if online + paper_voters > vote.eligible_voters:
        errors.append(
            _("%(paper)s paper voters and %(online)s online voters make more than the %(eligible)s members entitled.")
            % {"paper": paper_voters, "online": online, "eligible": vote.eligible_voters}
        )
    names = {evaluation.pk: evaluation.member.name for evaluation in rated_evaluations(vote)}
    settings_labels = vote_settings(vote)
    for evaluation_id, per_option in counts.items():
        name = names.get(evaluation_id)
        if name is None:
            errors.append(_("Item %(id)s is not a member rated in this branch.") % {"id": evaluation_id})
            continue
        for option, count in per_option.items():
            if option not in vote.option_codes:
                errors.append(
                    _("%(name)s: “%(option)s” is not an option of this vote.") % {"name": name, "option": option}
                )
            elif count < 0:
                label = settings_labels.label(option)
                errors.append(_("%(name)s, %(option)s: a count cannot be negative.") % {"name": name, "option": label})
        if sum(per_option.values()) > paper_voters:
            errors.append(
                _("%(name)s: %(total)s paper votes, more than the %(paper)s members who voted on paper.")
                % {"name": name, "total": sum(per_option.values()), "paper": paper_voters}
            )
    return errors


def democratic_paper_results_enter(
    *, vote: DemocraticVote, paper_voters: int, counts: dict[int, dict[str, int]], by: User | None
) -> DemocraticVote:
    """Record the paper results of a branch meeting (how many voted on paper, the counts per member and option),
    replacing any entered before; all or nothing, audited."""
    check_vote_runner(by, vote.branch, vote.pk)
    with transaction.atomic():
        locked = _locked(vote)
        errors = _paper_errors(locked, paper_voters, counts, DemocraticVoter.objects.filter(vote=vote).count())
        if errors:
            raise ValidationError(errors, code="bad_paper_results")
        DemocraticVote.objects.filter(pk=vote.pk).update(paper_voters=paper_voters)
        vote.paper_voters = paper_voters
        DemocraticPaperCount.objects.filter(vote=vote).delete()
        DemocraticPaperCount.objects.bulk_create(
            DemocraticPaperCount(vote=vote, evaluation_id=evaluation_id, option=option, count=count, entered_by=by)
            for evaluation_id, per_option in counts.items()
            for option, count in per_option.items()
            if count
        )
        detail = {"paper_voters": paper_voters, "counts": {str(e): c for e, c in counts.items()}}
        _audit(EvaluationAuditAction.DEMOCRATIC_VOTE_PAPER, vote, by, detail)
    return vote
