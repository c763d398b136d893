"""The priority list for higher honours: the excellent members in scope, first by final points (seed 004)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from starrating.exports import TableExport


class HonoursPriorityExport(TableExport):
    """One row per excellent member, in the order the district recommends them for higher honours."""

    kind = "honours_priority"
    sheet = "评先评优优先名单"
    headers = ("优先序号", "姓名", "所在党支部", "党支部代码", "考评活动", "年度", "最终得分", "等次")

    def __init__(self, follow_ups: QuerySet):
        super().__init__()
        self.follow_ups = follow_ups

    def iter_rows(self) -> Iterator[list[object]]:
        for place, follow_up in enumerate(self.follow_ups, start=1):
            yield [
                place,
                follow_up.member.name,
                follow_up.branch.name,
                follow_up.branch.code,
                follow_up.campaign.name,
                follow_up.campaign.year,
                float(follow_up.final_points),
                "优秀党员",
            ]

    def heading(self) -> str:
        return f"先锋指数优秀党员 · 评先评优优先名单 · {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return "评先评优优先名单"
