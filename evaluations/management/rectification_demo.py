"""Demo rectification cases (整改销号, seed 003) in the demo district, through the services as the administrator: the
first street's communities get a problem list item still open, one overdue (its deadline moved into the past, so the
overdue marks and reminders show), a task list item with progress reported and a public commitment submitted for
close-out, and one closed out; the demo community's administrator and the street's staff each find work."""

from datetime import timedelta

from django.utils import timezone

from evaluations.models import RectificationCase
from evaluations.services.rectification import close_out, open_case, report_progress, submit_for_close_out
from orgs.models import Level, Organization, User

CASES = (
    (
        "problem_list",
        "三会一课记录不全",
        "支部委员会会议记录缺第三季度两次",
        ("补齐会议记录", "召开专题组织生活会"),
        30,
        "open",
    ),
    ("problem_list", "党费收缴台账不规范", "党费收缴未按月登记", ("按月补登台账", "公示党费收缴情况"), 20, "overdue"),
    ("task_list", "党群服务中心阵地提升", "服务中心未挂牌，制度未上墙", ("挂牌", "制度上墙"), 45, "reported"),
    (
        "public_commitment",
        "为民办实事：老旧小区加装电梯",
        "年初公开承诺年内完成两部电梯加装协调",
        ("召开居民协商会",),
        60,
        "submitted",
    ),
    ("public_commitment", "公开承诺：规范网格员走访", "承诺每月走访网格内党员群众", ("建立走访台账",), 15, "closed"),
)


def rectification_demo_seed(*, district: Organization, admin: User) -> bool:
    """Open the demo cases once; False when the demo district has rectification cases already."""
    if RectificationCase.objects.filter(organization__path__startswith=district.path).exists():
        return False
    street = Organization.objects.filter(path__startswith=district.path, level=Level.STREET).order_by("path").first()
    communities = list(
        Organization.objects.filter(path__startswith=street.path, level=Level.COMMUNITY).order_by("path")[:3]
    )
    today = timezone.localdate()
    for index, (kind, title, description, tasks, days, state) in enumerate(CASES):
        organization = communities[index % len(communities)]
        case = open_case(
            organization=organization,
            kind=kind,
            title=title,
            description=description,
            tasks=tasks,
            deadline=today + timedelta(days=days),
            owner_name=f"{organization.name}书记",
            by=admin,
        )
        if state == "overdue":
            RectificationCase.objects.filter(pk=case.pk).update(deadline=today - timedelta(days=5))
        if state in ("reported", "submitted", "closed"):
            done = list(case.tasks.values_list("pk", flat=True))
            report_progress(case=case, note="已按计划完成整改任务", tasks_done=done, by=admin)
        if state in ("submitted", "closed"):
            submit_for_close_out(case=case, note="整改完成，申请销号", by=admin)
        if state == "closed":
            close_out(case=case, note="经实地查看，整改到位", by=admin)
    return True
