"""Award nominations (评先评优, "两优一先"): the level above nominates an organization or a person for a year's award,
the district organization department confirms or rejects it, the nominator may withdraw it while it waits.
Eligibility is the consequences in force (seed 000: a low rating takes the award eligibility of the organization and
of its leader, who takes it along to any organization); a nomination they bar is refused with the rule and the
results behind it, and so is confirming one that a later result has barred."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import PERSON_AWARDS, STANDING_NOMINATIONS, AwardKind, AwardNomination, NominationStatus
from evaluations.nomination_permissions import check_decider, check_nominator
from evaluations.selectors.nominations import Subject, barring, barring_reason
from orgs.models import AuditOutcome, Member, Organization, Secretary, User
from orgs.services.audit import audit_record

REASON_MAX = 2000
YEARS = range(2000, 2100)


def _audit(nomination: AwardNomination, action: str, by: User | None, **detail) -> None:
    audit_record(action=action, actor=by, object_type="award_nomination", object_id=nomination.pk, detail=detail)


def _subject(
    award: str, organization: Organization | None, secretary: Secretary | None, member: Member | None
) -> tuple[Organization, str, str, str]:
    """(the organization anchoring the nomination, the person key, the person's name, the field of the subject)."""
    if award not in PERSON_AWARDS:
        if organization is None:
            raise ValidationError({"organization": _("Choose the organization to nominate.")})
        return organization, "", "", "organization"
    if secretary is not None and member is not None:
        raise ValidationError({"person": _("Choose one person: a secretary or a member.")})
    if secretary is not None:
        return secretary.organization, secretary.id_card_hash, secretary.name, "person"
    if member is not None:
        if not member.is_active:
            raise ValidationError(
                {"person": _("%(name)s is no longer an active member: choose another person.") % {"name": member.name}}
            )
        return member.branch, member.id_card_hash, member.name, "person"
    raise ValidationError({"person": _("Choose the person to nominate: a secretary or a member.")})


def eligibility_refusals(*, organization: Organization, person_key: str, person_name: str, year: int) -> list[str]:
    """Why the subject may not be nominated for the year's awards: one reason per consequence in force that bars it."""
    consequences = barring({"subject": (Subject(organization.pk, person_key), year)})["subject"]
    return [barring_reason(consequence, person_name or organization.name) for consequence in consequences]


def _standing_duplicate(*, year: int, award: str, organization: Organization, person_key: str):
    nominations = AwardNomination.objects.filter(year=year, award=award, status__in=STANDING_NOMINATIONS)
    if person_key:
        return nominations.filter(person_key=person_key).select_related("organization").first()
    return nominations.filter(organization=organization, person_key="").select_related("organization").first()


def _duplicate_message(existing: AwardNomination) -> str:
    return _(
        "%(subject)s is already nominated for “%(award)s” of %(year)s (%(status)s): it is not nominated twice."
    ) % {
        "subject": existing.subject_name,
        "award": existing.get_award_display(),
        "year": existing.year,
        "status": existing.get_status_display(),
    }


def award_nominate(
    *,
    year: int,
    award: str,
    reason: str,
    organization: Organization | None = None,
    secretary: Secretary | None = None,
    member: Member | None = None,
    by: User | None,
) -> AwardNomination:
    """Nominate an organization (advanced grassroots party organization) or a person (a secretary or a member:
    outstanding party member, outstanding party affairs worker) for the year's award. Refused, naming the field:
    a subject out of the nominator's level (403/404, audited), a subject whose award eligibility a consequence in
    force takes for that year (the rule, its version and the results named), a second standing nomination."""
    if award not in AwardKind.values:
        raise ValidationError({"award": _("Choose the award: advanced organization, outstanding member or worker.")})
    anchor, person_key, person_name, field = _subject(award, organization, secretary, member)
    check_nominator(by, anchor)
    errors: dict[str, list[str]] = {}
    if year not in YEARS:
        errors["year"] = [_("Give the award year from 2000 to 2099.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Write the deeds and the reason for the nomination.")]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [_("The reason is longer than %(most)d characters.") % {"most": REASON_MAX}]
    if errors:
        raise ValidationError(errors)
    refusals = eligibility_refusals(organization=anchor, person_key=person_key, person_name=person_name, year=year)
    if refusals:
        audit_record(
            action=EvaluationAuditAction.AWARD_NOMINATE,
            outcome=AuditOutcome.REFUSED,
            actor=by,
            object_type="organization",
            object_id=anchor.pk,
            detail={"year": year, "award": award, "person": person_name, "refused": refusals},
        )
        raise ValidationError({field: [_("Cannot nominate: %(reason)s") % {"reason": text} for text in refusals]})
    existing = _standing_duplicate(year=year, award=award, organization=anchor, person_key=person_key)
    if existing is not None:
        raise ValidationError({field: _duplicate_message(existing)})
    try:
        with transaction.atomic():
            nomination = AwardNomination.objects.create(
                year=year,
                award=award,
                organization=anchor,
                person_key=person_key,
                person_name=person_name,
                secretary=secretary,
                member=member if secretary is None else None,
                reason=reason,
                nominated_by=by,
            )
            _audit(nomination, EvaluationAuditAction.AWARD_NOMINATE, by, year=year, award=award, person=person_name)
    except IntegrityError:
        # Nominated at the same moment by someone else: theirs stands.
        existing = _standing_duplicate(year=year, award=award, organization=anchor, person_key=person_key)
        if existing is None:
            raise
        raise ValidationError({field: _duplicate_message(existing)}) from None
    return nomination


def _locked(nomination: AwardNomination) -> AwardNomination:
    """The nomination locked for writing; only a nomination awaiting the district changes."""
    locked = (
        AwardNomination.objects.select_for_update(of=("self",)).select_related("organization").get(pk=nomination.pk)
    )
    if locked.status != NominationStatus.SUBMITTED:
        raise ValidationError(
            _("The nomination is “%(status)s”: it is no longer awaiting a decision.")
            % {"status": locked.get_status_display()}
        )
    return locked


def award_nomination_confirm(*, nomination: AwardNomination, by: User | None) -> AwardNomination:
    """The district confirms a nomination, unless a consequence in force now bars the subject (a result approved
    after the nomination): refused with the rule and the results behind it."""
    check_decider(by, nomination)
    with transaction.atomic():
        locked = _locked(nomination)
        refusals = eligibility_refusals(
            organization=locked.organization,
            person_key=locked.person_key,
            person_name=locked.person_name,
            year=locked.year,
        )
        if refusals:
            raise ValidationError([_("Cannot confirm: %(reason)s") % {"reason": text} for text in refusals])
        locked.status, locked.decided_by, locked.decided_at = NominationStatus.CONFIRMED, by, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        _audit(locked, EvaluationAuditAction.AWARD_NOMINATION_DECIDE, by, status=locked.status)
    return locked


def award_nomination_reject(*, nomination: AwardNomination, reason: str, by: User | None) -> AwardNomination:
    """The district does not adopt a nomination, saying why (the nominator reads it)."""
    check_decider(by, nomination)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": _("Say why the nomination is not adopted: the street reads it.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"rejection_reason": _("The reason is longer than %(most)d characters.") % {"most": REASON_MAX}}
        )
    with transaction.atomic():
        locked = _locked(nomination)
        locked.status, locked.rejection_reason = NominationStatus.REJECTED, reason
        locked.decided_by, locked.decided_at = by, timezone.now()
        locked.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at", "updated_at"])
        _audit(locked, EvaluationAuditAction.AWARD_NOMINATION_DECIDE, by, status=locked.status, reason=reason)
    return locked


def award_nomination_withdraw(*, nomination: AwardNomination, by: User | None) -> AwardNomination:
    """The nominator's side withdraws a nomination while it awaits the district."""
    check_nominator(by, nomination.organization)
    with transaction.atomic():
        locked = _locked(nomination)
        locked.status = NominationStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        _audit(locked, EvaluationAuditAction.AWARD_NOMINATION_WITHDRAW, by)
    return locked
