"""The engine's inputs per evaluation, gathered from a chunk's reads, and their fingerprints: unchanged inputs
are neither computed nor written again."""

import hashlib
import json
import operator
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from decimal import Decimal

from evaluations.models import (
    PersonalizedItem,
    Stage,
)
from evaluations.rules.tree import template_with_personalised
from evaluations.services.compute.reads import ChunkRead
from scoring.definitions import Template
from scoring.engine import DimensionResult, GateResult, GroupSatisfaction, InputError, Inputs, OptionCount, compute
from scoring.explain import explain
from scoring.models import IndicatorItem

# The fingerprint is the SHA-256 of the inputs as canonical JSON: keys sorted, no spaces, ASCII.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def inputs_fingerprint(
    *, template_id, stage, scores_text: str, vetoes, votes, group_votes, personalised_json: str
) -> str:
    """The inputs as one JSON object: the scores as the database aggregated them (score key → points, in key order),
    the rest as canonical JSON; the personalised sub-items come encoded already (once per distinct list)."""
    encode = _CANONICAL_JSON.encode
    text = (
        f'{{"group_votes":{encode(group_votes)},"personalised":{personalised_json},"scores":{scores_text or "{}"},'
        f'"stage":"{stage}","template":{template_id},"vetoes":{encode(vetoes)},"votes":{encode(votes)}}}'
    )
    return hashlib.sha256(text.encode()).hexdigest()


_PLAIN_FIELDS: dict[type, tuple[tuple[str, object], ...]] = {}


# What the template says already (names, maxima, thresholds, option labels, weights) is not repeated in every
# stored result; the sentences of the explanation carry it.
TEMPLATE_FIELDS = {
    DimensionResult: {"name", "points_max", "threshold"},
    OptionCount: {"label"},
    GateResult: {"required_share", "gated_stars"},
    GroupSatisfaction: {"name", "weight"},
}


def _plain_fields(dataclass_type: type) -> tuple[tuple[str, object], ...]:
    """A dataclass's stored fields with their defaults (MISSING when there is none), looked up once per type."""
    known = _PLAIN_FIELDS.get(dataclass_type)
    if known is None:
        left_out = TEMPLATE_FIELDS.get(dataclass_type, set())
        known = _PLAIN_FIELDS[dataclass_type] = tuple(
            (each.name, each.default) for each in fields(dataclass_type) if each.name not in left_out
        )
    return known


