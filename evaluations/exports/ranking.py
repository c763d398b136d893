"""The district ranking as .xlsx or .csv, on the shared export base."""

from collections.abc import Iterator

from django.utils import timezone

from evaluations.models import Campaign
from evaluations.selectors.ranking import Ranking, rank_text
from starrating.exports import TableExport


class RankingExport(TableExport):
    """The ranking as a spreadsheet: the rows shown on the page, with the same filters."""

    kind = "ranking"
    sheet = "全区排名"
    headers = ("排名", "党组织代码", "党组织名称", "街道(乡镇)", "领域", "总分", "星级", "所处环节")
    ranked_headers = ("街道内名次", "提醒督促")
    # The name column says who is rated (the headers are Chinese, as in the rosters the district keeps).
    subject_headers = {"secretary": "书记（所在组织）", "member": "党员（所在支部）"}

    def __init__(self, ranking: Ranking, campaign: Campaign):
        super().__init__()
        self.ranking = ranking
        self.campaign = campaign
        headers = tuple(
            self.subject_headers.get(campaign.subject_kind, header) if header == "党组织名称" else header
            for header in self.headers
        )
        if ranking.ranked:  # places in the street instead of stars
            headers = (*(header for header in headers if header != "星级"), *self.ranked_headers)
        self.headers = headers

    def iter_rows(self) -> Iterator[list[object]]:
        for row in self.ranking.rows:
            total = float(row.total) if row.total is not None else None
            if self.ranking.ranked:
                rank = row.street_rank
                place = [rank_text(rank) if rank else None, "排名靠后" if rank and rank.behind else ""]
                yield [row.rank, row.code, row.name, row.street, row.domain, total, row.stage, *place]
            else:
                yield [row.rank, row.code, row.name, row.street, row.domain, total, row.stars, row.stage]

    def heading(self) -> str:
        return f"{self.campaign.name} · 全区排名 · {timezone.localdate():%Y-%m-%d}"

    def file_stem(self) -> str:
        return f"全区排名-{self.campaign.name}"
