"""The rewards of a street or of the district for one year, as .xlsx for the finance office."""

from collections.abc import Iterator

from django.utils import timezone

from evaluations.selectors.rewards import RewardsTable
from starrating.exports import TableExport


class RewardsExport(TableExport):
    """One row per secretary: the street, the organization, the year's star level and each figure of the ledger."""

    kind = "rewards"
    sheet = "书记星级奖励"

    def __init__(self, table: RewardsTable):
        super().__init__()
        self.table = table
        self.headers = ("街道(乡镇)", "党组织", "书记", "星级", *(str(label) for _, label in table.kinds), "合计(元)")

    def iter_rows(self) -> Iterator[list[object]]:
        for row in self.table.rows:
            yield [
                row.street,
                row.organization,
                row.name,
                row.stars,
                *(float(amount) for amount in row.amount_list()),
                float(row.total),
            ]
        yield ["合计", "", "", None, *(float(amount) for amount in self.table.totals()), float(self.table.total)]

    def heading(self) -> str:
        return f"{self.table.scope.name} · {self.table.year}年书记星级奖励台账 · {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return f"书记星级奖励-{self.table.scope.name}-{self.table.year}"
