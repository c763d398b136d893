"""Applying the consequence rules (结果运用) to the approved results: after an approval, a correction of a result,
a removed star, and on demand.

Each chunk of organizations is read set-based (selectors/consequence_inputs.py), handed to the pure engine
(scoring.engine.consequences), and compared with the consequences in force: new ones are inserted in bulk, those
whose results changed are updated, and those that no longer hold are withdrawn with the reason, together with the
rectification cases opened from them (services/rectification_withdrawal.py). Each organization's
inputs digest is stored with the run: a rerun passes over the organizations whose inputs have not changed, so
running it again on the same results changes nothing and costs little more than the reads. Runs take turns on a
street (a lock on it per chunk) and go on at once on different streets.
"""

import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Consequence, ConsequenceStatus
from evaluations.selectors.consequence_inputs import (
    ChunkInputs,
    Gathered,
    ResultFacts,
    RuleSetInput,
    active_rule_sets,
    applied_digests,
    chunk_inputs,
    consequences_in_force,
    gather_from,
    in_force_count,
)
from evaluations.services.consequence_writer import (
    COLUMNS,
    UPDATED_COLUMNS,
    consequences_insert,
    consequences_update,
    inputs_applied,
)
from evaluations.services.rectification_withdrawal import cases_withdraw_with_consequences
from evaluations.services.street_turns import CONSEQUENCES, street_turns_take
from orgs.models import Organization, User
from orgs.services.audit import audit_record
from orgs.tree import street_path_length
from scoring.engine.consequences import Action, ConditionKind, Firing, Target, rules_fire
from scoring.models import ConsequenceRuleSet, ConsequenceSubject

CHUNK_ORGANIZATIONS = 2000

RULE_SETS_SHARED_SQL = "SELECT id FROM scoring_consequenceruleset WHERE is_active FOR SHARE"


@dataclass
class ConsequenceCounts:
    """What applying the rules did: organizations passed over, consequences added, updated, withdrawn and kept."""

    organizations: int = 0
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    kept: int = 0
    cases_withdrawn: int = 0  # rectification cases withdrawn with their consequence
    cases_noted: int = 0  # closed-out cases whose consequence was withdrawn, noted in their history

    def as_dict(self) -> dict:
        return dict(vars(self))


class Texts:
    """The sentences of the explanations and reasons, translated once per run rather than once per row."""

    def __init__(self) -> None:
        self.results = _("%(rule)s. Results: %(results)s.")
        self.own_results = _("%(rule)s. The secretary's own star levels: %(results)s.")
        self.term = _(" Committee term %(start)s–%(end)s: %(count)s times.")
        self.leader = _(" Leader at the time: %(name)s.")
        self.secretary = _(" Secretary: %(name)s.")
        self.revised = _("The rule set was revised: this rule version is no longer in use.")
        self.no_longer_holds = _(
            "The results behind it changed and the rule no longer holds. Results now: %(results)s."
        )
        self.none_approved = _("none approved")


class RuleFacts(NamedTuple):
    """What a row needs of the stored rule that fired, looked up once per run."""

    pk: int
    name: str
    in_term: bool
    rule_set_id: int
    version: int
    own: bool  # the rule reads the secretary's own star levels, not the organization's results


def _explanation(texts: Texts, rule: RuleFacts, firing: Firing, labels: dict[int, str]) -> str:
    results = "、".join([labels[result_id] for result_id in firing.result_ids])
    text = (texts.own_results if rule.own else texts.results) % {"rule": rule.name, "results": results}
    if firing.term is not None and rule.in_term:
        text += texts.term % {
            "start": firing.term.start_year,
            "end": firing.term.end_year,
            "count": len(firing.results),
        }
    if firing.person_name:
        text += (texts.secretary if rule.own else texts.leader) % {"name": firing.person_name}
    return text


