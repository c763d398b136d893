"""A policy what-if's organizations that would gain or lose a star or a grade, with the reason, street by street;
and, on a second sheet, the consequences that would appear or vanish with the subjects and results behind them."""

from collections.abc import Iterator

from evaluations.models import PolicyWhatIf
from starrating.exports import Sheet, TableExport, render_workbook


class WhatIfConsequencesExport(TableExport):
    """One row per consequence that would appear or vanish: street, list, organization, whom, rule, results."""

    kind = "policy_what_if_consequences"
    sheet = "后果变化"
    headers = ("街道", "名单", "变化", "组织代码", "组织名称", "对象", "规则", "依据的评定结果")

    def __init__(self, what_if: PolicyWhatIf, consequences: dict):
        super().__init__()
        self.what_if = what_if
        self.consequences = consequences

    def iter_rows(self) -> Iterator[list[object]]:
        for street in self.consequences.get("streets", []):
            name = street.street.name if street.street else ""
            for listed in street.lists:
                for row in listed.rows:
                    change = "新增" if row["change"] == "appear" else "消失"
                    rule = f"{row['rule']} {row['rule_name']}"
                    yield [name, listed.label, change, row["code"], row["name"], row["whom"], rule, row["results"]]

    def heading(self) -> str:
        total = self.consequences.get("total", {})
        assumed = "" if self.consequences.get("approved", True) else "（活动尚未审定：以当前计算结果假设为审定结果）"
        rule_sets = "、".join(self.consequences.get("rule_sets", [])) or "无在用规则集"
        return f"{rule_sets} · 新增 {total.get('appear', 0)}，消失 {total.get('vanish', 0)}{assumed}"

    def file_stem(self) -> str:
        return f"规则集试算-{self.what_if.pk}"


class WhatIfExport(TableExport):
    """One row per organization whose level the draft would change; the heading names the draft's changes."""

    kind = "policy_what_if"
    sheet = "政策试算"
    headers = ("街道", "组织代码", "组织名称", "变化", "现行结果", "试算结果", "原因")

    def __init__(self, what_if: PolicyWhatIf, outcome: dict, consequences: dict | None = None):
        super().__init__()
        self.what_if = what_if
        self.outcome = outcome
        self.consequences = consequences or {}

    def render(self, fmt: str) -> bytes:
        """The organizations that change, and the consequences' sheet beside them (CSV keeps the first only)."""
        if fmt != "xlsx" or not self.consequences:
            return super().render(fmt)
        second = WhatIfConsequencesExport(self.what_if, self.consequences)
        return render_workbook(
            [
                Sheet(name=self.sheet, headers=self.headers, rows=self._counted(), title=self.heading()),
                Sheet(name=second.sheet, headers=second.headers, rows=second.iter_rows(), title=second.heading()),
            ]
        )

    def iter_rows(self) -> Iterator[list[object]]:
        for street in self.outcome.get("streets", []):
            name = street.street.name if street.street else ""
            for label, rows in (("升", street.gained), ("降", street.lost)):
                for row in rows:
                    yield [name, row["code"], row["name"], label, row["before"], row["after"], row["why"]]

    def heading(self) -> str:
        edits = "；".join(
            f"{edit['label']} {edit['before']}→{edit['after']}" if edit["before"] else edit["label"]
            for edit in self.what_if.edits
        )
        total = self.outcome.get("total", {})
        return (
            f"{self.what_if.template.name} v{self.what_if.template.version} 试算 · {self.what_if.campaign.name} · "
            f"{edits} · 升 {total.get('gain', 0)}，降 {total.get('lose', 0)}，不变 {total.get('keep', 0)}"
        )

    def file_stem(self) -> str:
        return f"政策试算-{self.what_if.pk}"
