"""The fortress index month by month as .xlsx: one row per organization, one column per month, and the trend."""

from collections.abc import Iterator

from django.utils import timezone

from evaluations.selectors.fortress import MONTHS, FortressTrend
from starrating.exports import TableExport


class FortressTrendExport(TableExport):
    """The trend page's rows (every page of it, with the same street filter); a month not yet approved is marked."""

    kind = "fortress_trend"
    sheet = "堡垒指数月度星级"

    def __init__(self, trend: FortressTrend):
        super().__init__()
        self.trend = trend
        self.headers = (
            "党组织代码",
            "党组织名称",
            "街道(乡镇)",
            *(f"{month}月" for month in MONTHS),
            "走势",
            "星级变化",
            "备注",
        )

    def iter_rows(self) -> Iterator[list[object]]:
        for row in self.trend.rows:
            unapproved = [
                f"{month}月"
                for month, cell in zip(MONTHS, row.months, strict=True)
                if cell.stars is not None and not cell.approved
            ]
            note = f"{'、'.join(unapproved)}为计算星级，尚未审定" if unapproved else ""
            yield [
                row.code,
                row.name,
                row.street,
                *row.stars,
                row.trend.bars,
                row.trend.change,
                note,
            ]

    def heading(self) -> str:
        scope = self.trend.campaign.scope.name
        return f"{self.trend.year}年堡垒指数月度星级 · {scope} · {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return f"堡垒指数月度星级-{self.trend.year}"
