"""Publicity (公示) of a street's reviewed results, objections (异议) anyone may file, the street's answers, and
closing the publicity.

Yucheng 五星争创 (seed 000): after the street review the proposed stars are publicised for at least 3 days;
the publicity closes only once its days have passed and every objection is answered. Those gates live in
``evaluations.workflow`` (read by ``transitions.evaluation_facts``); closing here is a bulk submit through
``evaluations_transition`` so the same rules decide.

An objection's contact is a phone number: it is stored encrypted (``orgs.personal_data``) and only ever shown
masked. Filing is throttled per client address through the cache (``PUBLICITY_OBJECTIONS_PER_HOUR``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Campaign, Evaluation, EvaluationStatus, Objection
from evaluations.rules.workflow import Action, StageKind
from evaluations.selectors.publicity import publicity_of
from evaluations.services.event_notifications import objection_filed_notify
from evaluations.services.transitions import evaluations_transition
from orgs.models import AuditOutcome, Organization, User
from orgs.permissions import Capability, check_actor
from orgs.personal_data import phone_problem, protect_phone
from orgs.services.audit import audit_record

OBJECTION_TEXT_MAX = 2000
OBJECTION_NAME_MAX = 50
ANSWER_MAX = 2000
THROTTLE_SECONDS = 3600


class ObjectionRefused(ValidationError):
    """The objection cannot be filed now (window closed, too many from one address); nothing was stored."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__({"__all__": [message]})
        self.reason = reason  # "not_publicised" or "throttled"


# Writes --------------------------------------------------------------------------------------------------


def _throttle_take(client_address: str, now: datetime) -> bool:
    """Count one filing for the address in the current clock hour; False once the hourly limit is passed."""
    hour = int(now.timestamp()) // THROTTLE_SECONDS
    key = f"publicity-objections:{client_address or 'unknown'}:{hour}"
    cache.add(key, 0, timeout=THROTTLE_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=THROTTLE_SECONDS + 60)
        count = 1
    return count <= settings.PUBLICITY_OBJECTIONS_PER_HOUR


def _refuse_filing(message: str, *, evaluation_id: object, reason: str) -> ObjectionRefused:
    audit_record(
        action=EvaluationAuditAction.OBJECTION_FILE,
        outcome=AuditOutcome.REFUSED,
        object_type="evaluation",
        object_id=evaluation_id or "",
        detail={"reason": reason},
    )
    return ObjectionRefused(message, reason=reason)


