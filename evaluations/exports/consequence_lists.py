"""The consequence lists (结果运用清单) as filtered, one row per consequence: where, who, what, by which rule and
why."""

from collections.abc import Iterator

from django.db.models import QuerySet

from evaluations.forms.consequence_lists import LIST_LABELS
from evaluations.rules.consequence_lists import list_of
from evaluations.selectors.consequence_lists import street_names, street_of
from starrating.exports import TableExport


def consequence_row(consequence, street: str) -> list[object]:
    """The cells of one consequence, the same on the page and in the file."""
    return [
        street,
        consequence.organization.name,
        consequence.person_name,
        str(LIST_LABELS[list_of(consequence.action)]),
        consequence.get_action_display(),
        f"{consequence.rule.code} {consequence.rule.name}",
        f"{consequence.rule_set.name} v{consequence.rule_version}",
        consequence.year,
        consequence.explanation,
        consequence.due_on,
    ]


class ConsequenceListExport(TableExport):
    kind = "consequence_lists"
    sheet = "结果运用清单"
    headers = ("序号", "街道", "党组织", "负责人", "清单", "处理", "规则", "规则集", "年度", "依据的结果", "期限")

    def __init__(self, consequences: QuerySet):
        super().__init__()
        self.consequences = consequences

    def iter_rows(self) -> Iterator[list[object]]:
        consequences = list(self.consequences)
        streets = street_names(consequences)
        for number, consequence in enumerate(consequences, start=1):
            yield [number, *consequence_row(consequence, street_of(consequence, streets))]

    def heading(self) -> str:
        return "星级评定结果运用清单"

    def file_stem(self) -> str:
        return "结果运用清单"
