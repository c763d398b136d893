"""The award nominations (评先评优推荐名单) as filtered, one row per nomination: where, whom, for what, by whom, where
it stands and whether a consequence in force now bars it."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from evaluations.selectors.nominations import barring_reason, ineligibility, street_names
from orgs.tree import street_path_of
from starrating.exports import TableExport


class NominationExport(TableExport):
    kind = "award_nominations"
    sheet = "评先评优推荐名单"
    headers = (
        "序号",
        "年度",
        "表彰类别",
        "街道",
        "党组织",
        "个人",
        "推荐理由",
        "推荐人",
        "推荐时间",
        "状态",
        "不予采纳理由",
        "资格提示",
    )

    def __init__(self, nominations: QuerySet):
        super().__init__()
        self.nominations = nominations

    def iter_rows(self) -> Iterator[list[object]]:
        nominations = list(self.nominations)
        streets = street_names(nominations)
        barred = ineligibility(nominations)
        for number, nomination in enumerate(nominations, start=1):
            reasons = [
                barring_reason(consequence, nomination.subject_name) for consequence in barred.get(nomination.pk, [])
            ]
            yield [
                number,
                nomination.year,
                nomination.get_award_display(),
                streets.get(street_path_of(nomination.organization.path), ""),
                nomination.organization.name,
                nomination.person_name,
                nomination.reason,
                str(nomination.nominated_by or ""),
                timezone.localtime(nomination.nominated_at).strftime("%Y-%m-%d %H:%M"),
                nomination.get_status_display(),
                nomination.rejection_reason,
                "\n".join(reasons),
            ]

    def heading(self) -> str:
        return "评先评优推荐名单"

    def file_stem(self) -> str:
        return "评先评优推荐名单"
