"""The annual assessment table as .xlsx (Jinyuan, seed 001): each secretary's quarters on 100, the mean, the grade,
the stars it gives and the proposal made, and the secretaries not assessable with the quarters they lack."""

from collections.abc import Iterator

from django.utils import timezone

from evaluations.selectors.annual_assessment import AnnualAssessmentTable, AssessmentRow
from starrating.exports import TableExport


def quarters_text(quarters: tuple[int, ...]) -> str:
    return "、".join(f"第{quarter}季度" for quarter in quarters)


def _proposal_text(row: AssessmentRow) -> str:
    parts = []
    for state in (row.base, row.reduced):
        if state is not None:
            sign = "-" if state is row.reduced else ""
            parts.append(f"{sign}{state.stars}星 {state.status_label}")
    return "；".join(parts)


class AnnualAssessmentExport(TableExport):
    """年度考核: computed from the year's approved quarterly totals."""

    kind = "secretary_annual_assessment"
    sheet = "年度考核"
    headers = (
        "序号",
        "书记",
        "所在组织",
        "第一季度",
        "第二季度",
        "第三季度",
        "第四季度",
        "平均分",
        "年度考核等次",
        "年度考核星",
        "建议降星",
        "已提建议（状态）",
        "不能考核：缺少季度",
        "其中已考评未审定",
    )

    def __init__(self, table: AnnualAssessmentTable):
        super().__init__()
        self.table = table

    def iter_rows(self) -> Iterator[list[object]]:
        for number, row in enumerate(self.table.rows, start=1):
            assessment = row.assessment
            yield [
                number,
                row.name,
                row.organization_name,
                *row.quarter_cells,
                assessment.mean,
                row.grade_label,
                assessment.base_stars if assessment.assessable else None,
                assessment.reduced_stars or None,
                _proposal_text(row),
                "" if assessment.assessable else quarters_text(assessment.missing),
                quarters_text(row.pending),
            ]

    def heading(self) -> str:
        return (
            f"{self.table.scope.name} {self.table.year}年度考核（按季度考评结果计算）· {timezone.localdate():%Y-%m-%d}"
        )

    def file_stem(self) -> str:
        return f"年度考核-{self.table.scope.name}-{self.table.year}"
