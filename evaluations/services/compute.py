"""Computing a campaign: gather the inputs set-based, run the engine per evaluation, write the results in bulk.

A request is a CampaignComputation row; the task claims it with a conditional update. Each street is one
chunk written in its own transaction under a lock on the campaign, so runs never interleave and a run that
dies mid-way leaves whole streets. Results carry a fingerprint of their inputs; a row whose inputs did not
change is not rewritten, so running twice (or again after a killed worker) leaves the same rows.
"""

import functools
import hashlib
import json
import operator
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Aggregate, Count, F, TextField
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone, translation

from evaluations.models import (
    Ballot,
    Campaign,
    CampaignComputation,
    ComputationStatus,
    Evaluation,
    EvaluationResult,
    PersonalizedItem,
    Score,
    Stage,
    VetoHit,
)
from evaluations.tree import template_with_personalised
from orgs.tree import STREET_PATH_LENGTH  # the chunk key: district + street
from scoring.definitions import Template
from scoring.engine import DimensionResult, GateResult, GroupSatisfaction, InputError, Inputs, OptionCount, compute
from scoring.explain import explain
from scoring.models import IndicatorItem, IndicatorTemplate


def campaign_compute_request(*, campaign: Campaign) -> CampaignComputation:
    """Ask for a computation after the current transaction commits; a waiting request absorbs new ones."""
    from evaluations.tasks import campaign_compute

    computation = CampaignComputation.objects.filter(campaign=campaign, status=ComputationStatus.PENDING).first()
    if computation is None:
        try:
            with transaction.atomic():
                computation = CampaignComputation.objects.create(campaign=campaign)
        except IntegrityError:
            computation = CampaignComputation.objects.get(campaign=campaign, status=ComputationStatus.PENDING)
    campaign_id = campaign.pk
    transaction.on_commit(lambda: campaign_compute.delay(campaign_id))
    return computation


def _claim(campaign_id: int, now: datetime) -> CampaignComputation | None:
    """Take the waiting request, or one whose run outlived its lease; None when another run has it."""
    candidates = CampaignComputation.objects.filter(campaign_id=campaign_id).filter(
        status=ComputationStatus.PENDING
    ) | CampaignComputation.objects.filter(
        campaign_id=campaign_id,
        status=ComputationStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.CAMPAIGN_COMPUTE_LEASE_SECONDS),
    )
    for candidate in candidates.order_by("pk"):
        claimed = CampaignComputation.objects.filter(pk=candidate.pk, status=candidate.status)
        if candidate.status == ComputationStatus.RUNNING:
            claimed = claimed.filter(started_at=candidate.started_at)
        if claimed.update(status=ComputationStatus.RUNNING, started_at=now, finished_at=None):
            candidate.refresh_from_db()
            return candidate
    return None


def campaign_compute_run(*, campaign_id: int, now: datetime | None = None) -> CampaignComputation | None:
    """Claim the campaign's computation request and compute every evaluation, street by street."""
    now = now or timezone.now()
    computation = _claim(campaign_id, now)
    if computation is None:
        return None
    try:
        campaign = Campaign.objects.select_related("template").get(pk=campaign_id)
        template_ids = Evaluation.objects.filter(campaign=campaign).values("template_id").distinct()
        run = _Run(
            templates={
                template.pk: template.as_definition()
                for template in IndicatorTemplate.objects.filter(pk__in=template_ids)
            },
            item_codes={
                str(pk): code
                for pk, code in IndicatorItem.objects.filter(template_id__in=template_ids)
                .order_by()
                .values_list("pk", "code")
            },
        )
        chunks = list(
            Evaluation.objects.filter(campaign=campaign)
            .annotate(chunk=Substr("organization__path", 1, STREET_PATH_LENGTH))
            .values_list("chunk", flat=True)
            .distinct()
            .order_by("chunk")
        )
        evaluations = written = 0
        for chunk, read in _chunk_reads(campaign, chunks):
            counted, changed = _compute_chunk(campaign, chunk, read, run, now)
            evaluations += counted
            written += changed
            if settings.CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS:
                time.sleep(settings.CAMPAIGN_COMPUTE_PAUSE_AFTER_STREET_SECONDS)
    except Exception as error:
        CampaignComputation.objects.filter(pk=computation.pk).update(
            status=ComputationStatus.FAILED, finished_at=timezone.now(), error=repr(error)[:2000]
        )
        raise
    CampaignComputation.objects.filter(pk=computation.pk).update(
        status=ComputationStatus.SUCCEEDED,
        finished_at=max(timezone.now(), now),
        evaluations_count=evaluations,
        results_written=written,
    )
    computation.refresh_from_db()
    return computation


