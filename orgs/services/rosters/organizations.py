"""Organization rosters: code, name, parent code, level, domain and type.

New organizations get their materialized paths computed here (orgs.tree) and are bulk-created,
parents first; an existing organization whose parent changed is moved with treebeard, shallowest
final position first, so that no move ever goes under its own subtree.
"""

from dataclasses import dataclass

from django.db.models import F, Max
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from orgs.models import LEVEL_ORDER, Domain, Level, Organization, OrgType
from orgs.services.rosters.base import BATCH_SIZE, ProblemKind, RosterImporter, RowReader, fetch_in
from orgs.services.rosters.cells import Column, choice_lookup, parse_choice
from orgs.tree import STEPLEN, child_path, last_step_index, root_level

LEVEL_SYNONYMS = {
    Level.PROVINCE: ("省委", "省", "省级"),
    Level.CITY: ("市委", "市", "市级", "地市", "州委"),
    Level.DISTRICT: ("区委", "区", "区级", "县委", "区(县)委"),
    Level.STREET: ("街道", "乡镇", "街道党工委", "乡镇党委", "街道党委", "街道(乡镇)党委", "街道(乡镇)党工委"),
    Level.COMMUNITY: (
        "社区",
        "村",
        "社区党组织",
        "村党组织",
        "社区党委",
        "社区(村)党组织",
        "社区/村党组织",
        "社区党总支",
    ),
    Level.BRANCH: ("党支部", "支部", "网格党支部", "小区党支部", "小区(网格)党支部"),
    Level.GROUP: ("党小组", "小组", "楼栋党小组"),
}
DOMAIN_SYNONYMS = {
    Domain.VILLAGE: ("农村",),
    Domain.URBAN_COMMUNITY: ("城市社区", "社区"),
    Domain.AGENCY_INSTITUTION: ("机关企事业单位", "机关事业单位", "机关企事业"),
    Domain.TWO_NEW: ("两新组织", "两新", "非公有制经济组织和社会组织"),
}
ORG_TYPE_SYNONYMS = {
    OrgType.COMMUNITY: ("社区",),
    OrgType.AGENCY_INSTITUTION: ("机关事业单位", "机关", "事业单位"),
    OrgType.STATE_ENTERPRISE: ("国有企业", "国企"),
    OrgType.PRIVATE_ENTERPRISE: ("非公有制企业", "非公企业", "民营企业"),
    OrgType.SOCIAL_ORGANIZATION: ("社会组织",),
}
OPTIONAL_FIELDS = ("domain", "org_type")


@dataclass
class OrganizationRecord:
    row: int
    code: str
    name: str
    parent_code: str
    level: str
    domain: str | None
    org_type: str | None
    complete: bool = True


