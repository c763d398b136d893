"""The demo district's pioneer index year (先锋指数, seed 004), run by ``seed_demo_campaigns``.

Over the demo member's community: the demo member's branch is at the self-evaluation (the demo member
self-evaluates, org_admin follows the branch); the next branch has voted on paper, been reviewed and had its grades
made final after the publicity (its members' grades and their "why"); a third one is in publicity now (the public
page). Everything goes through the services, as the system administrator.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from evaluations.models import Campaign, Evaluation
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.democratic_votes.votes import (
    democratic_paper_results_enter,
    democratic_vote_close,
    democratic_vote_open,
)
from evaluations.services.pioneer.branch import pioneer_branch_advance
from evaluations.services.pioneer.grades import pioneer_grades_finalize
from evaluations.services.pioneer.sheets import pioneer_review_save
from evaluations.services.publicity import publicity_close
from orgs.models import Level, Organization, User
from orgs.tree import street_path_of
from scoring.definitions import Kind
from scoring.models import IndicatorTemplate

OPTIONS = (("excellent", 0.3), ("qualified", 0.55), ("basically_qualified", 0.12), ("unqualified", 0.03))


def _review_points(evaluation: Evaluation, rng: random.Random) -> dict[str, str]:
    """Points per index item, most members near the top: whole or half points within each item."""
    points = {}
    for _dimension, leaf in evaluation.template.as_definition().leaves():
        if leaf.kind != Kind.DEDUCTION:
            share = Decimal(str(rng.choice((1, 1, 0.95, 0.9, 0.85, 0.8, 0.7))))
            points[leaf.code] = str((leaf.points_max * share * 2).to_integral_value() / 2)
    return points


def _branch_through_review(campaign: Campaign, branch: Organization, admin: User, rng: random.Random) -> None:
    """Self-evaluation closed, the paper vote of the branch meeting entered, every member reviewed, publicity."""
    pioneer_branch_advance(campaign=campaign, branch=branch, by=admin)
    vote = democratic_vote_open(campaign=campaign, branch=branch, by=admin)
    evaluations = list(Evaluation.objects.filter(campaign=campaign, organization=branch).select_related("template"))
    voters = max(len(evaluations) - 1, 1)
    counts = {}
    for evaluation in evaluations:
        per_option = dict.fromkeys((code for code, _weight in OPTIONS), 0)
        for _voter in range(voters):
            per_option[rng.choices([c for c, _w in OPTIONS], [w for _c, w in OPTIONS])[0]] += 1
        counts[evaluation.pk] = per_option
    democratic_paper_results_enter(vote=vote, paper_voters=vote.eligible_voters, counts=counts, by=admin)
    democratic_vote_close(vote=vote, by=admin)
    pioneer_branch_advance(campaign=campaign, branch=branch, by=admin)
    for index, evaluation in enumerate(evaluations):
        pioneer_review_save(
            evaluation=evaluation,
            points=_review_points(evaluation, rng),
            deductions={"R3": "-3"} if index == 2 else {},
            reason="支部委员会综合日常表现评议。",
            vote_counts=counts[evaluation.pk],
            submit=True,
            by=admin,
        )
    pioneer_branch_advance(campaign=campaign, branch=branch, by=admin)


def pioneer_demo_year(name: str, templates: dict[str, IndicatorTemplate], year: int, admin: User) -> None:
    member_user = User.objects.filter(username="member", member__isnull=False).select_related("member").first()
    if member_user is None:
        return
    branch = member_user.member.branch
    community = branch.get_parent() or branch
    campaign = campaign_create(
        name=name,
        template=templates["lengshuijiang_pioneer_2023_village"],
        scope=community,
        year=year,
        procedure="pioneer",
        by=admin,
    )
    campaign = campaign_open(campaign=campaign, by=admin)
    others = list(
        Organization.objects.filter(pk__in=campaign.evaluations.values("organization_id"))
        .exclude(pk=branch.pk)
        .order_by("path")
    )
    rng = random.Random(year)
    street = Organization.objects.filter(level=Level.STREET, path=street_path_of(branch.path)).first()
    if others and street is not None:
        _branch_through_review(campaign, others[0], admin, rng)
        later = timezone.now() + timedelta(days=4)
        publicity_close(campaign=campaign, street=street, by=admin, now=later)
        pioneer_grades_finalize(campaign=campaign, street=street, by=admin)
    if len(others) > 1:
        _branch_through_review(campaign, others[1], admin, rng)