class _PointsByKey(Aggregate):
    """The points of a group of scores as one JSON object, score key → points, read as text. On PostgreSQL the keys
    come in order, so the same scores give the same text and the text itself can be fingerprinted."""

    function = "JSON_OBJECT_AGG"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        key_sql, key_params = compiler.compile(self.get_source_expressions()[0])
        sql, params = super().as_sql(
            compiler,
            connection,
            template="%(function)s(%(expressions)s ORDER BY " + key_sql.replace("%", "%%") + ")::text",
            **extra_context,
        )
        return sql, (*params, *key_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="JSON_GROUP_OBJECT", template="%(function)s(%(expressions)s)"
        )


# A score points at a template item or at a personalised sub-item. The scores are read keyed by the id (the
# personalised one negated, so both fit one key) rather than by the code: the code would need a join with every
# personalised sub-item of the campaign; the ids are turned into codes in Python from what the chunk reads anyway.
SCORE_KEY = Cast(Coalesce("item_id", -F("personalized_item_id")), TextField())
# Enough memory for a street's scores to be grouped without spilling to disk (PostgreSQL's default is 4 MB).
CHUNK_WORK_MEM_SQL = "SET LOCAL work_mem = '64MB'"
# The fingerprint is the SHA-256 of the inputs as canonical JSON: keys sorted, no spaces, ASCII.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def _fingerprint(*, template_id, stage, scores_text: str, vetoes, votes, group_votes, personalised_json: str) -> str:
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
_TEMPLATE_FIELDS = {
    DimensionResult: {"name", "points_max", "threshold"},
    OptionCount: {"label"},
    GateResult: {"required_share", "gated_stars"},
    GroupSatisfaction: {"name", "weight"},
}


def _plain_fields(dataclass_type: type) -> tuple[tuple[str, object], ...]:
    """A dataclass's stored fields with their defaults (MISSING when there is none), looked up once per type."""
    known = _PLAIN_FIELDS.get(dataclass_type)
    if known is None:
        left_out = _TEMPLATE_FIELDS.get(dataclass_type, set())
        known = _PLAIN_FIELDS[dataclass_type] = tuple(
            (each.name, each.default) for each in fields(dataclass_type) if each.name not in left_out
        )
    return known


def _plain(value):
    """The engine's result as JSON values: dataclasses as objects without the template's own values and without
    the fields left at their default (None, no vetoes, not capped …), Decimals as text, sets sorted."""
    kind = type(value)
    if kind is Decimal:
        return str(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is tuple or kind is list:
        return [_plain(each) for each in value]
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
                plain[name] = _plain(each)
        return plain
    return value


def _chunk_reads(campaign: Campaign, chunks: list[str]) -> Iterator[tuple[str, Callable[[], "_Read"]]]:
    """Each chunk with how to get its reads. On PostgreSQL, outside a transaction, a second connection reads the
    next street while this one computes and writes the current one: the database and Python each keep a core
    busy. Inside a transaction (or on SQLite) another connection would not see what it holds: each street is
    read in its own chunk transaction then."""
    if not (
        settings.CAMPAIGN_COMPUTE_READ_AHEAD and connection.vendor == "postgresql" and not connection.in_atomic_block
    ):
        for chunk in chunks:
            yield chunk, functools.partial(_read_in_chunk_transaction, campaign, chunk)
        return
    ahead = settings.CAMPAIGN_COMPUTE_READ_AHEAD_STREETS
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="compute-read") as reader:
        try:
            upcoming = deque(reader.submit(_read_ahead, campaign, chunk) for chunk in chunks[:ahead])
            for index, chunk in enumerate(chunks):
                current = upcoming.popleft()
                if index + ahead < len(chunks):
                    upcoming.append(reader.submit(_read_ahead, campaign, chunks[index + ahead]))
                yield chunk, current.result
        finally:
            for future in upcoming:
                future.cancel()
            reader.submit(_close_connection)


