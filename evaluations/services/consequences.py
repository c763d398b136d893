"""Applying the consequence rules (结果运用) to the approved results: after an approval, a correction of a result,
a removed star, and on demand.

Each chunk of organizations is read set-based (selectors/consequence_inputs.py), handed to the pure engine
(scoring.engine.consequences), and compared with the consequences in force: new ones are inserted in bulk, those
whose results changed are updated, and those that no longer hold are withdrawn with the reason, together with the
rectification cases opened from them (services/rectification_withdrawal.py). Running it again
on the same results changes nothing. Runs are serialised by a lock on the rule sets in use.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Consequence, ConsequenceStatus
from evaluations.selectors.consequence_inputs import Gathered, ResultFacts, RuleSetInput, active_rule_sets, gather
from evaluations.services.consequence_writer import UPDATED_COLUMNS, consequences_insert, consequences_update
from evaluations.services.rectification_withdrawal import cases_withdraw_with_consequences
from orgs.models import Organization, User
from orgs.services.audit import audit_record
from scoring.engine.consequences import ConditionKind, Firing, rules_fire
from scoring.models import ConsequenceRule, ConsequenceRuleSet, ConsequenceSubject

CHUNK_ORGANIZATIONS = 2000


@dataclass
class ConsequenceRun:
    organizations: int = 0
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    kept: int = 0
    cases_withdrawn: int = 0  # rectification cases withdrawn with their consequence
    cases_noted: int = 0  # closed-out cases whose consequence was withdrawn, noted in their history

    def as_dict(self) -> dict:
        return dict(vars(self))


def _explanation(rule: ConsequenceRule, firing: Firing, labels: dict[int, str], subject: str) -> str:
    results = "、".join(labels[result_id] for result_id in firing.result_ids)
    own = subject == ConsequenceSubject.SECRETARY  # the person's own star levels, not their organization's results
    text = _("%(rule)s. The secretary's own star levels: %(results)s.") if own else _("%(rule)s. Results: %(results)s.")
    text %= {"rule": rule.name, "results": results}
    if rule.condition == ConditionKind.IN_TERM and firing.term is not None:
        text += _(" Committee term %(start)s–%(end)s: %(count)s times.") % {
            "start": firing.term.start_year,
            "end": firing.term.end_year,
            "count": len(firing.results),
        }
    if firing.person_name:
        text += (_(" Secretary: %(name)s.") if own else _(" Leader at the time: %(name)s.")) % {
            "name": firing.person_name
        }
    return text


def _due_on(firing: Firing, approved_on: dict[int, date]) -> date | None:
    if not firing.deadline_days:
        return None
    days = [approved_on[result_id] for result_id in firing.result_ids if approved_on.get(result_id)]
    return max(days) + timedelta(days=firing.deadline_days) if days else None


@dataclass(frozen=True)
class Wanted:
    """A consequence the rules make now, before it is compared with the rows in force."""

    rule: ConsequenceRule
    rule_set: ConsequenceRuleSet
    member_id: int | None
    person_name: str
    firing: Firing
    fingerprint: str
    facts: ResultFacts  # the labels and approval days of the results it was made from


def _fingerprint(version: int, firing: Firing, person_name: str, labels: dict[int, str], due: str) -> str:
    ids = firing.result_ids
    text = f"{version}|{person_name}|{due}|{ids}|{'|'.join(map(labels.__getitem__, ids))}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _desired(rule_sets: list[RuleSetInput], gathered: Gathered) -> dict[tuple, Wanted]:
    """What the rules say now, keyed like the consequences in force."""
    desired: dict[tuple, Wanted] = {}
    by_set = {each.rule_set.pk: each for each in rule_sets}
    for (rule_set_id, organization_id, _person), subject in gathered.subjects.items():
        each = by_set[rule_set_id]
        facts = gathered.facts_of(each.rule_set.subject)
        labels, member_id = facts.labels, subject.member_id
        rules = {pure.code: rule for rule, pure in each.rules}
        firings = rules_fire(
            [pure for _rule, pure in each.rules],
            subject.results,
            terms=gathered.terms.get(organization_id, ()),
            subject_person=subject.person,
        )
        for firing in firings:
            rule = rules[firing.rule_code]
            person_name = firing.person_name or (subject.person_name if member_id else "")
            due = str(firing.deadline_days or "")
            key = (rule.pk, organization_id, firing.person, firing.action.value, firing.target.value, firing.occasion)
            fingerprint = _fingerprint(each.rule_set.version, firing, person_name, labels, due)
            desired[key] = Wanted(rule, each.rule_set, member_id, person_name, firing, fingerprint, facts)
    return desired


def _withdrawal_reason(rule_set_id: int, active_sets: set[int], labels_now: str) -> str:
    if rule_set_id not in active_sets:
        return _("The rule set was revised: this rule version is no longer in use.")
    return _("The results behind it changed and the rule no longer holds. Results now: %(results)s.") % {
        "results": labels_now or _("none approved")
    }


def _results_now(gathered: Gathered, rule_set_id: int, organization_id: int, person: str) -> list[str]:
    """The results the rule set reads now for the subject of a row: the member's or the secretary's own, else the
    organization's (a leader's row of an organization's rule set)."""
    results_of = gathered.results_of
    own = results_of.get((rule_set_id, organization_id, person))
    return own if own is not None else results_of.get((rule_set_id, organization_id, ""), [])


