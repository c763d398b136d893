"""Rectification to close-out (整改销号, Yantian, seed 003): opening a case, the organization's progress reports with
evidence and its submission, the level above's close-out or send-back with a reason. Each step is checked against
the case's side (evaluations/rectification_permissions.py), written under a row lock, recorded in the case's
history and the audit in the same transaction, and told to the other side."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Consequence,
    ConsequenceStatus,
    RectificationCase,
    RectificationEvent,
    RectificationEvidence,
    RectificationTask,
)
from evaluations.rectification_permissions import check_opener, check_side, organization_roles, parent_of
from evaluations.rules.rectification import CASE_STEP_LABELS, CONSEQUENCE_SOURCE, MOVES, CaseKind, CaseStep, next_status
from evaluations.selectors.consequence_lists import cases_opened_from
from evaluations.services.evidence import evidence_file_fields, evidence_file_type
from evaluations.services.rectification_notices import case_step_notify
from orgs.models import Organization, User
from orgs.selectors import role_holders_over
from orgs.services.audit import audit_record

TASK_MAX = 300
TASKS_MAX = 30


def _text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _tasks(tasks: Sequence[str]) -> list[str]:
    cleaned = [task.strip() for task in tasks if task and task.strip()]
    if not cleaned:
        raise ValidationError({"tasks": _("Give at least one task, one a line.")})
    if len(cleaned) > TASKS_MAX:
        raise ValidationError({"tasks": _("Give at most %(most)d tasks.") % {"most": TASKS_MAX}})
    for number, task in enumerate(cleaned, start=1):
        if len(task) > TASK_MAX:
            raise ValidationError(
                {
                    "tasks": _("Task %(number)d is longer than %(most)d characters.")
                    % {"number": number, "most": TASK_MAX}
                }
            )
    return cleaned


def _owner(organization: Organization, owner: User | None, owner_name: str) -> tuple[User | None, str]:
    """The owner's account must work for the organization (one of its administrators); a named person needs none."""
    owner_name = (owner_name or "").strip()
    if owner is not None:
        holders = role_holders_over([organization.path], organization_roles(organization))[organization.path]
        if not owner.is_active or not any(owner.pk in users for users in holders.values()):
            raise ValidationError(
                {
                    "owner": _("%(user)s does not work for %(organization)s: choose one of its administrators.")
                    % {"user": owner, "organization": organization.name}
                }
            )
        return owner, owner_name or str(owner)
    if not owner_name:
        raise ValidationError({"owner_name": _("Name the owner: the person responsible for the rectification.")})
    return None, owner_name


def _event(case, step: CaseStep, by: User | None, *, old: str = "", text: str = "", **detail) -> RectificationEvent:
    return RectificationEvent.objects.create(
        case=case, step=step, from_status=old, to_status=case.status, text=text, detail=detail, by=by
    )


def _audit(case: RectificationCase, action: str, by: User | None, **detail) -> None:
    audit_record(action=action, actor=by, object_type="rectification_case", object_id=case.pk, detail=detail)