def objection_file(
    *,
    campaign: Campaign,
    street: Organization,
    evaluation_id: object,
    text: str,
    name: str = "",
    contact: str = "",
    client_address: str = "",
    now: datetime | None = None,
) -> Objection:
    """Anyone files an objection on an organization of the street while it is publicised; anonymous, audited.

    Missing or malformed fields raise a ValidationError naming the field (a form message, nothing stored);
    a closed window or too many filings from one address are refusals, audited.
    """
    now = now or timezone.now()
    text, name, contact = (text or "").strip(), (name or "").strip(), (contact or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        evaluation_pk = int(evaluation_id)
    except (TypeError, ValueError):
        evaluation_pk = None
        errors["evaluation"] = [_("Organization: choose the organization your objection is about.")]
    if not text:
        errors["text"] = [_("Objection: write what you object to and why.")]
    elif len(text) > OBJECTION_TEXT_MAX:
        errors["text"] = [_("Objection: at most %(max)d characters.") % {"max": OBJECTION_TEXT_MAX}]
    if len(name) > OBJECTION_NAME_MAX:
        errors["name"] = [_("Name: at most %(max)d characters.") % {"max": OBJECTION_NAME_MAX}]
    if contact and phone_problem(contact):
        errors["contact"] = [_("Contact phone: %(problem)s") % {"problem": phone_problem(contact)}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("organization", "stage")
            .filter(pk=evaluation_pk, campaign=campaign, organization__path__startswith=street.path)
            .first()
        )
        if evaluation is None:
            raise ValidationError({"evaluation": [_("Organization: choose one of the organizations listed.")]})
        publicised = (
            evaluation.stage is not None
            and evaluation.stage.kind == StageKind.PUBLICITY
            and evaluation.status == EvaluationStatus.IN_PROGRESS
        )
        if not publicised:
            refusal = _refuse_filing(
                _("The publicity of %(organization)s has ended: objections are no longer received here.")
                % {"organization": evaluation.organization.name},
                evaluation_id=evaluation.pk,
                reason="not_publicised",
            )
        elif not _throttle_take(client_address, now):
            refusal = _refuse_filing(
                _("At most %(count)d objections an hour can be filed from one network address: try again later.")
                % {"count": settings.PUBLICITY_OBJECTIONS_PER_HOUR},
                evaluation_id=evaluation.pk,
                reason="throttled",
            )
        else:
            refusal = None
            objection = Objection.objects.create(
                evaluation=evaluation,
                text=text,
                name=name,
                contact=protect_phone(contact).encrypted if contact else "",
                filed_at=now,
            )
            audit_record(
                action=EvaluationAuditAction.OBJECTION_FILE,
                object_type="objection",
                object_id=objection.pk,
                detail={
                    "evaluation": evaluation.pk,
                    "organization": evaluation.organization.name,
                    "named": bool(name),
                    "contact_given": bool(contact),
                },
            )
            objection_filed_notify(objection=objection, campaign=campaign, street=street)
    if refusal is not None:
        raise refusal
    return objection


def objection_answer(*, objection: Objection, answer: str, by: User, now: datetime | None = None) -> Objection:
    """The street answers an objection once; the answer is kept with it. Refusals are audited, change nothing."""
    now = now or timezone.now()
    answer = (answer or "").strip()
    check_actor(
        by, Capability.RUN_PUBLICITY, objection.evaluation.organization, object_type="objection", object_id=objection.pk
    )
    with transaction.atomic():
        objection = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("evaluation__organization", "answered_by")
            .get(pk=objection.pk)
        )
        organization = objection.evaluation.organization
        problem = None
        if objection.answered_at is not None:
            problem = _("The objection on %(organization)s was already answered on %(date)s.") % {
                "organization": organization.name,
                "date": timezone.localtime(objection.answered_at).strftime("%Y-%m-%d %H:%M"),
            }
        elif not answer:
            problem = _("Answer to the objection on %(organization)s: write the answer.") % {
                "organization": organization.name
            }
        elif len(answer) > ANSWER_MAX:
            problem = _("Answer to the objection on %(organization)s: at most %(max)d characters.") % {
                "organization": organization.name,
                "max": ANSWER_MAX,
            }
        else:
            objection.answer = answer
            objection.answered_by = by
            objection.answered_at = now
            objection.save(update_fields=["answer", "answered_by", "answered_at"])
            audit_record(
                action=EvaluationAuditAction.OBJECTION_ANSWER,
                actor=by,
                object_type="objection",
                object_id=objection.pk,
                detail={"evaluation": objection.evaluation_id, "organization": organization.name},
            )
    if problem is not None:
        _refuse_answer(objection, by, problem)
        raise ValidationError({"answer": [problem]})
    return objection


def _refuse_answer(objection: Objection, by: User, reason: str) -> None:
    audit_record(
        action=EvaluationAuditAction.OBJECTION_ANSWER,
        outcome=AuditOutcome.REFUSED,
        actor=by,
        object_type="objection",
        object_id=objection.pk,
        detail={"reason": str(reason)},
    )


@dataclass(frozen=True)
class PublicityClosing:
    """What closing a street's publicity did: the organizations moved on, and those kept with the reason."""

    moved: list[str]
    refused: list[tuple[str, str]]


def publicity_close(
    *, campaign: Campaign, street: Organization, by: User, now: datetime | None = None
) -> PublicityClosing:
    """Submit every evaluation of the street at the publicity stage; each refusal names its organization.

    The workflow decides: not before the stage's least days have passed, not while an objection is unanswered.
    """
    check_actor(by, Capability.RUN_PUBLICITY, street, object_type="street", object_id=street.pk)
    publicity = publicity_of(campaign, street)
    if not publicity.is_open:
        raise ValidationError(_("No organization of %(street)s is at the publicity stage.") % {"street": street.name})
    moved, refused = evaluations_transition(evaluations=publicity.evaluations, action=Action.SUBMIT, by=by, now=now)
    names = {evaluation.pk: evaluation.organization.name for evaluation in publicity.evaluations}
    return PublicityClosing(
        moved=[names[evaluation.pk] for evaluation in moved],
        refused=[(names[pk], message) for pk, message in refused.items()],
    )