def _due_on(firing: Firing, approved_on: dict[int, date]) -> date | None:
    if not firing.deadline_days:
        return None
    days = [approved_on[result_id] for result_id in firing.result_ids if approved_on.get(result_id)]
    return max(days) + timedelta(days=firing.deadline_days) if days else None


class Wanted(NamedTuple):
    """A consequence the rules make now, before it is compared with the rows in force."""

    rule: RuleFacts
    member_id: int | None
    person_name: str
    firing: Firing
    fingerprint: str
    facts: ResultFacts  # the labels and approval days of the results it was made from


def _fingerprint(version: int, firing: Firing, person_name: str, labels: dict[int, str], due: str) -> str:
    ids = firing.result_ids
    text = f"{version}|{person_name}|{due}|{ids}|{'|'.join(map(labels.__getitem__, ids))}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# The stored values of the engine's actions and targets (a member's .value is slow to read hundreds of thousands
# of times).
ACTION_VALUES = {action: action.value for action in Action}
TARGET_VALUES = {target: target.value for target in Target}


def _wanted(rule_sets: list[RuleSetInput], gathered: Gathered) -> Iterator[tuple[tuple, Wanted]]:
    """What the rules say now, subject by subject, keyed like the consequences in force."""
    by_set = {}
    for each in rule_sets:
        rule_set = each.rule_set
        facts = {
            pure.code: RuleFacts(
                rule.pk,
                rule.name,
                rule.condition == ConditionKind.IN_TERM,
                rule_set.pk,
                rule_set.version,
                rule_set.subject == ConsequenceSubject.SECRETARY,
            )
            for rule, pure in each.rules
        }
        results = gathered.facts_of(rule_set.subject)
        by_set[rule_set.pk] = (rule_set.version, facts, [pure for _rule, pure in each.rules], results)
    terms = gathered.terms
    actions, targets = ACTION_VALUES, TARGET_VALUES
    for (rule_set_id, organization_id, _person), subject in gathered.subjects.items():
        version, facts, pure_rules, results = by_set[rule_set_id]
        labels, member_id = results.labels, subject.member_id
        firings = rules_fire(
            pure_rules, subject.results, terms=terms.get(organization_id, ()), subject_person=subject.person
        )
        for firing in firings:
            rule = facts[firing.rule_code]
            person_name = firing.person_name or (subject.person_name if member_id else "")
            due = str(firing.deadline_days or "")
            key = (
                rule.pk,
                organization_id,
                firing.person,
                actions[firing.action],
                targets[firing.target],
                firing.occasion,
            )
            fingerprint = _fingerprint(version, firing, person_name, labels, due)
            yield key, Wanted(rule, member_id, person_name, firing, fingerprint, results)


def _withdrawal_reason(texts: Texts, rule_set_id: int, active_sets: set[int], labels_now: str) -> str:
    if rule_set_id not in active_sets:
        return texts.revised
    return texts.no_longer_holds % {"results": labels_now or texts.none_approved}


def _results_now(gathered: Gathered, rule_set_id: int, organization_id: int, person: str) -> list[str]:
    """The results the rule set reads now for the subject of a row: the member's or the secretary's own, else the
    organization's (a leader's row of an organization's rule set)."""
    results_of = gathered.results_of
    own = results_of.get((rule_set_id, organization_id, person))
    return own if own is not None else results_of.get((rule_set_id, organization_id, ""), [])


def _row(key: tuple, wanted: Wanted, gathered: Gathered, texts: Texts) -> tuple:
    """The row the rules want, in the writer's column order (consequence_writer.COLUMNS)."""
    rule_id, organization_id, person, action, target, occasion = key
    rule, firing = wanted.rule, wanted.firing
    return (
        rule.rule_set_id,
        rule_id,
        rule.version,
        action,
        target,
        organization_id,
        person,
        wanted.person_name[:50],
        gathered.secretaries.get((organization_id, person)) if person else None,
        wanted.member_id,
        occasion,
        firing.year,
        firing.result_ids,
        _explanation(texts, rule, firing, wanted.facts.labels),
        wanted.fingerprint,
        _due_on(firing, wanted.facts.approved_on) if firing.deadline_days else None,
    )


