"""Set-up for the rectification tests: a case the street opens on the community of the test district, and one the
consequence job asks for on real rows."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations.models import RectificationCase
from evaluations.services.consequences import consequences_apply
from evaluations.services.rectification import (
    open_case,
    open_case_from_consequence,
    report_progress,
    submit_for_close_out,
)
from tests.support.consequences import rule_sets_loaded
from tests.support.fortress import fortress_templates, open_fortress_month, rate

TASKS = ("制定整改方案", "召开专题组织生活会")


def case_on(district, organization=None, *, by="street_staff", days: int = 30, **changes) -> RectificationCase:
    """A problem-list case on the community (or the organization given), due in ``days`` days, owned by the
    community's administrator, opened by ``by``."""
    organization = organization or district.community
    values = {
        "organization": organization,
        "kind": "problem_list",
        "title": "三会一课记录不全",
        "description": "2025年第三季度支部委员会会议记录缺失",
        "tasks": TASKS,
        "deadline": timezone.localdate() + timedelta(days=days),
        "owner": district.users["org_admin"] if organization == district.community else None,
        "owner_name": "" if organization == district.community else "王书记",
        "by": district.users[by] if by else None,
    }
    return open_case(**(values | changes))


def evidence_file(name: str = "会议记录.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n")


def ready_case(district, **changes) -> RectificationCase:
    """A case of the community with every task done and a progress report with evidence: ready to be submitted."""
    case = case_on(district, **changes)
    report_progress(
        case=case,
        note="已补齐会议记录，召开专题组织生活会",
        tasks_done=list(case.tasks.values_list("pk", flat=True)),
        uploads=[evidence_file()],
        by=district.users["org_admin"],
    )
    return case


def submitted_case(district, **changes) -> RectificationCase:
    """A case of the community submitted for close-out, waiting for the street."""
    return submit_for_close_out(case=ready_case(district, **changes), by=district.users["org_admin"])


def one_star_month(district, *, stars: int = 1):
    """Set-up on real rows: Lengshuijiang's rule sets in use, the community's January fortress stars approved
    (one star: the weak-and-lax list and a rectification), and the consequence job run over it. Returns the
    community's evaluation."""
    rule_sets_loaded("lengshuijiang")
    january = open_fortress_month(district, fortress_templates(), month=1)[0]
    evaluation = rate(january, district.community, stars, approved=True)
    consequences_apply(organization_ids=[district.community.pk])
    return evaluation


def corrected(evaluation, stars: int) -> None:
    """The approved stars corrected (as a revision approved again would), and the consequence job run."""
    evaluation.approved_stars = stars
    evaluation.save(update_fields=["approved_stars"])
    consequences_apply(organization_ids=[evaluation.organization_id], cause="correction")


def case_from_consequence(district, consequence, *, by: str = "street_staff") -> RectificationCase:
    """The case the level above opens from a consequence's row, owned by the community's administrator."""
    return open_case_from_consequence(
        consequence=consequence,
        title=consequence.get_action_display(),
        description=consequence.explanation,
        tasks=TASKS,
        deadline=timezone.localdate() + timedelta(days=30),
        owner=district.users["org_admin"],
        by=district.users[by],
    )
