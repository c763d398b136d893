"""Set-up for the follow-up tests: a pioneer index campaign over the street whose members' grades become final."""

from decimal import Decimal

from django.utils import timezone

from evaluations.models import Evaluation, EvaluationStatus, FollowUp, PioneerResult
from evaluations.services.pioneer.grades import pioneer_grades_finalize
from tests.factories import MemberFactory
from tests.support.pioneer import open_pioneer_campaign

# The branch of 张三 (district.branch) with four more members; 李四 is in the other street's branch.
GRADES = {
    "张三": ("excellent", "96"),
    "王五": ("excellent", "92.5"),
    "赵六": ("qualified", "85"),
    "钱七": ("basically_qualified", "68"),
    "孙八": ("unqualified", "52"),
}


def graded_campaign(district, grades: dict[str, tuple[str, str]] = GRADES, *, year: int = 2026):
    """Members of the branch graded (as set-up, through PioneerResult), approved, then made final by the street
    through the grades' finalizing service; returns the campaign."""
    for name in grades:
        if not district.branch.members.filter(name=name).exists():
            MemberFactory(branch=district.branch, name=name)
    campaign = open_pioneer_campaign(district)
    if year != campaign.year:
        type(campaign).objects.filter(pk=campaign.pk).update(year=year)
    now = timezone.now()
    for evaluation in Evaluation.objects.filter(campaign=campaign).select_related("member"):
        grade, points = grades[evaluation.member.name]
        PioneerResult.objects.create(
            evaluation=evaluation, final_points=Decimal(points), grade=grade, explanation={}, computed_at=now
        )
        evaluation.status, evaluation.approved_stars, evaluation.approved_at = EvaluationStatus.APPROVED, 0, now
        evaluation.save(update_fields=["status", "approved_stars", "approved_at"])
    pioneer_grades_finalize(campaign=campaign, by=district.users["street_staff"])
    return campaign


def follow_up_of(name: str, **filters) -> FollowUp:
    return FollowUp.objects.get(member__name=name, **filters)
