"""The rectification ledger (整改销号台账, seed 003): the cases of the list as filtered, one row each."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from evaluations.rules.rectification import is_overdue
from evaluations.selectors.rectification import street_names
from orgs.tree import street_path_of
from starrating.exports import TableExport


class RectificationCasesExport(TableExport):
    """One row per case: where, what, who, by when, how far, and whether it is overdue or closed out."""

    kind = "rectification_cases"
    sheet = "整改销号台账"
    headers = (
        "序号",
        "街道",
        "党组织",
        "组织代码",
        "类别",
        "年度",
        "整改事项",
        "问题描述",
        "责任人",
        "整改期限",
        "任务完成",
        "状态",
        "是否逾期",
        "逾期天数",
        "销号时间",
        "来源",
        "撤销原因",
    )

    def __init__(self, cases: QuerySet, today: date):
        super().__init__()
        self.cases = cases.annotate(
            tasks_total=Count("tasks"), tasks_done=Count("tasks", filter=Q(tasks__done=True))
        ).select_related("organization")
        self.today = today

    def iter_rows(self) -> Iterator[list[object]]:
        cases = list(self.cases)
        streets = street_names(cases)
        for number, case in enumerate(cases, start=1):
            overdue = is_overdue(deadline=case.deadline, status=case.status, today=self.today)
            yield [
                number,
                streets.get(street_path_of(case.organization.path), ""),
                case.organization.name,
                case.organization.code,
                case.get_kind_display(),
                case.year,
                case.title,
                case.description,
                case.owner_name,
                case.deadline,
                f"{case.tasks_done}/{case.tasks_total}",
                case.get_status_display(),
                "是" if overdue else "否",
                (self.today - case.deadline).days if overdue else "",
                timezone.localtime(case.closed_at).strftime("%Y-%m-%d %H:%M") if case.closed_at else "",
                case.source_text,
                case.cancelled_reason,
            ]

    def heading(self) -> str:
        return f"整改销号台账 · {self.today:%Y-%m-%d}"

    def file_stem(self) -> str:
        return "整改销号台账"
