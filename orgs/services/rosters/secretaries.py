"""Secretary rosters: the person, the organization code and the tenure (seed 001 rates secretaries).

A tenure is known by (organization, ID-card number, start date); the same person starting again
at the same organization on another date is another tenure. A secretary who is a member in the
system is linked to the member record by the ID-card hash.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from orgs.models import Education, Member, Organization, Secretary
from orgs.personal_data import id_card_lookup_hash, mask_id_card, protect_id_card
from orgs.services.rosters.base import BATCH_SIZE, ProblemKind, RosterImporter, RowReader, fetch_in
from orgs.services.rosters.cells import (
    Column,
    choice_lookup,
    parse_choice,
    parse_date,
    parse_id_card,
    parse_text,
    parse_yes_no,
)
from orgs.services.rosters.members import ID_CARD_COLUMN, NAME_COLUMN

EDUCATION_SYNONYMS = {
    Education.POSTGRADUATE: ("研究生", "研究生及以上", "硕士", "博士", "硕士研究生", "博士研究生"),
    Education.BACHELOR: ("本科", "大学本科", "大学"),
    Education.COLLEGE: ("大专", "专科", "大学专科"),
    Education.SECONDARY: ("中专", "高中", "中专及高中", "高中及中专", "中专/高中", "中技", "职高"),
    Education.JUNIOR: ("初中", "初中及以下", "小学"),
}
COMPARED = ("name", "ended_on", "one_shoulder", "education", "member_id")
OPTIONAL = {"ended_on": "ended_on", "one_shoulder": "one_shoulder", "education": "education"}


@dataclass(slots=True)
class SecretaryRecord:
    row: int
    id_card: str
    id_hash: str
    organization: str
    values: dict
    complete: bool = True


class SecretaryImporter(RosterImporter):
    kind = "secretaries"
    columns = (
        NAME_COLUMN,
        ID_CARD_COLUMN,
        Column("organization", "党组织代码", ("组织代码", "任职党组织代码", "所在党组织代码"), required=True),
        Column("started_on", "任职时间", ("任职日期", "任职起始时间", "开始时间", "起始日期"), required=True),
        Column("ended_on", "离任时间", ("离任日期", "卸任时间", "结束时间", "任职结束时间")),
        Column("one_shoulder", "一肩挑", ("是否一肩挑", "是否\u201c一肩挑\u201d")),
        Column("education", "学历", ("文化程度", "最高学历")),
    )
    sample_columns = ("name", "id_card", "organization", "started_on", "ended_on", "one_shoulder", "education")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.educations = choice_lookup(Education, EDUCATION_SYNONYMS)

    def read_row(self, row: RowReader) -> SecretaryRecord | None:
        """Every cell checked; a row naming an organization goes on to the organization and duplicate checks."""
        before = len(row.errors)
        name = row.parse("name", parse_text(50), required=True)
        id_card = row.parse("id_card", parse_id_card, required=True)
        organization = row.parse("organization", parse_text(32), required=True)
        started_on = row.parse("started_on", parse_date, required=True)
        ended_on = row.parse("ended_on", parse_date)
        if started_on and ended_on and ended_on < started_on:
            row.error("ended_on", _("A tenure ends after it starts."))
        one_shoulder = row.parse("one_shoulder", parse_yes_no) or False
        education = row.parse("education", lambda v: parse_choice(v, self.educations, Education)) or ""
        if not organization:
            return None
        values = {
            "name": name,
            "started_on": started_on,
            "ended_on": ended_on,
            "one_shoulder": one_shoulder,
            "education": education,
        }
        complete = len(row.errors) == before and None not in (name, id_card, started_on)
        id_hash = id_card_lookup_hash(id_card) if id_card else ""
        return SecretaryRecord(row.number, id_card or "", id_hash, organization, values, complete)

    def sample_row(self, record: SecretaryRecord) -> list[str]:
        values = record.values
        return [
            values["name"],
            mask_id_card(record.id_card),
            record.organization,
            values["started_on"].isoformat(),
            values["ended_on"].isoformat() if values["ended_on"] else "",
            _("Yes") if values["one_shoulder"] else _("No"),
            str(Education(values["education"]).label) if values["education"] else "",
        ]

    def resolve(self) -> None:
        organizations = {
            o.code: o for o in fetch_in(Organization.objects.all(), "code", {r.organization for r in self.records})
        }
        first_row: dict[tuple, int] = {}
        for record in self.records:
            org = organizations.get(record.organization)
            if org is None:
                self.row_error(
                    record.row,
                    "organization",
                    _("No organization has the code “%(code)s”.") % {"code": record.organization},
                    ProblemKind.UNKNOWN_ORGANIZATION,
                )
                continue
            if not self.in_scope(org):
                self.row_error(
                    record.row, "organization", _("This organization is outside your scope."), ProblemKind.SCOPE
                )
                continue
            record.values["organization_id"] = org.pk
            if not record.complete:
                continue
            key = (org.pk, record.id_hash, record.values["started_on"])
            first = first_row.setdefault(key, record.row)
            if first != record.row:
                self.row_error(
                    record.row,
                    "id_card",
                    _("The same tenure already appears in row %(row)d.") % {"row": first},
                    ProblemKind.DUPLICATE,
                )
        if self.errors:
            return
        members = dict(
            fetch_in(
                Member.objects.all(),
                "id_card_hash",
                {r.id_hash for r in self.records},
                values_list=("id_card_hash", "pk"),
            )
        )
        existing = {
            (s.organization_id, s.id_card_hash, s.started_on): s
            for s in fetch_in(Secretary.objects.all(), "id_card_hash", {r.id_hash for r in self.records})
        }
        self.new: list[SecretaryRecord] = []
        self.changed: list[Secretary] = []
        for record in self.records:
            values = record.values
            values["member_id"] = members.get(record.id_hash)
            secretary = existing.get((values["organization_id"], record.id_hash, values["started_on"]))
            if secretary is None:
                self.new.append(record)
                continue
            kept = {f: getattr(secretary, f) for f, column in OPTIONAL.items() if not self.has_column(column)}
            values.update(kept)
            differs = [f for f in COMPARED if getattr(secretary, f) != values[f]]
            for field_name in differs:
                setattr(secretary, field_name, values[field_name])
            if differs:
                self.changed.append(secretary)
        self.created, self.updated = len(self.new), len(self.changed)
        self.unchanged = len(self.records) - self.created - self.updated

    def write(self) -> None:
        reason = "roster import"
        created = []
        for record in self.new:
            id_card = protect_id_card(record.id_card)
            created.append(
                Secretary(
                    id_card_encrypted=id_card.encrypted,
                    id_card_hash=id_card.hash,
                    id_card_masked=id_card.masked,
                    **record.values,
                )
            )
        bulk_create_with_history(
            created, Secretary, batch_size=BATCH_SIZE, default_user=self.by, default_change_reason=reason
        )
        if self.changed:
            bulk_update_with_history(
                self.changed,
                Secretary,
                list(COMPARED),
                batch_size=BATCH_SIZE,
                default_user=self.by,
                default_change_reason=reason,
            )
