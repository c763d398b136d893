"""The circumstances the money needs beyond the stars (seed 001): a village secretary who left office normally
(正常离任, the departure subsidy increase) and a village whose collective economy grew markedly (村级集体经济增幅明显,
the one-off reward). The street records one for a tenure's year, with its reason and evidence, or withdraws one;
the district organization department confirms or rejects it, as it approves star changes, so the money never
follows the street's word alone. A confirmation sets the circumstance the ledger reads and queues the ledgers'
recomputation (adjusting entries, never edits). Every step is audited; the district hears of a record, the street
of the decision."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.audit import RewardAuditAction
from evaluations.models import (
    CircumstanceKind,
    CircumstanceStatus,
    RewardCircumstance,
    RewardCircumstanceChange,
    RewardCircumstanceEvidence,
)
from evaluations.services.evidence import evidence_files_attach
from evaluations.services.notifications import notify
from evaluations.services.secretary_stars.changes import DECIDE_CAPABILITY, PROPOSE_CAPABILITY, evidence_types
from orgs.models import Domain, Secretary, User
from orgs.permissions import check_actor
from orgs.roles import Role
from orgs.selectors import role_holders_over
from orgs.services.audit import audit_record

FIRST_YEAR, LAST_YEAR = 2000, 2099
# The field of RewardCircumstance that each kind sets.
CIRCUMSTANCE_FIELDS = {
    CircumstanceKind.LEFT_NORMALLY: "left_normally",
    CircumstanceKind.COLLECTIVE_ECONOMY_GROWTH: "collective_economy_growth",
}
NOTICES = {
    CircumstanceStatus.PROPOSED: (
        Role.DISTRICT_ADMIN,
        gettext_lazy(
            "%(name)s (%(organization)s): %(what)s for %(year)s recorded by the street, waiting to be confirmed."
        ),
    ),
    CircumstanceStatus.CONFIRMED: (
        Role.STREET_STAFF,
        gettext_lazy("%(name)s (%(organization)s): %(what)s for %(year)s confirmed; the rewards ledger follows."),
    ),
    CircumstanceStatus.REJECTED: (
        Role.STREET_STAFF,
        gettext_lazy("%(name)s (%(organization)s): %(what)s for %(year)s rejected: %(note)s"),
    ),
}


def circumstance_label(kind: str, holds: bool) -> str:
    label = CircumstanceKind(kind).label
    return str(label) if holds else _("Withdraw: %(circumstance)s") % {"circumstance": label}


def _check_year(secretary: Secretary, year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {"year": _("Year: give a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}}
        )
    ended_on = secretary.ended_on
    if year < secretary.started_on.year or (ended_on is not None and year > ended_on.year):
        held = _("%(start)s to %(end)s") % {
            "start": secretary.started_on.isoformat(),
            "end": ended_on.isoformat() if ended_on else _("now"),
        }
        raise ValidationError(
            {
                "year": _("Year: %(name)s held this office from %(held)s; %(year)s is outside the tenure.")
                % {"name": secretary.name, "held": held, "year": year}
            }
        )


def _check_kind(secretary: Secretary, kind: str, year: int, holds: bool) -> None:
    if kind not in CircumstanceKind.values:
        raise ValidationError({"kind": _("Circumstance: choose left office normally or collective economy growth.")})
    if secretary.organization.domain == Domain.URBAN_COMMUNITY:
        raise ValidationError(
            {
                "kind": _(
                    "Circumstance: %(organization)s is an urban community; the departure subsidy increase and the "
                    "collective economy reward are for village secretaries."
                )
                % {"organization": secretary.organization.name}
            }
        )
    if kind == CircumstanceKind.LEFT_NORMALLY and holds:
        if secretary.ended_on is None:
            raise ValidationError(
                {
                    "ended_on": _(
                        "Departure date: the tenure of %(name)s has no end date. Enter the date the tenure ended "
                        "(in the secretaries' roster) before recording a normal departure."
                    )
                    % {"name": secretary.name}
                }
            )
        if secretary.ended_on.year != year:
            raise ValidationError(
                {
                    "year": _("Year: the tenure ended on %(date)s; record the normal departure for %(year)s.")
                    % {"date": secretary.ended_on.isoformat(), "year": secretary.ended_on.year}
                }
            )


def _confirmed(secretary: Secretary, year: int, kind: str) -> bool:
    return RewardCircumstance.objects.filter(
        secretary=secretary, year=year, **{CIRCUMSTANCE_FIELDS[kind]: True}
    ).exists()


def reward_circumstance_propose(
    *,
    secretary: Secretary,
    year: int,
    kind: str,
    holds: bool,
    growth_percent: Decimal | None,
    reason: str,
    uploads: list,
    by: User | None,
) -> RewardCircumstanceChange:
    """The street records a circumstance of a village secretary's year (or withdraws a confirmed one): a normal
    departure needs the tenure's end date and its year, and a reason; collective economy growth the growth figure
    or a note, and an evidence file; a withdrawal a reason. One record at a time waits for the district."""
    check_actor(by, PROPOSE_CAPABILITY, secretary.organization, object_type="secretary", object_id=secretary.pk)
    _check_year(secretary, year)
    _check_kind(secretary, kind, year, holds)
    reason = (reason or "").strip()
    growth = holds and kind == CircumstanceKind.COLLECTIVE_ECONOMY_GROWTH
    if growth and growth_percent is None and not reason:
        raise ValidationError(
            {"growth_percent": _("Growth: give the growth of the collective economy in percent, or a note on it.")}
        )
    if not growth and not reason:
        raise ValidationError({"reason": _("Reason: say why; it is kept with the record and shown to the district.")})
    if growth_percent is not None and not growth:
        growth_percent = None
    label = circumstance_label(kind, holds)
    types = evidence_types(uploads, label=label, required=growth)
    if not holds and not _confirmed(secretary, year, kind):
        raise ValidationError({"kind": _("Circumstance: nothing confirmed to withdraw for %(year)s.") % {"year": year}})
    with transaction.atomic():
        Secretary.objects.select_for_update().filter(pk=secretary.pk).first()
        if RewardCircumstanceChange.objects.filter(
            secretary=secretary, year=year, kind=kind, status=CircumstanceStatus.PROPOSED
        ).exists():
            raise ValidationError(
                {
                    "kind": _("Circumstance: a record of %(what)s for %(year)s already waits for the district.")
                    % {"what": CircumstanceKind(kind).label, "year": year}
                }
            )
        change = RewardCircumstanceChange.objects.create(
            secretary=secretary,
            year=year,
            kind=kind,
            holds=holds,
            growth_percent=growth_percent,
            reason=reason,
            proposed_by=by,
            proposed_at=timezone.now(),
        )
        evidence_files_attach(RewardCircumstanceEvidence, change=change, uploads=uploads, types=types, by=by)
        audit_record(
            action=RewardAuditAction.CIRCUMSTANCE_PROPOSE,
            actor=by,
            object_type="reward_circumstance_change",
            object_id=change.pk,
            detail={
                "secretary": secretary.pk,
                "year": year,
                "kind": kind,
                "holds": holds,
                "growth_percent": None if growth_percent is None else str(growth_percent),
                "files": len(uploads),
            },
        )
        _notify(change, by)
    return change


def reward_circumstance_decide(
    *, change: RewardCircumstanceChange, approve: bool, note: str, by: User | None
) -> RewardCircumstanceChange:
    """The district confirms (the circumstance the ledger reads is set, and the ledgers of that year and the later
    ones are recomputed) or rejects with a note."""
    secretary = change.secretary
    check_actor(
        by, DECIDE_CAPABILITY, secretary.organization, object_type="reward_circumstance_change", object_id=change.pk
    )
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Note: say why the record is rejected; the street reads it.")})
    with transaction.atomic():
        change = (
            RewardCircumstanceChange.objects.select_for_update(of=("self",))
            .select_related("secretary__organization")
            .get(pk=change.pk)
        )
        if change.status != CircumstanceStatus.PROPOSED:
            raise ValidationError(_("This record is already %(status)s.") % {"status": change.get_status_display()})
        change.status = CircumstanceStatus.CONFIRMED if approve else CircumstanceStatus.REJECTED
        change.decided_by, change.decided_at, change.decision_note = by, timezone.now(), note
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if approve:
            _circumstance_set(change)
        audit_record(
            action=RewardAuditAction.CIRCUMSTANCE_DECIDE,
            actor=by,
            object_type="reward_circumstance_change",
            object_id=change.pk,
            detail={"status": change.status, "note": note, "kind": change.kind, "holds": change.holds},
        )
        _notify(change, by)
    return change


def _circumstance_set(change: RewardCircumstanceChange) -> None:
    """The confirmed circumstance, as the ledger reads it; saving it queues the recomputation (receivers_rewards)."""
    circumstance, _created = RewardCircumstance.objects.select_for_update().get_or_create(
        secretary=change.secretary, year=change.year
    )
    setattr(circumstance, CIRCUMSTANCE_FIELDS[change.kind], change.holds)
    line = f"{change.decided_at:%Y-%m-%d} {circumstance_label(change.kind, change.holds)}"
    if change.growth_percent is not None:
        line += f" {change.growth_percent.normalize():f}%"
    line += f"：{change.reason}" if change.reason else ""
    circumstance.note = f"{circumstance.note}\n{line}".strip()
    circumstance.save()


def _notify(change: RewardCircumstanceChange, by: User | None) -> None:
    role, text = NOTICES[change.status]
    organization = change.secretary.organization
    holders = role_holders_over([organization.path], (role,))[organization.path]
    users = set().union(*holders.values()) if holders else set()
    users.discard(getattr(by, "pk", None))
    message = text % {
        "name": change.secretary.name,
        "organization": organization.name,
        "what": circumstance_label(change.kind, change.holds),
        "year": change.year,
        "note": change.decision_note,
    }
    url = reverse("evaluations:secretary_reward_circumstances", args=[change.secretary_id])
    notify(users=users, key=f"reward-circumstance:{change.pk}:{change.status}", text=message, url=url)