@dataclass
class Prepared:
    """A chunk's engine work, done ahead of its transaction (no query): the organizations whose inputs changed
    since the last run with their new digests, and what the rules want of them."""

    organization_ids: Sequence[int]
    applied: dict[int, str]  # the digests stored by the last run, as they were when the inputs were read
    digests: dict[int, str]  # of the organizations whose inputs changed
    gathered: Gathered
    wanted: list[tuple[tuple, Wanted]]


def _prepare(rule_sets: list[RuleSetInput], organization_ids: Sequence[int], inputs: ChunkInputs) -> Prepared:
    digests = inputs.digests(rule_sets, organization_ids)
    changed = {pk: digests[pk] for pk in organization_ids if inputs.applied.get(pk) != digests[pk]}
    gathered = gather_from(rule_sets, inputs, list(changed))
    return Prepared(organization_ids, inputs.applied, changed, gathered, list(_wanted(rule_sets, gathered)))


def _changes_write(
    rule_sets: list[RuleSetInput], prepared: Prepared, existing: list[tuple], texts: Texts, now: datetime, run
) -> None:
    """Compare what the rules say now with the rows in force: keep the same, rewrite the changed, insert the new
    (made while the database stores the ones sent), and withdraw with the reason those that no longer hold."""
    gathered = prepared.gathered
    in_force = {tuple(key): (pk, rule_set_id, fingerprint) for pk, *key, rule_set_id, fingerprint in existing}
    to_update: list[tuple] = []
    seen: set[tuple] = set()

    def new_rows() -> Iterator[tuple]:
        for key, wanted in prepared.wanted:
            if key in seen:
                continue
            seen.add(key)
            held = in_force.pop(key, None)
            if held is None:
                yield _row(key, wanted, gathered, texts)
            elif held[2] != wanted.fingerprint:
                row = dict(zip(COLUMNS, _row(key, wanted, gathered, texts), strict=True)) | {"updated_at": now}
                to_update.append((held[0], *(row[name] for name in UPDATED_COLUMNS)))
            else:
                run.kept += 1

    run.added += consequences_insert(new_rows(), now=now)
    run.updated += consequences_update(to_update)
    active_sets = {each.rule_set.pk for each in rule_sets}
    withdrawals: dict[str, list[int]] = {}
    for key, (pk, rule_set_id, _fingerprint) in in_force.items():
        shown = "、".join(_results_now(gathered, rule_set_id, key[1], key[2]))
        withdrawals.setdefault(_withdrawal_reason(texts, rule_set_id, active_sets, shown), []).append(pk)
    for reason, ids in withdrawals.items():
        run.withdrawn += Consequence.objects.filter(pk__in=ids, status=ConsequenceStatus.ACTIVE).update(
            status=ConsequenceStatus.WITHDRAWN, withdrawn_reason=reason, withdrawn_at=now, updated_at=now
        )
    cases_withdrawn, cases_noted = cases_withdraw_with_consequences(
        reasons={pk: reason for reason, ids in withdrawals.items() for pk in ids}, now=now
    )
    run.cases_withdrawn += cases_withdrawn
    run.cases_noted += cases_noted


def _chunk_write(
    rule_sets: list[RuleSetInput], prepared: Prepared, every_id: bool, texts: Texts, now: datetime, run
) -> None:
    """Write a prepared chunk, inside its transaction: the rows in force on the unchanged organizations stay."""
    ids, changed = prepared.organization_ids, list(prepared.digests)
    run.organizations += len(ids)
    if len(changed) < len(ids):
        run.kept += in_force_count(ids, every_id=every_id, excluding=changed)
    if not changed:
        return
    existing = consequences_in_force(changed, every_id=every_id and len(changed) == len(ids))
    _changes_write(rule_sets, prepared, existing, texts, now, run)
    inputs_applied(prepared.digests, now)


