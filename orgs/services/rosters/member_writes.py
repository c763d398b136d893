"""Writing checked member rows: bulk inserts for new members, grouped updates for changed ones."""

from django.utils import timezone

from orgs.models import Member
from orgs.personal_data import protect_id_card, protect_phone
from orgs.services.rosters.base import RosterImporter, bulk_insert, bulk_update_rows
from orgs.services.rosters.member_rows import MemberRecord


class MemberWriting(RosterImporter):
    """The member importer's writes, once every row has been checked and sorted (see MemberConflictChecks)."""

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
