"""Member rows checked across the file and against the database, and sorted into new and changed.

The branch (所在党支部) is matched by organization code first, then by exact organization name; a
name that several organizations share is a row error asking for the code. A member already in the
system must be in the importer's scope and may not go back from full to probationary. A column the
file does not have leaves the stored value alone (KEPT_WHEN_ABSENT).
"""

from django.utils.translation import gettext as _

from orgs.models import Domain, Level, Member, MemberCategory, MemberStatus, Organization
from orgs.personal_data import mask_id_card
from orgs.services.rosters.base import ProblemKind, RosterImporter, fetch_in
from orgs.services.rosters.member_rows import MemberRecord
from orgs.tree import STEPLEN

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


class MemberConflictChecks(RosterImporter):
    """The member importer's checks across rows and against the database, for every row at once."""

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