def open_case(
    *,
    organization: Organization,
    kind: str,
    title: str,
    description: str,
    tasks: Sequence[str],
    deadline: date,
    owner: User | None = None,
    owner_name: str = "",
    year: int | None = None,
    source_kind: str = "",
    source_id: int | None = None,
    source_text: str = "",
    by: User | None,
) -> RectificationCase:
    """Open a rectification case on an organization, by the level above (``by``) or by the system (``by`` None, a
    consequence of a rating: give ``source_kind`` and ``source_id``). A source that already has its case gets that
    case back unchanged, so opening again from the same source opens nothing."""
    check_opener(by, organization)
    if source_id is not None and source_kind:
        existing = RectificationCase.objects.filter(source_kind=source_kind, source_id=source_id).first()
        if existing is not None:
            return existing
    errors: dict[str, str] = {}
    if kind not in {each.value for each in CaseKind}:
        errors["kind"] = _("Choose the kind of case: problem list, task list or public commitment.")
    elif kind == CaseKind.CONSEQUENCE and not (source_kind and source_id is not None):
        errors["kind"] = _("A case from a rating consequence is opened by the consequence itself.")
    if parent_of(organization) is None:
        errors["organization"] = _("%(organization)s has no level above to check its case.") % {
            "organization": organization.name
        }
    if by is not None and deadline < timezone.localdate():
        errors["deadline"] = _("The deadline %(date)s has passed: give a later date.") % {"date": deadline.isoformat()}
    # Every field is checked, so that the page names all that is wrong at once.
    for check in (
        lambda: _text(title, field="title", message=_("Give the case a title.")),
        lambda: _text(description, field="description", message=_("Describe the problem.")),
        lambda: _tasks(tasks),
        lambda: _owner(organization, owner, owner_name),
    ):
        try:
            check()
        except ValidationError as error:
            errors.update({field: " ".join(messages) for field, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    owner, owner_name = _owner(organization, owner, owner_name)
    try:
        with transaction.atomic():
            case = RectificationCase.objects.create(
                organization=organization,
                kind=kind,
                year=year or timezone.localdate().year,
                title=title.strip(),
                description=description.strip(),
                owner=owner,
                owner_name=owner_name,
                deadline=deadline,
                source_kind=source_kind,
                source_id=source_id,
                source_text=source_text.strip()[:300],
                opened_by=by,
            )
            RectificationTask.objects.bulk_create(
                RectificationTask(case=case, order=order, text=text) for order, text in enumerate(_tasks(tasks), 1)
            )
            _event(case, CaseStep.OPENED, by, text=case.description, source=source_text.strip()[:300])
            _audit(case, EvaluationAuditAction.RECTIFICATION_OPEN, by, organization=organization.pk, kind=kind)
            case_step_notify(case=case, step=CaseStep.OPENED, key="opened", by=by)
    except IntegrityError:
        # Two openings from the same source at once: the other one's case stands.
        if source_id is None:
            raise
        return RectificationCase.objects.get(source_kind=source_kind, source_id=source_id)
    return case


def open_case_from_consequence(
    *,
    consequence: Consequence,
    title: str,
    description: str,
    tasks: Sequence[str],
    deadline: date,
    owner: User | None = None,
    owner_name: str = "",
    year: int | None = None,
    by: User | None,
) -> RectificationCase:
    """Open the case a consequence in force asks for (a weak-and-lax organization, a rectification within a deadline)
    on its organization. The case follows the consequence: withdrawn with it if the results behind it change."""
    if consequence.status != ConsequenceStatus.ACTIVE:
        raise ValidationError({"consequence": _("This consequence is not in force in your scope.")})
    opened = cases_opened_from([consequence]).get(consequence.pk)
    if opened is not None:  # the same firing's other row has its case already: one case serves both
        check_opener(by, consequence.organization)
        return opened
    return open_case(
        organization=consequence.organization,
        kind=CaseKind.CONSEQUENCE,
        title=title,
        description=description,
        tasks=tasks,
        deadline=deadline,
        owner=owner,
        owner_name=owner_name,
        year=year or consequence.year,
        source_kind=CONSEQUENCE_SOURCE,
        source_id=consequence.pk,
        source_text=f"{consequence.get_action_display()}：{consequence.explanation}",
        by=by,
    )


def _locked(case: RectificationCase, step: CaseStep) -> tuple[RectificationCase, str]:
    """The case locked for writing and its status before the step, if the step may be taken now."""
    locked = (
        RectificationCase.objects.select_for_update(of=("self",))
        .select_related("organization", "owner")
        .get(pk=case.pk)
    )
    old = locked.status
    new = next_status(old, step)
    if new is None:
        raise ValidationError(
            _("The case is “%(status)s”: “%(step)s” is not possible now.")
            % {"status": locked.get_status_display(), "step": CASE_STEP_LABELS[step]}
        )
    locked.status = new
    locked.lock_version += 1
    return locked, old


def report_progress(
    *, case: RectificationCase, note: str, tasks_done: Sequence[int] = (), uploads: Sequence = (), by: User | None
) -> RectificationEvent:
    """The organization reports what it has done, ticks off the tasks done and attaches its evidence (PDF, JPG, PNG
    or DOCX, at most 10 MB each, checked as every evidence file)."""
    check_side(by, case, MOVES[CaseStep.PROGRESS].side)
    note = _text(note, field="note", message=_("Write what was done since the last report."))
    types = [evidence_file_type(upload, item=case.title) for upload in uploads]
    with transaction.atomic():
        locked, old = _locked(case, CaseStep.PROGRESS)
        tasks = {task.pk: task for task in locked.tasks.all()}
        unknown = [pk for pk in tasks_done if pk not in tasks]
        if unknown:
            raise ValidationError({"tasks_done": _("Tick only the tasks of this case.")})
        now = timezone.now()
        newly_done = [tasks[pk] for pk in dict.fromkeys(tasks_done) if not tasks[pk].done]
        for task in newly_done:
            task.done, task.done_at = True, now
        RectificationTask.objects.bulk_update(newly_done, ["done", "done_at"])
        locked.save(update_fields=["status", "lock_version"])
        event = _event(locked, CaseStep.PROGRESS, by, old=old, text=note, tasks_done=[t.text for t in newly_done])
        RectificationEvidence.objects.bulk_create(
            RectificationEvidence(event=event, **fields) for fields in evidence_file_fields(uploads, types, by=by)
        )
        _audit(locked, EvaluationAuditAction.RECTIFICATION_STEP, by, step=CaseStep.PROGRESS, files=len(types))
    return event


def submit_for_close_out(*, case: RectificationCase, note: str = "", by: User | None) -> RectificationCase:
    """The organization submits the case to the level above once every task is done and progress was reported."""
    check_side(by, case, MOVES[CaseStep.SUBMITTED].side)
    with transaction.atomic():
        locked, old = _locked(case, CaseStep.SUBMITTED)
        undone = [f"{task.order}. {task.text}" for task in locked.tasks.all() if not task.done]
        if undone:
            raise ValidationError(
                _("These tasks are not done yet: %(tasks)s. Tick them off in a progress report first.")
                % {"tasks": "；".join(undone)}
            )
        if not locked.events.filter(step=CaseStep.PROGRESS).exists():
            raise ValidationError(_("Report the progress, with its evidence, before submitting the case."))
        locked.save(update_fields=["status", "lock_version"])
        _event(locked, CaseStep.SUBMITTED, by, old=old, text=(note or "").strip())
        _audit(locked, EvaluationAuditAction.RECTIFICATION_STEP, by, step=CaseStep.SUBMITTED)
        case_step_notify(case=locked, step=CaseStep.SUBMITTED, key=f"submitted:{locked.lock_version}", by=by)
    return locked


def send_back(
    *, case: RectificationCase, reason: str, deadline: date | None = None, by: User | None
) -> RectificationCase:
    """The level above sends the case back with its reason, and may give a new deadline."""
    check_side(by, case, MOVES[CaseStep.SENT_BACK].side)
    reason = _text(reason, field="reason", message=_("Say why the case is sent back: the organization reads it."))
    if deadline is not None and deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The new deadline %(date)s has passed.") % {"date": deadline.isoformat()}})
    with transaction.atomic():
        locked, old = _locked(case, CaseStep.SENT_BACK)
        fields = ["status", "lock_version"]
        detail = {}
        if deadline is not None and deadline != locked.deadline:
            detail = {"old_deadline": locked.deadline.isoformat(), "new_deadline": deadline.isoformat()}
            locked.deadline = deadline
            fields.append("deadline")
        locked.save(update_fields=fields)
        _event(locked, CaseStep.SENT_BACK, by, old=old, text=reason, **detail)
        _audit(locked, EvaluationAuditAction.RECTIFICATION_STEP, by, step=CaseStep.SENT_BACK, **detail)
        key = f"sent-back:{locked.lock_version}"
        case_step_notify(case=locked, step=CaseStep.SENT_BACK, key=key, text=reason, by=by)
    return locked


def close_out(*, case: RectificationCase, note: str = "", by: User | None) -> RectificationCase:
    """The level above has checked the case and closes it out (销号); it changes no more."""
    check_side(by, case, MOVES[CaseStep.CLOSED].side)
    with transaction.atomic():
        locked, old = _locked(case, CaseStep.CLOSED)
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "lock_version", "closed_at"])
        _event(locked, CaseStep.CLOSED, by, old=old, text=(note or "").strip())
        _audit(locked, EvaluationAuditAction.RECTIFICATION_STEP, by, step=CaseStep.CLOSED)
        case_step_notify(case=locked, step=CaseStep.CLOSED, key="closed", by=by)
    return locked
