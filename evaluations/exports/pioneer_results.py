"""Pioneer index results (先锋指数) as .xlsx, per branch or for the whole district, on the shared export base."""

from collections.abc import Iterator

from django.utils import timezone

from evaluations.models import Campaign
from evaluations.selectors.pioneer import grade_label
from orgs.models import Organization
from starrating.exports import TableExport


class PioneerResultsExport(TableExport):
    """One row per member: branch, name, final points, the parts that make them, the grade and whether it is final.
    No personal data beyond the name and branch, as on the publicity."""

    kind = "pioneer_results"
    sheet = "先锋指数结果"
    headers = (
        "所在党支部",
        "姓名",
        "支部评议（四个指数）",
        "民主测评得分",
        "认可率(%)",
        "反向减分",
        "最终得分",
        "等次",
        "是否已公示确定",
    )

    def __init__(self, results, campaign: Campaign, scope: Organization):
        super().__init__()
        self.results = results
        self.campaign = campaign
        self.scope = scope

    def iter_rows(self) -> Iterator[list[object]]:
        for result in self.results.iterator(chunk_size=2000):
            explanation = result.explanation or {}
            share = explanation.get("vote_share")
            deductions = sum(float(value) for value in (explanation.get("deductions") or {}).values())
            yield [
                result.evaluation.organization.name,
                result.evaluation.member.name,
                float(explanation["index_total"]) if explanation.get("index_total") else None,
                float(explanation["vote_score"]) if explanation.get("vote_score") else None,
                round(float(share) * 100, 1) if share else None,
                deductions or None,
                float(result.final_points),
                grade_label(result.grade),
                "是" if result.is_final else "否（公示中）",
            ]

    def heading(self) -> str:
        return f"{self.campaign.name} · {self.scope.name} · 先锋指数结果 · {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return f"先锋指数-{self.scope.name}-{self.campaign.name}"
