"""Member rosters as the party-member information systems export them, plus our own columns.

The branch (所在党支部) is matched by organization code first, then by exact organization name; a
name that several organizations share is a row error asking for the code. Birth date and gender
may be absent: they come from the ID-card number, and a written one that disagrees is an error.
民族, 学历 and 工作单位及职务 are read past and not kept (personal-data minimisation). A column the
file does not have leaves the stored value alone, so a party-system export does not wipe our
own columns (党员类别, 双报到社区, 流动党员流出地/流入地). Members not in the file are left untouched.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Domain, Gender, Level, Member, MemberCategory, MemberStatus, Organization
from orgs.personal_data import (
    birth_date_from_id_card,
    id_card_lookup_hash,
    mask_id_card,
    mask_phone,
    protect_id_card,
    protect_phone,
)
from orgs.services.rosters.base import (
    ProblemKind,
    RosterImporter,
    RowReader,
    bulk_insert,
    bulk_update_rows,
    fetch_in,
)
from orgs.services.rosters.cells import (
    CellError,
    Column,
    choice_lookup,
    parse_choice,
    parse_date,
    parse_id_card,
    parse_phone,
    parse_text,
    phone_lookup_hash,
)
from orgs.tree import STEPLEN

ID_CARD_COLUMN = Column(
    "id_card", "公民身份号码", ("身份证号", "身份证号码", "身份证", "证件号码", "公民身份证号码"), required=True
)
NAME_COLUMN = Column("name", "姓名", ("党员姓名",), required=True)

STATUS_SYNONYMS = {MemberStatus.FULL: ("正式党员", "正式"), MemberStatus.PROBATIONARY: ("预备党员", "预备")}
CATEGORY_SYNONYMS = {
    MemberCategory.VILLAGE_COMMUNITY: ("村(社区)党员", "农村和社区党员", "村社区党员", "社区党员", "农村党员"),
    MemberCategory.AGENCY_INSTITUTION: ("机关企事业单位党员", "机关事业单位党员", "机关党员", "企事业单位党员"),
    MemberCategory.TWO_NEW: ("两新组织党员", "两新党员"),
    MemberCategory.FLOATING: ("流动党员",),
}
GENDER_SYNONYMS = {Gender.MALE: ("男", "男性"), Gender.FEMALE: ("女", "女性")}
CATEGORY_BY_DOMAIN = {
    Domain.VILLAGE: MemberCategory.VILLAGE_COMMUNITY,
    Domain.URBAN_COMMUNITY: MemberCategory.VILLAGE_COMMUNITY,
    Domain.AGENCY_INSTITUTION: MemberCategory.AGENCY_INSTITUTION,
    Domain.TWO_NEW: MemberCategory.TWO_NEW,
}
# The fields an import may set; compared one by one to tell an update from an unchanged row.
COMPARED = (
    "name",
    "gender",
    "birth_date",
    "branch_id",
    "category",
    "status",
    "joined_on",
    "regularized_on",
    "in_service_community_id",
    "floating_origin",
    "floating_destination",
    "phone_hash",
)
# A column absent from the file keeps what is stored (field → the column that carries it).
KEPT_WHEN_ABSENT = {
    "category": "category",
    "in_service_community_id": "in_service_community",
    "floating_origin": "floating_origin",
    "floating_destination": "floating_destination",
    "phone_hash": "phone",
    "regularized_on": "regularized_on",
}
BRANCH_LEVELS = (Level.COMMUNITY, Level.BRANCH, Level.GROUP)


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


class MemberImporter(RosterImporter):
    kind = "members"
    columns = (
        NAME_COLUMN,
        Column("gender", "性别"),
        Column("birth_date", "出生日期", ("出生年月", "生日")),
        ID_CARD_COLUMN,
        Column("joined_on", "入党时间", ("入党日期",), required=True),
        Column("regularized_on", "转正时间", ("转正日期",)),
        Column("status", "人员类别", ("党员状态", "党籍状态"), required=True),
        Column("branch", "所在党支部", ("所在支部", "所在党组织", "党支部", "支部", "所在党支部代码"), required=True),
        Column("phone", "联系电话", ("手机号码", "手机号", "手机", "电话", "电话号码")),
        Column("category", "党员类别", ("党员分类",)),
        Column("in_service_community", "双报到社区", ("双报到社区代码", "报到社区")),
        Column("floating_origin", "流动党员流出地", ("流出地",)),
        Column("floating_destination", "流动党员流入地", ("流入地",)),
    )
    sample_columns = ("name", "gender", "birth_date", "id_card", "joined_on", "status", "branch", "phone", "category")

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

    # Checks across rows and against the database, for every row at once.
    def resolve(self) -> None:
        first_row: dict[str, int] = {}
        keyed = []
        for record in self.records:
            if not record.id_hash:
                continue
            first = first_row.setdefault(record.id_hash, record.row)
            if first != record.row:
                self.row_error(
                    record.row,
                    "id_card",
                    _("This ID-card number already appears in row %(row)d.") % {"row": first},
                    ProblemKind.DUPLICATE,
                )
            else:
                keyed.append(record)
        branches = self._resolve_branches()
        communities = self._resolve_communities()
        self.existing = self._load_existing(keyed)
        self.new: list[MemberRecord] = []
        self.changed: list[tuple[int, MemberRecord, tuple[str, ...]]] = []
        for record in keyed:
            member = self.existing.get(record.id_hash)
            if member is not None and not self._agrees_with_stored(record, member):
                continue
            branch = branches.get(record.values["branch"])
            if not record.complete or branch is None:
                continue
            values = record.values
            values["branch_id"], branch_domain = branch
            values["in_service_community_id"] = communities.get(values["in_service_community"])
            self._settle(record, member, branch_domain)
        self.created = len(self.new)
        self.updated = len(self.changed)
        self.unchanged = len(self.records) - self.created - self.updated

    def _agrees_with_stored(self, record: MemberRecord, member: dict) -> bool:
        """A member already in the system: in the importer's scope, and not turned back from full to probationary."""
        if not self.in_scope_path(self.branch_paths.get(member["branch_id"], "")):
            self.row_error(
                record.row,
                "id_card",
                _("This member is registered with an organization outside your scope."),
                ProblemKind.SCOPE,
            )
            return False
        if member["status"] == MemberStatus.FULL and record.values["status"] == MemberStatus.PROBATIONARY:
            self.row_error(
                record.row,
                "status",
                _(
                    "This member (ID-card number %(id_card)s) is a full member in the system and cannot become "
                    "probationary again; if the system is wrong, correct the member's record first."
                )
                % {"id_card": mask_id_card(record.id_card)},
                ProblemKind.CONFLICT,
            )
            return False
        return True

    def _settle(self, record: MemberRecord, member: dict | None, branch_domain: str) -> None:
        values = record.values
        given_places = values["floating_origin"] or values["floating_destination"]
        if member is not None:
            for field_name, column in KEPT_WHEN_ABSENT.items():
                if not self.has_column(column):
                    values[field_name] = member[field_name]
            values["category"] = values["category"] or member["category"]
        if values["category"] is None:
            floating = MemberCategory.FLOATING if given_places else None
            values["category"] = floating or CATEGORY_BY_DOMAIN.get(branch_domain, MemberCategory.VILLAGE_COMMUNITY)
        if values["category"] != MemberCategory.FLOATING:
            if given_places:
                column = "floating_origin" if values["floating_origin"] else "floating_destination"
                self.row_error(record.row, column, _("Only a floating member has places of origin and destination."))
                return
            values["floating_origin"] = values["floating_destination"] = ""
        if member is None:
            self.new.append(record)
            return
        differs = tuple(f for f in COMPARED if member[f] != values[f])
        if differs:
            self.changed.append((member["pk"], record, differs))

    def _resolve_branches(self) -> dict[str, tuple[int, str]]:
        """Branch reference → (organization id, its domain or its nearest ancestor's); a problem on each row else."""
        refs = {r.values["branch"] for r in self.records if r.values["branch"]}
        by_code = {o.code: o for o in fetch_in(Organization.objects.all(), "code", refs)}
        by_name: dict[str, list[Organization]] = {}
        for org in fetch_in(Organization.objects.all(), "name", refs - by_code.keys()):
            by_name.setdefault(org.name, []).append(org)
        found: dict[str, Organization] = {}
        problems: dict[str, tuple[str, str]] = {}
        for ref in refs:
            matches = [by_code[ref]] if ref in by_code else by_name.get(ref, [])
            if len(matches) > 1:
                problems[ref] = (
                    _("%(count)d organizations are named “%(name)s”; write the organization code instead.")
                    % {"count": len(matches), "name": ref},
                    ProblemKind.UNKNOWN_ORGANIZATION,
                )
            elif not matches:
                problems[ref] = (
                    _("No organization has the code or the name “%(value)s”.") % {"value": ref},
                    ProblemKind.UNKNOWN_ORGANIZATION,
                )
            elif matches[0].level not in BRANCH_LEVELS:
                problems[ref] = (
                    _("Members belong to a community, branch or group organization, not to a %(level)s.")
                    % {"level": Level(matches[0].level).label},
                    ProblemKind.CONFLICT,
                )
            elif not self.in_scope(matches[0]):
                problems[ref] = (_("This organization is outside your scope."), ProblemKind.SCOPE)
            else:
                found[ref] = matches[0]
        for record in self.records:
            problem = problems.get(record.values["branch"])
            if problem:
                self.row_error(record.row, "branch", *problem)
        return {ref: (org.pk, self._domain_of(org)) for ref, org in found.items()}

    def _domain_of(self, org: Organization) -> str:
        if not hasattr(self, "_domains"):
            self._domains = {}
        if org.path not in self._domains:
            prefixes = [org.path[:end] for end in range(STEPLEN, len(org.path) + 1, STEPLEN)]
            self._domains.update(Organization.objects.filter(path__in=prefixes).values_list("path", "domain"))
        for end in range(len(org.path), 0, -STEPLEN):
            if self._domains.get(org.path[:end]):
                return self._domains[org.path[:end]]
        return ""

    def _resolve_communities(self) -> dict[str, int | None]:
        codes = {r.values["in_service_community"] for r in self.records} - {""}
        found = {o.code: o for o in fetch_in(Organization.objects.all(), "code", codes)}
        for record in self.records:
            code = record.values["in_service_community"]
            if code and code not in found:
                self.row_error(
                    record.row,
                    "in_service_community",
                    _("No organization has the code “%(code)s”.") % {"code": code},
                    ProblemKind.UNKNOWN_ORGANIZATION,
                )
            elif code and found[code].level != Level.COMMUNITY:
                self.row_error(
                    record.row,
                    "in_service_community",
                    _("In-service members register with a community or village party organization."),
                    ProblemKind.CONFLICT,
                )
        return {"": None} | {code: org.pk for code, org in found.items()}

    def _load_existing(self, records: list[MemberRecord]) -> dict[str, dict]:
        hashes = [r.id_hash for r in records]
        existing = {
            m["id_card_hash"]: m
            for m in fetch_in(Member.objects.values("pk", "id_card_hash", *COMPARED), "id_card_hash", hashes)
        }
        self.branch_paths: dict[int, str] = {}
        if self.allowed_paths is not None:
            branch_ids = {m["branch_id"] for m in existing.values()}
            self.branch_paths = dict(fetch_in(Organization.objects.all(), "pk", branch_ids, values_list=("pk", "path")))
        return existing

    def write(self) -> None:
        """Bulk inserts, and one UPDATE per set of changed fields.

        Members get no simple-history rows from an import: 26,000 historical rows doubled the write
        time and broke the 3,000 rows/s target. The import's audit event (kind, file, counts) stands
        for them; edits made one at a time in the admin still get their history.
        """
        now = timezone.now()
        bulk_insert(Member, [self._new_member(record, now) for record in self.new])
        groups: dict[tuple[str, ...], list[dict]] = {}
        for pk, record, differs in self.changed:
            row = {"pk": pk, "updated_at": now}
            for field_name in differs:
                if field_name == "phone_hash":
                    protected = protect_phone(record.values["phone"])
                    row.update(
                        phone_encrypted=protected.encrypted, phone_hash=protected.hash, phone_masked=protected.masked
                    )
                else:
                    row[field_name] = record.values[field_name]
            groups.setdefault(tuple(row), []).append(row)
        for fields, rows in groups.items():
            bulk_update_rows(Member, rows, list(fields[1:]))

    @staticmethod
    def _new_member(record: MemberRecord, now) -> Member:
        values = record.values
        id_card = protect_id_card(record.id_card)
        phone = protect_phone(values["phone"])
        return Member(
            name=values["name"],
            gender=values["gender"],
            birth_date=values["birth_date"],
            id_card_encrypted=id_card.encrypted,
            id_card_hash=id_card.hash,
            id_card_masked=id_card.masked,
            phone_encrypted=phone.encrypted,
            phone_hash=phone.hash,
            phone_masked=phone.masked,
            branch_id=values["branch_id"],
            category=values["category"],
            status=values["status"],
            joined_on=values["joined_on"],
            regularized_on=values["regularized_on"],
            in_service_community_id=values["in_service_community_id"],
            floating_origin=values["floating_origin"],
            floating_destination=values["floating_destination"],
            updated_at=now,
        )