def plain_value(value):
    """The engine's result as JSON values: dataclasses as objects without the template's own values and without
    the fields left at their default (None, no vetoes, not capped …), Decimals as text, sets sorted."""
    kind = type(value)
    if kind is Decimal:
        return str(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return [plain_value(each) for each in value]
    if kind is frozenset or kind is set:
        return sorted(value)
    if kind in _PLAIN_FIELDS or is_dataclass(value):
        plain = {}
        attributes = value.__dict__
        for name, default in _plain_fields(kind):
            each = attributes[name]
            if each is default or (each == default and type(each) is type(default)):
                continue
            each_kind = type(each)
            if each_kind is Decimal:
                plain[name] = str(each)
            elif each_kind is str or each_kind is int or each_kind is bool:
                plain[name] = each
            else:
                plain[name] = plain_value(each)
        return plain
    return value


@dataclass(frozen=True)
class Run:
    """What every chunk of a run shares: the templates and the codes of their items."""

    templates: dict[int, Template]
    item_codes: dict[str, str]  # score key (the item's id as text) → the item's code


@dataclass(frozen=True, eq=False)
class Personalised:
    """One distinct list of personalised sub-items (compared by identity): as dicts for the scored tree, as JSON
    values for the fingerprint."""

    dicts: tuple[dict, ...]
    fingerprinted: str  # as canonical JSON


NO_PERSONALISED = Personalised((), "[]")


@dataclass
class Gathered:
    rows: list[tuple]
    scores: dict[int, dict[str, str]]  # evaluation → stage → its points as JSON text, score key → points
    vetoes: dict[int, dict[str, set[str]]]
    personalised: dict[int, Personalised]
    names: dict[int, dict[str, str]]  # organization → score key → code, its own personalised sub-items included
    votes: dict[int, dict[str, dict[str, int]]]


def gather(read: ChunkRead, run: Run) -> Gathered:
    """The chunk's inputs per evaluation, from its rows."""
    rows = read.evaluations
    # Personalised sub-items first: their ids name the scores that point at them.
    by_organization: dict[int, list[tuple]] = {}
    for row in sorted(read.personalised, key=_PERSONALISED_ORDER):
        by_organization.setdefault(row[0], []).append(row)
    # Communities often share their sub-items: each distinct list is converted once.
    distinct: dict[tuple, Personalised] = {}
    personalised = {}
    names_by_organization = {}
    for organization_id, rows_of_organization in by_organization.items():
        personalised[organization_id] = personalised_of(tuple(row[1:4] for row in rows_of_organization), distinct)
        names_by_organization[organization_id] = run.item_codes | {
            str(-row[-1]): row[2] for row in rows_of_organization
        }
    # The points stay text until an evaluation's inputs turn out to have changed (see scores_by_code).
    scores: dict[int, dict[str, str]] = {}
    for evaluation_id, stage, points_by_key in read.scores:
        scores.setdefault(evaluation_id, {})[stage] = points_by_key
    vetoes: dict[int, dict[str, set[str]]] = {}
    for evaluation_id, stage, code in read.vetoes:
        vetoes.setdefault(evaluation_id, {}).setdefault(stage, set()).add(code)
    votes: dict[int, dict[str, dict[str, int]]] = {}
    for evaluation_id, rater_group, option, count in read.votes:
        options = votes.setdefault(evaluation_id, {}).setdefault(rater_group, {})
        options[option] = options.get(option, 0) + count
    return Gathered(rows, scores, vetoes, personalised, names_by_organization, votes)


def scores_by_code(changed: list[tuple], names: dict[int, dict[str, str]], run: Run) -> dict[int, dict[str, str]]:
    """The points of the evaluations to compute, keyed by item code. They stay JSON strings ("17.5"), so parsing
    makes no call per number: the engine reads text as Decimals."""
    scores = {}
    unknown: set[str] = set()
    for evaluation_id, organization_id, inputs in changed:
        by_key = json.loads(inputs.scores_text) if inputs.scores_text else {}
        codes = names.get(organization_id, run.item_codes)
        try:
            scores[evaluation_id] = {codes[key]: value for key, value in by_key.items()}
        except KeyError:
            unknown.update(key for key in by_key if key not in codes)
            scores[evaluation_id] = {codes.get(key, key): value for key, value in by_key.items()}
    if unknown:
        _name_unknown_keys(scores, unknown)
    return scores


def _name_unknown_keys(scores: dict[int, dict[str, str]], unknown: set[str]) -> None:
    """Scores on an item of another template or a sub-item of another community (inputs that do not fit, which the
    engine refuses by code): look their codes up, in two queries that only a chunk with such scores makes."""
    ids = {int(key) for key in unknown}
    names = {str(pk): code for pk, code in IndicatorItem.objects.filter(pk__in=ids).values_list("pk", "code")}
    names |= {
        str(-pk): code
        for pk, code in PersonalizedItem.objects.filter(pk__in={-each for each in ids}).values_list("pk", "code")
    }
    for evaluation_id, by_code in scores.items():
        if unknown.intersection(by_code):
            scores[evaluation_id] = {
                (names.get(code, code) if code in unknown else code): points for code, points in by_code.items()
            }


PERSONALISED_FIELDS = ("parent_code", "code", "points_max")  # what a personalised sub-item's result depends on


_PERSONALISED_ORDER = operator.itemgetter(0, 4, 5)  # organization, order, id


def personalised_of(rows: tuple, distinct: dict[tuple, Personalised]) -> Personalised:
    """One community's sub-items (parent code, code, points as text), converted once per distinct list."""
    known = distinct.get(rows)
    if known is None:
        fingerprinted = [dict(zip(PERSONALISED_FIELDS, row, strict=True)) for row in rows]
        dicts = tuple(each | {"name": each["code"]} for each in fingerprinted)  # the code names it in errors
        known = distinct[rows] = Personalised(dicts, _CANONICAL_JSON.encode(fingerprinted))
    return known


@dataclass(frozen=True)
class EvaluationInputs:
    template: Template
    personalised: Personalised
    stage: str
    scores_text: str  # the stage's points as the database aggregated them ("" without any)
    vetoes: frozenset[str]
    votes: dict[str, int]
    group_votes: dict[str, dict[str, int]]
    fingerprint: str


def evaluation_inputs(
    template, template_id, scores, vetoes, personalised: Personalised, votes, *, fingerprinted: bool = True
) -> EvaluationInputs:
    """What one evaluation is computed from: the review's scores once the street has reviewed, else the self's.
    Without ``fingerprinted`` (nothing is written, as in a what-if) the fingerprint is left empty."""
    stage = Stage.REVIEW if (Stage.REVIEW in scores or Stage.REVIEW in vetoes) else Stage.SELF_ASSESSMENT
    scores_text = scores.get(stage, "")
    # A district department's veto in the joint review ("X+2") counts whichever stage's scores are used.
    stage_vetoes = vetoes.get(stage, set()) | vetoes.get(Stage.CONSULTATION, set())
    rater_groups = template.satisfaction.rater_groups if template.satisfaction else ()
    if rater_groups:
        group_votes = {group: counts for group, counts in votes.items() if group}
        pooled = {}
    else:
        group_votes = {}
        pooled = {}
        for counts in votes.values():
            for option, count in counts.items():
                pooled[option] = pooled.get(option, 0) + count
    fingerprint = (
        inputs_fingerprint(
            template_id=template_id,
            stage=str(stage),
            scores_text=scores_text,
            vetoes=sorted(stage_vetoes),
            votes=pooled,
            group_votes=group_votes,
            personalised_json=personalised.fingerprinted,
        )
        if fingerprinted
        else ""
    )
    return EvaluationInputs(
        template=template,
        personalised=personalised,
        stage=stage,
        scores_text=scores_text,
        vetoes=frozenset(stage_vetoes),
        votes=pooled,
        group_votes=group_votes,
        fingerprint=fingerprint,
    )


def scored_template(inputs: EvaluationInputs, trees: dict) -> Template:
    """The template with the community's personalised sub-items in place. Communities of a street often share
    their sub-items: each scored tree is built once per template and list (``trees`` keeps them)."""
    key = (id(inputs.template), inputs.personalised)
    scored = trees.get(key)
    if scored is None:
        scored = trees[key] = template_with_personalised(inputs.template, inputs.personalised.dicts)
    return scored


def engine_inputs(inputs: EvaluationInputs, scores: dict[str, str]) -> Inputs:
    """The engine's inputs of one evaluation: its points by code, vetoes and votes."""
    return Inputs(scores=scores, vetoes_hit=inputs.vetoes, votes=inputs.votes, group_votes=inputs.group_votes)


def result_row(
    evaluation_id: int, inputs: EvaluationInputs, scores: dict[str, str], trees: dict, now: datetime
) -> dict:
    """The result row of one evaluation, with the engine's result and its sentences as the explanation."""
    scored = scored_template(inputs, trees)
    row = {"evaluation_id": evaluation_id, "stage": inputs.stage, "inputs_fingerprint": inputs.fingerprint}
    try:
        result = compute(scored, engine_inputs(inputs, scores))
    except InputError as error:
        return row | {
            "stars": None,
            "total": Decimal(0),
            "points_max": scored.points_max,
            "grade": "",
            "explanation": {"error": str(error), "lines": []},
            "computed_at": now,
        }
    return row | {
        "stars": result.stars,
        "total": result.total,
        "points_max": result.points_max,
        "grade": result.grade or "",
        "explanation": {"lines": explain(result), "result": plain_value(result)},
        "computed_at": now,
    }