class OrganizationImporter(RosterImporter):
    kind = "orgs"
    columns = (
        Column("code", "党组织代码", ("组织代码", "代码", "党组织编码", "组织编码"), required=True),
        Column("name", "党组织名称", ("组织名称", "名称", "党组织全称"), required=True),
        Column(
            "parent_code", "上级党组织代码", ("上级代码", "上级组织代码", "上级党组织编码", "parent"), required=True
        ),
        Column("level", "层级", ("级别", "组织层级", "党组织层级"), required=True),
        Column("domain", "领域", ("所属领域",)),
        Column("org_type", "党组织类型", ("组织类型", "类型", "单位类型")),
    )
    sample_columns = ("code", "name", "parent_code", "level", "domain", "org_type")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.levels = choice_lookup(Level, LEVEL_SYNONYMS)
        self.domains = choice_lookup(Domain, DOMAIN_SYNONYMS)
        self.org_types = choice_lookup(OrgType, ORG_TYPE_SYNONYMS)

    def read_row(self, row: RowReader) -> OrganizationRecord | None:
        """Every cell checked; a row with a code goes on to the checks across rows even when a cell is bad."""
        before = len(row.errors)
        code = row.text("code")
        name = row.text("name")
        for field_name, value in (("code", code), ("name", name)):
            if not value:
                row.error(field_name, _("This cell is required and is empty."))
        if len(code) > 32:
            row.error("code", _("An organization code has at most 32 characters."))
        if len(name) > 100:
            row.error("name", _("A name has at most 100 characters."))
        level = row.parse("level", lambda v: parse_choice(v, self.levels, Level), required=True)
        optional = {
            f: (row.parse(f, lambda v, lookup=lookup, choices=choices: parse_choice(v, lookup, choices)) or "")
            if row.has(f)
            else None
            for f, lookup, choices in (("domain", self.domains, Domain), ("org_type", self.org_types, OrgType))
        }
        if not code:
            return None
        complete = len(row.errors) == before and level is not None
        return OrganizationRecord(row.number, code, name, row.text("parent_code"), level, **optional, complete=complete)

    def sample_row(self, record: OrganizationRecord) -> list[str]:
        return [
            record.code,
            record.name,
            record.parent_code,
            str(Level(record.level).label),
            str(Domain(record.domain).label) if record.domain else "",
            str(OrgType(record.org_type).label) if record.org_type else "",
        ]

    # Checks against each other and the existing tree.
    def resolve(self) -> None:
        self.by_code: dict[str, OrganizationRecord] = {}
        for record in self.records:
            first = self.by_code.setdefault(record.code, record)
            if first is not record:
                self.row_error(
                    record.row,
                    "code",
                    _("The code “%(code)s” already appears in row %(row)d.") % {"code": record.code, "row": first.row},
                    ProblemKind.DUPLICATE,
                )
        self.records = list(self.by_code.values())
        self._load_existing()
        placed = [record for record in self.records if self._check_parent(record)]
        # A loop breaks the level order too; report the loop, the clearer of the two.
        looped = self._check_cycles()
        for record in placed:
            if record.code not in looped and record.complete and self._level(record.parent_code):
                self._check_level(record)
        if not self.errors:
            self._classify()

    def _load_existing(self) -> None:
        codes = set(self.by_code) | {r.parent_code for r in self.records if r.parent_code}
        self.existing: dict[str, Organization] = {
            o.code: o for o in fetch_in(Organization.objects.all(), "code", codes)
        }
        # The ancestors of those, to follow parent chains through organizations not in the file.
        prefixes = {org.path[:end] for org in self.existing.values() for end in range(STEPLEN, len(org.path), STEPLEN)}
        self.code_by_path = {org.path: org.code for org in self.existing.values()}
        if prefixes:
            for path, code, level in fetch_in(
                Organization.objects.all(), "path", prefixes, values_list=("path", "code", "level")
            ):
                self.code_by_path[path] = code
                self.existing.setdefault(
                    code, Organization(path=path, code=code, level=level, depth=len(path) // STEPLEN)
                )

    def _existing_parent_code(self, code: str) -> str:
        org = self.existing[code]
        return self.code_by_path.get(org.path[:-STEPLEN], "") if org.depth > 1 else ""

    def _parent_code(self, code: str) -> str:
        record = self.by_code.get(code)
        if record is not None:
            return record.parent_code
        return self._existing_parent_code(code) if code in self.existing else ""

    def _level(self, code: str) -> str:
        record = self.by_code.get(code)
        return record.level if record is not None else self.existing[code].level

    def _check_parent(self, record: OrganizationRecord) -> bool:
        """Scope, roots and the parent's existence; True when the row has a parent to check the level against."""
        existing = self.existing.get(record.code)
        if existing is not None and not self.in_scope(existing):
            self.row_error(record.row, "code", _("This organization is outside your scope."), ProblemKind.SCOPE)
            return False
        if not record.parent_code:
            if record.level is None:
                return False
            if record.level != root_level():
                self.row_error(
                    record.row,
                    "parent_code",
                    _("Only a %(level)s may have no parent organization.") % {"level": root_level().label},
                )
            elif self.allowed_paths is not None and existing is None:
                self.row_error(
                    record.row,
                    "parent_code",
                    _("Only a superuser may add a new top-level organization."),
                    ProblemKind.SCOPE,
                )
            return False
        if record.parent_code == record.code:
            self.row_error(record.row, "parent_code", _("An organization cannot be its own parent."))
            return False
        if record.parent_code not in self.by_code and record.parent_code not in self.existing:
            self.row_error(
                record.row,
                "parent_code",
                _("No organization has the code “%(code)s”, in this file or in the system.")
                % {"code": record.parent_code},
                ProblemKind.UNKNOWN_ORGANIZATION,
            )
            return False
        parent = self.existing.get(record.parent_code)
        if record.parent_code not in self.by_code and not self.in_scope(parent):
            self.row_error(record.row, "parent_code", _("This organization is outside your scope."), ProblemKind.SCOPE)
            return False
        return True

    def _check_level(self, record: OrganizationRecord) -> None:
        existing = self.existing.get(record.code)
        parent_level = self._level(record.parent_code)
        below = LEVEL_ORDER.index(parent_level) + 1
        if record.level not in LEVEL_ORDER[below : below + 1]:
            self.row_error(
                record.row,
                "level",
                _("A %(level)s cannot sit directly under a %(parent_level)s; the level under it is %(expected)s.")
                % {
                    "level": Level(record.level).label,
                    "parent_level": Level(parent_level).label,
                    "expected": Level(LEVEL_ORDER[below]).label if below < len(LEVEL_ORDER) else "—",
                },
            )
        if existing is not None and record.level != existing.level and existing.numchild:
            self.row_error(
                record.row,
                "level",
                _("The level of an organization that has suborganizations cannot change."),
                ProblemKind.CONFLICT,
            )

    def _check_cycles(self) -> set[str]:
        """Follow each row's parent chain (the file's parents first, else the tree's); the codes caught in a loop."""
        looped: set[str] = set()
        settled: set[str] = set()
        for record in self.records:
            if record.parent_code == record.code:  # reported as its own parent already
                looped.add(record.code)
                continue
            chain = [record.code]
            code = record.parent_code
            while code and code not in settled:
                if code in chain:
                    loop = " → ".join([*chain[chain.index(code) :], code])
                    self.row_error(
                        record.row, "parent_code", _("The parent codes form a loop: %(loop)s.") % {"loop": loop}
                    )
                    looped.add(record.code)
                    break
                chain.append(code)
                code = self._parent_code(code)
            else:
                settled.update(chain)
        return looped

    def _classify(self) -> None:
        self.new: list[OrganizationRecord] = []
        self.changed: list[Organization] = []
        self.moved: list[OrganizationRecord] = []
        for record in self.records:
            org = self.existing.get(record.code)
            if org is None:
                self.new.append(record)
                continue
            values = {"name": record.name, "level": record.level}
            values.update({f: getattr(record, f) for f in OPTIONAL_FIELDS if getattr(record, f) is not None})
            differs = {f: v for f, v in values.items() if getattr(org, f) != v}
            if differs:
                for f, v in differs.items():
                    setattr(org, f, v)
                self.changed.append(org)
            moves = record.parent_code != self._existing_parent_code(record.code)
            if moves:
                self.moved.append(record)
            if differs or moves:
                self.updated += 1
            else:
                self.unchanged += 1
        self.created = len(self.new)

    # Writing.
    def _final_depth(self, code: str) -> int:
        depth = 1
        code = self._parent_code(code)
        while code:
            depth += 1
            code = self._parent_code(code)
        return depth

    def _next_child_index(self, parent_paths: set[str]) -> dict[str, int]:
        """The number the next child of each parent gets, from the last existing child's path."""
        last = (
            Organization.objects.annotate(parent_path=Substr("path", 1, Length("path") - STEPLEN))
            .filter(parent_path__in=parent_paths)
            .values("parent_path")
            .annotate(last=Max("path"))
            .values_list("parent_path", "last")
        )
        following = dict.fromkeys(parent_paths, 1)
        following.update({parent_path: last_step_index(path) + 1 for parent_path, path in last})
        return following

    def write(self) -> None:
        now = timezone.now()
        self._create_new(now)
        if self.changed:
            for org in self.changed:
                org.updated_at = now
            bulk_update_with_history(
                self.changed,
                Organization,
                ["name", "level", "domain", "org_type", "updated_at"],
                batch_size=BATCH_SIZE,
                default_user=self.by,
                default_change_reason="roster import",
            )
        for record in sorted(self.moved, key=lambda r: self._final_depth(r.code)):
            node = Organization.objects.get(code=record.code)
            if record.parent_code:
                Organization.objects.move(node, Organization.objects.get(code=record.parent_code), "last-child")
            else:
                Organization.objects.move(node, Organization.objects.get_last_root_node(), "last-sibling")

    def _create_new(self, now) -> None:
        if not self.new:
            return
        new_codes = {r.code for r in self.new}
        existing_parents = {
            self.existing[r.parent_code].path for r in self.new if r.parent_code and r.parent_code not in new_codes
        }
        roots_needed = any(not r.parent_code for r in self.new)
        following = self._next_child_index(existing_parents)
        if roots_needed:
            last_root = Organization.objects.get_last_root_node()
            following[""] = last_step_index(last_root.path) + 1 if last_root else 1
        path_of = {code: org.path for code, org in self.existing.items()}
        children = {}
        created = []
        for record in sorted(self.new, key=lambda r: self._final_depth(r.code)):
            parent_path = path_of[record.parent_code] if record.parent_code else ""
            index = following.get(parent_path, 1)
            following[parent_path] = index + 1
            path = child_path(parent_path, index)
            path_of[record.code] = path
            children[parent_path] = children.get(parent_path, 0) + 1
            created.append(
                Organization(
                    path=path,
                    depth=len(path) // STEPLEN,
                    numchild=0,
                    code=record.code,
                    name=record.name,
                    level=record.level,
                    domain=record.domain or "",
                    org_type=record.org_type or "",
                    updated_at=now,
                )
            )
        for org in created:
            org.numchild = children.get(org.path, 0)
        bulk_create_with_history(
            created, Organization, batch_size=BATCH_SIZE, default_user=self.by, default_change_reason="roster import"
        )
        increments: dict[int, list[str]] = {}
        for parent_path in existing_parents:
            increments.setdefault(children[parent_path], []).append(parent_path)
        for increment, paths in increments.items():
            Organization.objects.filter(path__in=paths).update(numchild=F("numchild") + increment)