def _close_connection() -> None:
    """Close this thread's connection (``connection.close`` looked up elsewhere would be that thread's)."""
    connection.close()


def _read_ahead(campaign: Campaign, chunk: str) -> "_Read":
    with transaction.atomic():
        _set_chunk_work_mem()
        return _read(campaign, chunk)


def _read_in_chunk_transaction(campaign: Campaign, chunk: str) -> "_Read":
    _set_chunk_work_mem()
    return _read(campaign, chunk)


def _set_chunk_work_mem() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(CHUNK_WORK_MEM_SQL)


def _compute_chunk(
    campaign: Campaign, chunk: str, read: Callable[[], "_Read"], run: "_Run", now: datetime
) -> tuple[int, int]:
    """One street: five set-based reads, the engine per evaluation whose inputs changed, one bulk upsert."""
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        gathered = _gather(read(), run)
        changed = []
        for evaluation_id, organization_id, template_id, old_fingerprint in gathered.rows:
            inputs = _inputs(
                run.templates[template_id],
                template_id,
                gathered.scores.get(evaluation_id, {}),
                gathered.vetoes.get(evaluation_id, {}),
                gathered.personalised.get(organization_id, _NO_PERSONALISED),
                gathered.votes.get(evaluation_id, {}),
            )
            if inputs.fingerprint != old_fingerprint:  # the same inputs give the same row: nothing to compute or write
                changed.append((evaluation_id, organization_id, inputs))
        scores = _scores_by_code(changed, gathered.names, run)
        trees: dict[tuple, Template] = {}
        with translation.override(settings.LANGUAGE_CODE), _ResultWriter() as writer:
            for evaluation_id, _organization_id, inputs in changed:
                writer.add(_result_row(evaluation_id, inputs, scores[evaluation_id], trees, now))
    return len(gathered.rows), writer.written


@dataclass(frozen=True)
class _Run:
    """What every chunk of a run shares: the templates and the codes of their items."""

    templates: dict[int, Template]
    item_codes: dict[str, str]  # score key (the item's id as text) → the item's code


@dataclass(frozen=True, eq=False)
class _Personalised:
    """One distinct list of personalised sub-items (compared by identity): as dicts for the scored tree, as JSON
    values for the fingerprint."""

    dicts: tuple[dict, ...]
    fingerprinted: str  # as canonical JSON


_NO_PERSONALISED = _Personalised((), "[]")