def _row(key: tuple, wanted: Wanted, gathered: Gathered, now: datetime) -> dict:
    _rule, organization_id, person, action, target, occasion = key
    firing = wanted.firing
    return {
        "rule_set_id": wanted.rule_set.pk,
        "rule_id": wanted.rule.pk,
        "rule_version": wanted.rule_set.version,
        "action": action,
        "target": target,
        "organization_id": organization_id,
        "person_key": person,
        "person_name": wanted.person_name[:50],
        "secretary_id": gathered.secretaries.get((organization_id, person)) if person else None,
        "member_id": wanted.member_id,
        "occasion": occasion,
        "year": firing.year,
        "result_ids": list(firing.result_ids),
        "explanation": _explanation(wanted.rule, firing, wanted.facts.labels, wanted.rule_set.subject),
        "inputs_fingerprint": wanted.fingerprint,
        "due_on": _due_on(firing, wanted.facts.approved_on),
        "status": ConsequenceStatus.ACTIVE,
        "withdrawn_reason": "",
        "withdrawn_at": None,
        "created_at": now,
        "updated_at": now,
    }


def _chunk_apply(
    rule_sets: list[RuleSetInput], organization_ids: Sequence[int], now: datetime, run: ConsequenceRun, every_id: bool
):
    with transaction.atomic():
        # One run at a time over the rules in use: two runs never insert the same consequence twice.
        list(ConsequenceRuleSet.objects.select_for_update().filter(is_active=True).values_list("pk", flat=True))
        gathered = gather(rule_sets, organization_ids, every_id=every_id)
        desired = _desired(rule_sets, gathered)
        active_sets = {each.rule_set.pk for each in rule_sets}
        to_update, withdrawals = [], {}
        for pk, *key_values, rule_set_id, fingerprint in gathered.existing:
            key = tuple(key_values)
            wanted = desired.pop(key, None)
            if wanted is None:
                shown = "、".join(_results_now(gathered, rule_set_id, key[1], key[2]))
                withdrawals.setdefault(_withdrawal_reason(rule_set_id, active_sets, shown), []).append(pk)
            elif wanted.fingerprint != fingerprint:
                row = _row(key, wanted, gathered, now)
                to_update.append({"id": pk} | {name: row[name] for name in UPDATED_COLUMNS})
            else:
                run.kept += 1
        for reason, ids in withdrawals.items():
            run.withdrawn += Consequence.objects.filter(pk__in=ids, status=ConsequenceStatus.ACTIVE).update(
                status=ConsequenceStatus.WITHDRAWN, withdrawn_reason=reason, withdrawn_at=now, updated_at=now
            )
        cases_withdrawn, cases_noted = cases_withdraw_with_consequences(
            reasons={pk: reason for reason, ids in withdrawals.items() for pk in ids}, now=now
        )
        run.cases_withdrawn += cases_withdrawn
        run.cases_noted += cases_noted
        run.updated += consequences_update(to_update)
        run.added += consequences_insert([_row(key, wanted, gathered, now) for key, wanted in desired.items()])
        run.organizations += len(organization_ids)


def consequences_apply(
    *, organization_ids: Iterable[int] | None = None, by: User | None = None, cause: str = "", now=None
) -> ConsequenceRun:
    """Apply the rule sets in use to the organizations given (all when None), chunk by chunk, and audit what
    changed. Running it twice on the same results gives the same rows."""
    now = now or timezone.now()
    rule_sets = active_rule_sets()
    if organization_ids is None:
        ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(organization_ids))
    run = ConsequenceRun()
    with translation.override(settings.LANGUAGE_CODE):
        for start in range(0, len(ids), CHUNK_ORGANIZATIONS):
            _chunk_apply(rule_sets, ids[start : start + CHUNK_ORGANIZATIONS], now, run, organization_ids is None)
    audit_record(
        action=EvaluationAuditAction.CONSEQUENCES_APPLY,
        actor=by,
        object_type="consequences",
        object_id="all" if organization_ids is None else len(ids),
        detail=run.as_dict() | {"cause": cause, "organization_ids": ids[:50] if organization_ids is not None else []},
    )
    return run


def consequences_request(*, organization_ids: Iterable[int] | None, cause: str, by: User | None = None) -> None:
    """Queue the job after the current transaction commits (an approval, a correction, a removed star)."""
    from evaluations.tasks import consequences_apply as task  # lazily: the task module imports this service

    ids = None if organization_ids is None else sorted(set(organization_ids))
    if ids == []:
        return
    by_id = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
    transaction.on_commit(lambda: task.delay(ids, cause, by_id))
