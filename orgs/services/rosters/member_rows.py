"""Reading one member row: the cells, the dates and what the ID-card number says.

Birth date and gender may be absent: they come from the ID-card number, and a written one that
disagrees is an error. Dates may not lie in the future, and a party-joining date must fall on or
after the 18th birthday. A row with a bad cell still goes on to the checks across rows.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Gender, MemberCategory, MemberStatus
from orgs.personal_data import birth_date_from_id_card, id_card_lookup_hash, mask_id_card, mask_phone
from orgs.services.rosters.base import RosterImporter, RowReader
from orgs.services.rosters.cells import (
    CellError,
    choice_lookup,
    parse_choice,
    parse_date,
    parse_id_card,
    parse_phone,
    parse_text,
    phone_lookup_hash,
)

STATUS_SYNONYMS = {MemberStatus.FULL: ("正式党员", "正式"), MemberStatus.PROBATIONARY: ("预备党员", "预备")}
CATEGORY_SYNONYMS = {
    MemberCategory.VILLAGE_COMMUNITY: ("村(社区)党员", "农村和社区党员", "村社区党员", "社区党员", "农村党员"),
    MemberCategory.AGENCY_INSTITUTION: ("机关企事业单位党员", "机关事业单位党员", "机关党员", "企事业单位党员"),
    MemberCategory.TWO_NEW: ("两新组织党员", "两新党员"),
    MemberCategory.FLOATING: ("流动党员",),
}
GENDER_SYNONYMS = {Gender.MALE: ("男", "男性"), Gender.FEMALE: ("女", "女性")}


def gender_from_id_card(number: str) -> str:
    """GB 11643: the 17th character is odd for a man, even for a woman."""
    return Gender.MALE if int(number[16]) % 2 else Gender.FEMALE


ADULT_AGE = 18


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def implausible_joining(born: date, joined_on: date) -> str | None:
    """Why a party-joining date cannot be right: before birth, or before the 18th birthday (the party
    constitution admits members from 18)."""
    if joined_on < born:
        return _("The party-joining date %(joined)s is before the birth date %(born)s.") % {
            "joined": joined_on.isoformat(),
            "born": born.isoformat(),
        }
    age = age_on(born, joined_on)
    if age < ADULT_AGE:
        return _("The member would have joined the party at %(age)d (born %(born)s); members join at 18 or older.") % {
            "age": age,
            "born": born.isoformat(),
        }
    return None


@dataclass(slots=True)
class MemberRecord:
    """One row of the file; complete when every cell was read and nothing required is missing."""

    row: int
    id_card: str
    id_hash: str
    values: dict
    complete: bool = True


class MemberRowReading(RosterImporter):
    """The member importer's reading of each row and its sample rows for the preview."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.statuses = choice_lookup(MemberStatus, STATUS_SYNONYMS)
        self.categories = choice_lookup(MemberCategory, CATEGORY_SYNONYMS)
        self.genders = choice_lookup(Gender, GENDER_SYNONYMS)
        self.today = timezone.localdate()

    def _past_date(self, value: object) -> date:
        parsed = parse_date(value)
        if parsed > self.today:
            raise CellError(_("The date %(date)s is in the future.") % {"date": parsed.isoformat()})
        return parsed

    def read_row(self, row: RowReader) -> MemberRecord:
        """Every cell of the row checked; the record goes on to the checks across rows even when a cell is bad."""
        before = len(row.errors)
        name = row.parse("name", parse_text(50), required=True)
        id_card = row.parse("id_card", parse_id_card, required=True)
        gender = row.parse("gender", lambda v: parse_choice(v, self.genders, Gender))
        birth_date = row.parse("birth_date", self._past_date)
        if id_card:
            if birth_date and birth_date != birth_date_from_id_card(id_card):
                row.error(
                    "birth_date",
                    _("The birth date differs from the one in the ID-card number (%(date)s).")
                    % {"date": birth_date_from_id_card(id_card).isoformat()},
                )
            if gender and gender != gender_from_id_card(id_card):
                row.error("gender", _("The gender differs from the one the ID-card number gives."))
        joined_on = row.parse("joined_on", self._past_date, required=True)
        regularized_on = row.parse("regularized_on", self._past_date)
        born = birth_date or (birth_date_from_id_card(id_card) if id_card else None)
        if joined_on and born:
            joining_problem = implausible_joining(born, joined_on)
            if joining_problem:
                row.error("joined_on", joining_problem)
        if joined_on and regularized_on and regularized_on < joined_on:
            row.error("regularized_on", _("A member becomes a full member after joining the party."))
        status = row.parse("status", lambda v: parse_choice(v, self.statuses, MemberStatus), required=True)
        branch = row.parse("branch", parse_text(100), required=True)
        phone = row.parse("phone", parse_phone) or ""
        category = row.parse("category", lambda v: parse_choice(v, self.categories, MemberCategory))
        values = {
            "name": name,
            "gender": gender,
            "birth_date": birth_date,
            "status": status,
            "joined_on": joined_on,
            "regularized_on": regularized_on,
            "branch": branch,
            "category": category,
            "in_service_community": row.text("in_service_community"),
            "floating_origin": row.parse("floating_origin", parse_text(100)) or "",
            "floating_destination": row.parse("floating_destination", parse_text(100)) or "",
            "phone": phone,
            "phone_hash": phone_lookup_hash(phone),
        }
        complete = len(row.errors) == before and None not in (name, id_card, joined_on, status, branch)
        if complete:
            values["gender"] = gender or gender_from_id_card(id_card)
            values["birth_date"] = born
        id_hash = id_card_lookup_hash(id_card) if id_card else ""
        return MemberRecord(row.number, id_card or "", id_hash, values, complete)

    def sample_row(self, record: MemberRecord) -> list[str]:
        values = record.values
        return [
            values["name"],
            str(Gender(values["gender"]).label),
            values["birth_date"].isoformat(),
            mask_id_card(record.id_card),
            values["joined_on"].isoformat(),
            str(MemberStatus(values["status"]).label),
            values["branch"],
            mask_phone(values["phone"]) if values["phone"] else "",
            str(MemberCategory(values["category"]).label) if values["category"] else "",
        ]
