"""The history of one evaluation: every score change, transition, objection and department opinion, newest first.

Read in a fixed number of queries whatever its length: one per kind of event and two for the item names.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from evaluations.models import DepartmentOpinion, Evaluation, Objection, ScoreChange, ScoreChangeKind, Stage, Transition
from evaluations.rules.workflow import ACTION_LABELS
from evaluations.selectors.evaluations import evaluation_tree


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the timeline: when, who, what happened, from what to what, and why."""

    at: datetime
    kind: str  # points, veto, transition, objection, answer, opinion
    who: str
    what: str
    old: str = ""
    new: str = ""
    why: str = ""
    order: int = 0  # keeps events of the same moment in the order they were written


def _person(user) -> str:
    return str(user) if user is not None else _("the system")


def _points(value: str) -> str:
    return value if value else "—"


def _veto_state(value: str) -> str:
    return _("hit") if value else _("not hit")


def evaluation_history(evaluation: Evaluation) -> list[HistoryEntry]:
    """Every recorded event of the evaluation, newest first (six queries)."""
    tree = evaluation_tree(evaluation)
    labels = {leaf.code: leaf.label for leaf in tree.leaves}
    labels.update({veto.code: f"{veto.code} {veto.name}" for veto in tree.vetoes})
    entries: list[HistoryEntry] = []
    for change in ScoreChange.objects.filter(evaluation=evaluation).select_related("by"):
        stage = Stage(change.stage).label if change.stage in Stage.values else change.stage
        item = labels.get(change.code, change.code)
        if change.kind == ScoreChangeKind.VETO:
            what = _("%(stage)s: veto item %(item)s") % {"stage": stage, "item": item}
            old, new = _veto_state(change.old_value), _veto_state(change.new_value)
        else:
            what = _("%(stage)s: %(item)s") % {"stage": stage, "item": item}
            old, new = _points(change.old_value), _points(change.new_value)
        entries.append(HistoryEntry(change.at, change.kind, _person(change.by), what, old, new, change.note, change.pk))
    transitions = Transition.objects.filter(evaluation=evaluation).select_related("by", "from_stage", "to_stage")
    for transition in transitions:
        what = str(ACTION_LABELS.get(transition.action, transition.action))
        if transition.approved:
            what = _("%(action)s: approved") % {"action": what}
        old = transition.from_stage.get_kind_display() if transition.from_stage else "—"
        new = transition.to_stage.get_kind_display() if transition.to_stage else "—"
        entries.append(
            HistoryEntry(
                transition.at, "transition", _person(transition.by), what, old, new, transition.reason, transition.pk
            )
        )
    for objection in Objection.objects.filter(evaluation=evaluation).select_related("answered_by"):
        # Who objected stays with the street that answers it (publicity pages), never on the timeline.
        entries.append(
            HistoryEntry(objection.filed_at, "objection", _("the public"), _("Objection filed"), why=objection.text)
        )
        if objection.answered_at:
            entries.append(
                HistoryEntry(
                    objection.answered_at,
                    "answer",
                    _person(objection.answered_by),
                    _("Objection answered"),
                    why=objection.answer,
                )
            )
    opinions = DepartmentOpinion.objects.filter(evaluation=evaluation).select_related(
        "department", "veto_item", "given_by"
    )
    for opinion in opinions:
        new = opinion.get_kind_display()
        if opinion.veto_item_id:
            new = f"{new}: {opinion.veto_item.code} {opinion.veto_item.name}"
        who = f"{opinion.department.name} · {_person(opinion.given_by)}"
        entries.append(
            HistoryEntry(opinion.given_at, "opinion", who, _("Department opinion"), new=new, why=opinion.note)
        )
    entries.sort(key=lambda entry: (entry.at, entry.order), reverse=True)
    return entries