@dataclass
class _Gathered:
    rows: list[tuple]
    scores: dict[int, dict[str, str]]  # evaluation → stage → its points as JSON text, score key → points
    vetoes: dict[int, dict[str, set[str]]]
    personalised: dict[int, _Personalised]
    names: dict[int, dict[str, str]]  # organization → score key → code, its own personalised sub-items included
    votes: dict[int, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class _Read:
    """A chunk's rows as the database returns them, before any Python work on them."""

    evaluations: list[tuple]  # (id, organization id, template id, fingerprint of the stored result)
    personalised: list[tuple]  # (organization id, *PERSONALISED_FIELDS, order, id), in no particular order
    scores: list[tuple]  # (evaluation id, stage, JSON text: score key → points)
    vetoes: list[tuple]  # (evaluation id, stage, veto item code)
    votes: list[tuple]  # (evaluation id, rater group, option, count)


def _read(campaign: Campaign, chunk: str) -> _Read:
    """The chunk's evaluations and their inputs, in five reads whose number does not depend on the chunk's size."""
    # A street's chunk is its subtree; the district itself (a shorter path) is a chunk of its own.
    where_key, where_value = ("path__startswith", chunk) if len(chunk) >= STREET_PATH_LENGTH else ("path", chunk)
    where = {f"organization__{where_key}": where_value}
    # The chunk's evaluations by a join rather than a list of ids: no thousands of parameters to send.
    in_chunk = {"evaluation__campaign": campaign, f"evaluation__organization__{where_key}": where_value}
    return _Read(
        evaluations=_raw_rows(
            Evaluation.objects.filter(campaign=campaign, **where)
            .order_by()
            .values_list("pk", "organization_id", "template_id", "result__inputs_fingerprint")
        ),
        # Unsorted and without names or standards (they change no result): sorting a street's sub-items in the
        # database took longer than reading them.
        personalised=_raw_rows(
            PersonalizedItem.objects.filter(campaign=campaign, **where)
            .order_by()
            .values_list("organization_id", "parent_code", "code", Cast("points_max", TextField()), "order", "pk")
        ),
        # The points arrive aggregated per evaluation and stage, one JSON object each: far fewer rows to read.
        scores=_raw_rows(
            Score.objects.filter(**in_chunk)
            .values_list("evaluation_id", "stage")
            .annotate(points=_PointsByKey(SCORE_KEY, Cast("points", TextField())))
            .order_by()
        ),
        vetoes=_raw_rows(
            VetoHit.objects.filter(**in_chunk).values_list("evaluation_id", "stage", "veto_item__code").order_by()
        ),
        votes=_raw_rows(
            Ballot.objects.filter(**{f"survey__{lookup}": value for lookup, value in in_chunk.items()})
            .values_list("survey__evaluation_id", "rater_group", "option")
            .annotate(count=Count("pk"))
            .order_by()
        ),
    )


def _gather(read: _Read, run: _Run) -> _Gathered:
    """The chunk's inputs per evaluation, from its rows."""
    rows = read.evaluations
    # Personalised sub-items first: their ids name the scores that point at them.
    by_organization: dict[int, list[tuple]] = {}
    for row in sorted(read.personalised, key=_PERSONALISED_ORDER):
        by_organization.setdefault(row[0], []).append(row)
    # Communities often share their sub-items: each distinct list is converted once.
    distinct: dict[tuple, _Personalised] = {}
    personalised = {}
    names_by_organization = {}
    for organization_id, rows_of_organization in by_organization.items():
        personalised[organization_id] = _personalised(tuple(row[1:4] for row in rows_of_organization), distinct)
        names_by_organization[organization_id] = run.item_codes | {
            str(-row[-1]): row[2] for row in rows_of_organization
        }
    # The points stay text until an evaluation's inputs turn out to have changed (see _scores_by_code).
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
    return _Gathered(rows, scores, vetoes, personalised, names_by_organization, votes)


def _scores_by_code(changed: list[tuple], names: dict[int, dict[str, str]], run: _Run) -> dict[int, dict[str, str]]:
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


def _raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list query as the driver returns them: for the large reads, no per-row conversion."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PERSONALISED_FIELDS = ("parent_code", "code", "points_max")  # what a personalised sub-item's result depends on
_PERSONALISED_ORDER = operator.itemgetter(0, 4, 5)  # organization, order, id


def _personalised(rows: tuple, distinct: dict[tuple, _Personalised]) -> _Personalised:
    """One community's sub-items (parent code, code, points as text), converted once per distinct list."""
    known = distinct.get(rows)
    if known is None:
        fingerprinted = [dict(zip(PERSONALISED_FIELDS, row, strict=True)) for row in rows]
        dicts = tuple(each | {"name": each["code"]} for each in fingerprinted)  # the code names it in errors
        known = distinct[rows] = _Personalised(dicts, _CANONICAL_JSON.encode(fingerprinted))
    return known


@dataclass(frozen=True)
class _EvaluationInputs:
    template: Template
    personalised: _Personalised
    stage: str
    scores_text: str  # the stage's points as the database aggregated them ("" without any)
    vetoes: frozenset[str]
    votes: dict[str, int]
    group_votes: dict[str, dict[str, int]]
    fingerprint: str


def _inputs(template, template_id, scores, vetoes, personalised: _Personalised, votes) -> _EvaluationInputs:
    """What one evaluation is computed from: the review's scores once the street has reviewed, else the self's."""
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
    fingerprint = _fingerprint(
        template_id=template_id,
        stage=str(stage),
        scores_text=scores_text,
        vetoes=sorted(stage_vetoes),
        votes=pooled,
        group_votes=group_votes,
        personalised_json=personalised.fingerprinted,
    )
    return _EvaluationInputs(
        template=template,
        personalised=personalised,
        stage=stage,
        scores_text=scores_text,
        vetoes=frozenset(stage_vetoes),
        votes=pooled,
        group_votes=group_votes,
        fingerprint=fingerprint,
    )


def _result_row(
    evaluation_id: int, inputs: _EvaluationInputs, scores: dict[str, str], trees: dict, now: datetime
) -> dict:
    """The result row of one evaluation, with the engine's result and its sentences as the explanation."""
    # Communities of a street often share their personalised sub-items: their scored tree is built once.
    key = (id(inputs.template), inputs.personalised)
    scored = trees.get(key)
    if scored is None:
        scored = trees[key] = template_with_personalised(inputs.template, inputs.personalised.dicts)
    row = {"evaluation_id": evaluation_id, "stage": inputs.stage, "inputs_fingerprint": inputs.fingerprint}
    try:
        result = compute(
            scored,
            Inputs(scores=scores, vetoes_hit=inputs.vetoes, votes=inputs.votes, group_votes=inputs.group_votes),
        )
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
        "explanation": {"lines": explain(result), "result": _plain(result)},
        "computed_at": now,
    }