def _chunk_lock(ids: list[int]) -> None:
    """Runs take turns on the same organizations, never on different streets. On PostgreSQL a chunk holds a lock on
    each street of its organizations (in one order, so two chunks never wait on each other) and shares the rule sets
    in use: runs over other streets, on other workers, go on at once, and revising a rule set waits for the chunk.
    Elsewhere (SQLite, one writer at a time) the rule sets in use are locked."""
    if connection.vendor != "postgresql":
        list(ConsequenceRuleSet.objects.select_for_update().filter(is_active=True).values_list("pk", flat=True))
        return
    with connection.cursor() as cursor:
        cursor.execute(RULE_SETS_SHARED_SQL)
    streets = Organization.objects.filter(pk__in=ids).annotate(street=Substr("path", 1, street_path_length()))
    street_turns_take(CONSEQUENCES, streets.values_list("street", flat=True).order_by())


def _chunks_apply(rule_sets: list[RuleSetInput], ids: list[int], every_id: bool, texts: Texts, now, run) -> None:
    """Each chunk in its own transaction. While one is written and committed (the database's work), the rules
    already run on the next one's inputs in a thread (Python's work): the two overlap. A chunk prepared ahead is
    prepared again if another run applied the rules to its organizations in between."""
    chunks = [ids[start : start + CHUNK_ORGANIZATIONS] for start in range(0, len(ids), CHUNK_ORGANIZATIONS)]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="consequence-rules") as engine:
        ahead = None
        for index, chunk in enumerate(chunks):
            with transaction.atomic():
                _chunk_lock(chunk)
                if ahead is None:
                    prepared = _prepare(rule_sets, chunk, chunk_inputs(rule_sets, chunk, every_id=every_id))
                else:
                    prepared = ahead.result()
                    if applied_digests(chunk, every_id=every_id) != prepared.applied:
                        prepared = _prepare(rule_sets, chunk, chunk_inputs(rule_sets, chunk, every_id=every_id))
                _chunk_write(rule_sets, prepared, every_id, texts, now, run)
                ahead = None
                if index + 1 < len(chunks):
                    following = chunks[index + 1]
                    inputs = chunk_inputs(rule_sets, following, every_id=every_id)
                    ahead = engine.submit(_prepare, rule_sets, following, inputs)


@contextmanager
def _cycle_collection_paused():
    """A run makes millions of small tuples that hold no reference cycles and are freed by their reference counts;
    Python's cycle collector would walk the live ones again and again (a third of the run's time), so it rests
    during the run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def consequences_compute(*, organization_ids: list[int], every_id: bool, now: datetime) -> ConsequenceCounts:
    """Apply the rule sets in use to these organizations (sorted; ``every_id``: every organization), chunk by chunk,
    without an audit record: a street of a run over every organization (consequence_runs.py) audits the run."""
    counts = ConsequenceCounts()
    with translation.override(settings.LANGUAGE_CODE), _cycle_collection_paused():
        _chunks_apply(active_rule_sets(), organization_ids, every_id, Texts(), now, counts)
    return counts


def consequences_apply(
    *, organization_ids: Iterable[int] | None = None, by: User | None = None, cause: str = "", now=None
) -> ConsequenceCounts:
    """Apply the rule sets in use to the organizations given (all when None) in this process, chunk by chunk, and
    audit what changed. Running it twice on the same results gives the same rows."""
    if organization_ids is None:
        ids = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(organization_ids))
    run = consequences_compute(organization_ids=ids, every_id=organization_ids is None, now=now or timezone.now())
    audit_record(
        action=EvaluationAuditAction.CONSEQUENCES_APPLY,
        actor=by,
        object_type="consequences",
        object_id="all" if organization_ids is None else len(ids),
        detail=run.as_dict() | {"cause": cause, "organization_ids": ids[:50] if organization_ids is not None else []},
    )
    return run
