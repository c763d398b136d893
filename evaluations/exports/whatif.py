"""A policy what-if's organizations that would gain or lose a star or a grade, with the reason, street by street."""

from collections.abc import Iterator

from evaluations.models import PolicyWhatIf
from starrating.exports import TableExport


class WhatIfExport(TableExport):
    """One row per organization whose level the draft would change; the heading names the draft's changes."""

    kind = "policy_what_if"
    sheet = "政策试算"
    headers = ("街道", "组织代码", "组织名称", "变化", "现行结果", "试算结果", "原因")

    def __init__(self, what_if: PolicyWhatIf, outcome: dict):
        super().__init__()
        self.what_if = what_if
        self.outcome = outcome

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
