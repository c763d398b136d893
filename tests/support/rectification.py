"""Set-up for the rectification tests: a case the street opens on the community of the test district."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations.models import RectificationCase
from evaluations.services.rectification import open_case, report_progress, submit_for_close_out

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