RESULT_COLUMNS = (
    "evaluation_id",
    "stage",
    "stars",
    "total",
    "points_max",
    "grade",
    "explanation",
    "inputs_fingerprint",
    "computed_at",
)
# On PostgreSQL the rows are copied into a scratch table that lives until the transaction commits, then moved
# into the results by one upsert: COPY sends them as they are, with no per-value quoting.
# (Inside an outer transaction, as in tests, the table outlives a street: the upsert empties it as it goes.)
RESULT_ROWS_TABLE_SQL = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS compute_result_rows (LIKE evaluations_evaluationresult) ON COMMIT DROP"
)
RESULT_ROWS_COPY_SQL = f"COPY compute_result_rows ({', '.join(RESULT_COLUMNS)}, id) FROM STDIN"
UPSERT_RESULTS_SQL = """
WITH copied AS (DELETE FROM compute_result_rows RETURNING *)
INSERT INTO evaluations_evaluationresult
    (evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at)
SELECT evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at
FROM copied
ON CONFLICT (evaluation_id) DO UPDATE SET
    stage = EXCLUDED.stage, stars = EXCLUDED.stars, total = EXCLUDED.total, points_max = EXCLUDED.points_max,
    grade = EXCLUDED.grade, explanation = EXCLUDED.explanation, inputs_fingerprint = EXCLUDED.inputs_fingerprint,
    computed_at = EXCLUDED.computed_at
"""


class _ResultWriter:
    """Upserts a chunk's result rows as they are computed. On PostgreSQL each row goes into the COPY at once, so
    the server parses and stores it while the next ones are computed, then one upsert moves them into the results
    (nothing is opened for a chunk without a changed row); elsewhere the rows are deleted and created in bulk."""

    def __init__(self):
        self.written = 0
        self._postgres = connection.vendor == "postgresql"
        self._encode = json.JSONEncoder(ensure_ascii=False).encode
        self._rows: list[dict] = []
        self._cursor = self._copying = self._copy = None

    def __enter__(self) -> "_ResultWriter":
        return self

    def add(self, row: dict) -> None:
        self.written += 1
        if not self._postgres:
            self._rows.append(row)
            return
        if self._copy is None:
            self._cursor = connection.cursor()
            self._cursor.execute(RESULT_ROWS_TABLE_SQL)
            self._copying = self._cursor.cursor.copy(RESULT_ROWS_COPY_SQL)
            self._copy = self._copying.__enter__()
        row["explanation"] = self._encode(row["explanation"])
        self._copy.write_row([*(row[column] for column in RESULT_COLUMNS), 0])

    def __exit__(self, kind, error, traceback) -> None:
        if self._copy is not None:
            try:
                self._copying.__exit__(kind, error, traceback)  # on an error, the COPY fails and nothing is kept
                if kind is None:
                    self._cursor.execute(UPSERT_RESULTS_SQL)
            finally:
                self._cursor.close()
        elif self._rows and kind is None:
            EvaluationResult.objects.filter(evaluation_id__in=[row["evaluation_id"] for row in self._rows]).delete()
            EvaluationResult.objects.bulk_create([EvaluationResult(**row) for row in self._rows], batch_size=2000)


def campaign_result_counts(campaign: Campaign) -> dict[int | None, int]:
    """How many evaluations of the campaign have each star count (None: not computed or no stars)."""
    return dict(
        EvaluationResult.objects.filter(evaluation__campaign=campaign)
        .values_list("stars")
        .annotate(count=Count("pk"))
        .order_by()
    )
