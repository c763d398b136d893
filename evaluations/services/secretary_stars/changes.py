"""Changes to a secretary's stars (Jinyuan, seed 001): the street proposes base, added or reduced stars with their
evidence and the district approves or rejects them; the district removes stars at any time (随时摘星) with a reason
and evidence, effective from the date it gives; an approved change is undone only with a reason. Every step is
audited, and a removal or an undo is told to the secretary and their street, never made silently; an approval, a
removal or an undo queues the consequence rules for the person's organizations (a filed year's level may change)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretaryStarEvidence,
    SecretaryStarRule,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.services.consequence_runs import consequences_request
from evaluations.services.evidence import evidence_file_type, evidence_files_attach
from evaluations.services.secretary_stars.notices import star_change_notify
from orgs.models import Secretary, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from orgs.tree import STEPLEN

# The street proposes (it re-scores and keeps the ledger); the district organization department decides.
PROPOSE_CAPABILITY = Capability.REVIEW_SCORES
DECIDE_CAPABILITY = Capability.BUILD_RECOMMENDATION


def _check(by: User | None, capability: Capability, secretary: Secretary) -> None:
    check_actor(by, capability, secretary.organization, object_type="secretary", object_id=secretary.pk)


def _record(*, secretary: Secretary, year: int, rule_set: SecretaryStarRuleSet) -> SecretaryStarYear:
    """The person's record of the year, locked; created on the first change, moved to the newer tenure when the
    person now leads another organization (the record follows the person)."""
    record, _created = SecretaryStarYear.objects.select_for_update().get_or_create(
        person_key=secretary.id_card_hash, year=year, defaults={"secretary": secretary, "rule_set": rule_set}
    )
    if record.secretary_id != secretary.pk and record.secretary.started_on <= secretary.started_on:
        record.secretary = secretary
        record.save(update_fields=["secretary"])
    return record


def _check_text(reason: str, *, field: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Say why: the reason is kept with the change and shown in the history.")})
    return reason


def _check_date(effective_on: date, year: int) -> None:
    if effective_on.year != year:
        raise ValidationError(
            {"effective_on": _("The date takes effect in %(year)s: give a date of that year.") % {"year": year}}
        )


def evidence_types(uploads: list, *, label: str, required: bool) -> list[str]:
    """Each upload's content type, checked as every evidence file is; a refusal is the ``evidence`` field's."""
    if required and not uploads:
        raise ValidationError({"evidence": _("%(change)s: attach at least one evidence file.") % {"change": label}})
    try:
        return [evidence_file_type(upload, item=label) for upload in uploads]
    except ValidationError as refusal:
        raise ValidationError({"evidence": refusal.messages}) from None


def _attach(change: SecretaryStarChange, uploads: list, types: list[str], by: User | None) -> None:
    evidence_files_attach(SecretaryStarEvidence, change=change, uploads=uploads, types=types, by=by)


def _year_filed(secretary: Secretary, year: int) -> bool:
    return SecretaryStarCycle.objects.filter(
        year=year, filed_at__isnull=False, scope__path__in=_ancestor_paths(secretary.organization.path)
    ).exists()


def _ancestor_paths(path: str) -> list[str]:
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def _person_organizations(secretary: Secretary) -> set[int]:
    """The organizations the person's star records are held in (a level carries into later years, which may be held
    in another tenure), and the tenure's own: where the consequences of the person's levels are recomputed."""
    held = SecretaryStarYear.objects.filter(person_key=secretary.id_card_hash).values_list(
        "secretary__organization_id", flat=True
    )
    return {secretary.organization_id, *held}


def star_change_propose(
    *,
    secretary: Secretary,
    year: int,
    rule: SecretaryStarRule,
    stars: int,
    effective_on: date,
    reason: str,
    uploads: list,
    by: User | None,
) -> SecretaryStarChange:
    """The street proposes base, added or reduced stars under one rule of the rule set, with evidence (required for
    added and reduced stars); the district decides. A year already filed takes no more proposals."""
    _check(by, PROPOSE_CAPABILITY, secretary)
    label = f"{rule.code} {rule.name}"
    if rule.kind == StarRuleKind.REMOVED or not rule.rule_set.is_active:
        raise ValidationError({"rule": _("%(rule)s: not a rule of the rule set in use.") % {"rule": label}})
    if not 1 <= stars <= rule.stars:
        raise ValidationError({"stars": _("%(rule)s gives 1 to %(most)s stars.") % {"rule": label, "most": rule.stars}})
    reason = _check_text(reason, field="reason")
    _check_date(effective_on, year)
    types = evidence_types(uploads, label=label, required=rule.kind != StarRuleKind.BASE)
    if _year_filed(secretary, year):
        raise ValidationError(_("The star levels of %(year)s are filed: they no longer change.") % {"year": year})
    with transaction.atomic():
        record = _record(secretary=secretary, year=year, rule_set=rule.rule_set)
        change = SecretaryStarChange.objects.create(
            record=record,
            secretary=secretary,
            kind=rule.kind,
            rule=rule,
            stars=stars,
            effective_on=effective_on,
            reason=reason,
            proposed_by=by,
            proposed_at=timezone.now(),
        )
        _attach(change, uploads, types, by)
        audit_record(
            action=EvaluationAuditAction.STAR_CHANGE_PROPOSE,
            actor=by,
            object_type="secretary_star_change",
            object_id=change.pk,
            detail={"secretary": secretary.pk, "year": year, "rule": rule.code, "stars": stars, "files": len(uploads)},
        )
        star_change_notify(change=change, event="proposed", by=by)
    return change


def _locked(change: SecretaryStarChange) -> SecretaryStarChange:
    return (
        SecretaryStarChange.objects.select_for_update(of=("self",))
        .select_related("secretary__organization", "record", "rule")
        .get(pk=change.pk)
    )


def star_change_decide(
    *, change: SecretaryStarChange, approve: bool, note: str, by: User | None
) -> SecretaryStarChange:
    """The district approves or rejects a proposed change; a rejection says why."""
    _check(by, DECIDE_CAPABILITY, change.secretary)
    if not approve:
        note = _check_text(note, field="note")
    with transaction.atomic():
        change = _locked(change)
        if change.status != StarChangeStatus.PROPOSED:
            raise ValidationError(_("This change is already %(status)s.") % {"status": change.get_status_display()})
        change.status = StarChangeStatus.APPROVED if approve else StarChangeStatus.REJECTED
        change.decided_by, change.decided_at, change.decision_note = by, timezone.now(), (note or "").strip()
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            action=EvaluationAuditAction.STAR_CHANGE_DECIDE,
            actor=by,
            object_type="secretary_star_change",
            object_id=change.pk,
            detail={"status": change.status, "note": change.decision_note},
        )
        star_change_notify(change=change, event=change.status, by=by)
        if approve:
            consequences_request(organization_ids=_person_organizations(change.secretary), cause="star_change", by=by)
    return change


def star_remove(
    *,
    secretary: Secretary,
    stars: int,
    effective_on: date,
    reason: str,
    uploads: list,
    by: User | None,
    rule_set: SecretaryStarRuleSet,
) -> SecretaryStarChange:
    """随时摘星: for a serious problem with wide impact the district removes stars at once, from ``effective_on``;
    the level, the rewards and the lists change from that date, and the secretary and their street are told."""
    _check(by, DECIDE_CAPABILITY, secretary)
    if not 1 <= stars <= rule_set.max_stars:
        raise ValidationError({"stars": _("Remove 1 to %(most)s stars.") % {"most": rule_set.max_stars}})
    reason = _check_text(reason, field="reason")
    types = evidence_types(uploads, label=_("Stars removed at any time"), required=True)
    now = timezone.now()
    with transaction.atomic():
        record = _record(secretary=secretary, year=effective_on.year, rule_set=rule_set)
        change = SecretaryStarChange.objects.create(
            record=record,
            secretary=secretary,
            kind=StarRuleKind.REMOVED,
            stars=stars,
            effective_on=effective_on,
            reason=reason,
            status=StarChangeStatus.APPROVED,
            proposed_by=by,
            proposed_at=now,
            decided_by=by,
            decided_at=now,
        )
        _attach(change, uploads, types, by)
        audit_record(
            action=EvaluationAuditAction.STAR_REMOVE,
            actor=by,
            object_type="secretary_star_change",
            object_id=change.pk,
            detail={"secretary": secretary.pk, "stars": stars, "effective_on": effective_on.isoformat()},
        )
        star_change_notify(change=change, event="removed", by=by)
        consequences_request(organization_ids=_person_organizations(secretary), cause="star_removed", by=by)
    return change


def star_change_undo(*, change: SecretaryStarChange, reason: str, by: User | None) -> SecretaryStarChange:
    """Undo an approved change after review, with a reason; the row stays, marked undone, and everyone concerned
    is told. The level counts without it from then on."""
    _check(by, DECIDE_CAPABILITY, change.secretary)
    reason = _check_text(reason, field="reason")
    with transaction.atomic():
        change = _locked(change)
        if change.status != StarChangeStatus.APPROVED:
            raise ValidationError(_("Only an approved change can be undone."))
        change.status = StarChangeStatus.UNDONE
        change.undone_by, change.undone_at, change.undo_reason = by, timezone.now(), reason
        change.save(update_fields=["status", "undone_by", "undone_at", "undo_reason"])
        audit_record(
            action=EvaluationAuditAction.STAR_CHANGE_UNDO,
            actor=by,
            object_type="secretary_star_change",
            object_id=change.pk,
            detail={"kind": change.kind, "stars": change.stars, "reason": reason},
        )
        star_change_notify(change=change, event="undone", by=by)
        consequences_request(organization_ids=_person_organizations(change.secretary), cause="star_undone", by=by)
    return change
