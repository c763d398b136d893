"""Computing a campaign: gather the inputs set-based, run the engine per evaluation, write the results in bulk.

A request is a CampaignComputation row; the task claims it with a conditional update. Each street is one
chunk written in its own transaction under a lock on the campaign, so runs never interleave and a run that
dies mid-way leaves whole streets. Results carry a fingerprint of their inputs; a row whose inputs did not
change is not rewritten, so running twice (or again after a killed worker) leaves the same rows.
"""

import functools
import hashlib
import json
import time
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Aggregate, Count, TextField
from django.db.models.functions import Coalesce, Substr
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
from scoring.definitions import Template
from scoring.engine import InputError, Inputs, compute
from scoring.explain import explain
from scoring.models import IndicatorTemplate

STREET_PATH_LENGTH = 8  # district (4 characters) + street (4): the chunk key


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
        templates = {
            template.pk: template.as_definition()
            for template in IndicatorTemplate.objects.filter(
                pk__in=Evaluation.objects.filter(campaign=campaign).values("template_id").distinct()
            )
        }
        chunks = list(
            Evaluation.objects.filter(campaign=campaign)
            .annotate(chunk=Substr("organization__path", 1, STREET_PATH_LENGTH))
            .values_list("chunk", flat=True)
            .distinct()
            .order_by("chunk")
        )
        evaluations = written = 0
        for chunk in chunks:
            counted, changed = _compute_chunk(campaign, chunk, templates, now)
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


class _ScoresByCode(Aggregate):
    """The points of a group of scores as one JSON object, leaf code → points, read as text."""

    function = "JSON_OBJECT_AGG"
    template = "%(function)s(%(expressions)s)::text"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="JSON_GROUP_OBJECT", template="%(function)s(%(expressions)s)"
        )


def _fingerprint(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def _field_names(dataclass_type: type) -> tuple[str, ...]:
    return tuple(field.name for field in fields(dataclass_type))


def _json_default(value):
    """The engine's result as JSON: dataclasses as objects, Decimals as text, sets sorted."""
    if isinstance(value, Decimal):
        return str(value)
    if is_dataclass(value):
        return {name: getattr(value, name) for name in _field_names(type(value))}
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _compute_chunk(campaign: Campaign, chunk: str, templates: dict, now: datetime) -> tuple[int, int]:
    """One street: five set-based reads, the engine per evaluation whose inputs changed, one bulk upsert."""
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        # A street's chunk is its subtree; the district itself (a shorter path) is a chunk of its own.
        where_key, where_value = ("path__startswith", chunk) if len(chunk) >= STREET_PATH_LENGTH else ("path", chunk)
        where = {f"organization__{where_key}": where_value}
        rows = list(
            Evaluation.objects.filter(campaign=campaign, **where).values_list(
                "pk", "organization_id", "template_id", "result__inputs_fingerprint"
            )
        )
        # The chunk's evaluations by a join rather than a list of ids: no thousands of parameters to send.
        in_chunk = {"evaluation__campaign": campaign, f"evaluation__organization__{where_key}": where_value}
        # The points arrive aggregated per evaluation and stage, one JSON object each: far fewer rows to read.
        scores: dict[int, dict[str, dict[str, Decimal]]] = {}
        for evaluation_id, stage, points_by_code in (
            Score.objects.filter(**in_chunk)
            .values_list("evaluation_id", "stage")
            .annotate(points=_ScoresByCode(Coalesce("item__code", "personalized_item__code"), "points"))
            .order_by()
        ):
            scores.setdefault(evaluation_id, {})[stage] = json.loads(
                points_by_code, parse_float=Decimal, parse_int=Decimal
            )
        vetoes: dict[int, dict[str, set[str]]] = {}
        for evaluation_id, stage, code in VetoHit.objects.filter(**in_chunk).values_list(
            "evaluation_id", "stage", "veto_item__code"
        ):
            vetoes.setdefault(evaluation_id, {}).setdefault(stage, set()).add(code)
        personalised_rows: dict[int, list[tuple]] = {}
        for organization_id, *row in _raw_rows(
            PersonalizedItem.objects.filter(campaign=campaign, **{f"organization__{where_key}": where_value})
            .order_by("order", "pk")
            .values_list("organization_id", *PERSONALISED_FIELDS)
        ):
            personalised_rows.setdefault(organization_id, []).append(tuple(row))
        # Communities often share their sub-items: each distinct list becomes dicts once.
        distinct: dict[tuple, list[dict]] = {}
        personalised = {
            organization_id: _personalised_dicts(tuple(rows), distinct)
            for organization_id, rows in personalised_rows.items()
        }
        votes: dict[int, dict[str, dict[str, int]]] = {}
        for evaluation_id, rater_group, option, count in _raw_rows(
            Ballot.objects.filter(**{f"survey__{lookup}": value for lookup, value in in_chunk.items()})
            .values_list("survey__evaluation_id", "rater_group", "option")
            .annotate(count=Count("pk"))
            .order_by()
        ):
            options = votes.setdefault(evaluation_id, {}).setdefault(rater_group, {})
            options[option] = options.get(option, 0) + count
        trees: dict[tuple, Template] = {}
        results = []
        with translation.override(settings.LANGUAGE_CODE):
            for evaluation_id, organization_id, template_id, old_fingerprint in rows:
                inputs = _inputs(
                    templates[template_id],
                    template_id,
                    scores.get(evaluation_id, {}),
                    vetoes.get(evaluation_id, {}),
                    personalised.get(organization_id, []),
                    votes.get(evaluation_id, {}),
                )
                if inputs.fingerprint == old_fingerprint:
                    continue  # the same inputs give the same row: nothing to compute or write
                results.append(_result_row(evaluation_id, inputs, trees, now))
        _write(results)
    return len(rows), len(results)


def _raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list query as the driver returns them: for the large reads, no per-row conversion."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


PERSONALISED_FIELDS = ("parent_code", "code", "name", "points_max", "standard")


def _personalised_dicts(rows: tuple, distinct: dict[tuple, list[dict]]) -> list[dict]:
    if rows not in distinct:
        distinct[rows] = [dict(zip(PERSONALISED_FIELDS, row, strict=True)) for row in rows]
    return distinct[rows]


@dataclass(frozen=True)
class _EvaluationInputs:
    template: Template
    personalised: list[dict]
    stage: str
    engine_inputs: Inputs
    fingerprint: str


def _inputs(template, template_id, scores, vetoes, personalised, votes) -> _EvaluationInputs:
    """What one evaluation is computed from: the review's scores once the street has reviewed, else the self's."""
    stage = Stage.REVIEW if (Stage.REVIEW in scores or Stage.REVIEW in vetoes) else Stage.SELF_ASSESSMENT
    stage_scores = scores.get(stage, {})
    stage_vetoes = vetoes.get(stage, set())
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
        {
            "template": template_id,
            "stage": str(stage),
            "scores": stage_scores,  # Decimals become their text through the encoder's default=str
            "vetoes": sorted(stage_vetoes),
            "votes": pooled,
            "group_votes": group_votes,
            "personalised": personalised,
        }
    )
    return _EvaluationInputs(
        template=template,
        personalised=personalised,
        stage=stage,
        engine_inputs=Inputs(
            scores=stage_scores, vetoes_hit=frozenset(stage_vetoes), votes=pooled, group_votes=group_votes
        ),
        fingerprint=fingerprint,
    )


def _result_row(evaluation_id: int, inputs: _EvaluationInputs, trees: dict, now: datetime) -> dict:
    """The result row of one evaluation, with the engine's result and its sentences as the explanation."""
    # Communities of a street often share their personalised sub-items: their scored tree is built once.
    key = (id(inputs.template), tuple(tuple(row.items()) for row in inputs.personalised))
    scored = trees.get(key)
    if scored is None:
        scored = trees[key] = template_with_personalised(inputs.template, inputs.personalised)
    row = {"evaluation_id": evaluation_id, "stage": inputs.stage, "inputs_fingerprint": inputs.fingerprint}
    try:
        result = compute(scored, inputs.engine_inputs)
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
        "explanation": {"lines": explain(result), "result": result},
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
# into the results by one upsert: COPY sends them as they are, with no per-value quoting or JSON to parse.
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


def _write(results: list[dict]) -> None:
    """Upsert the result rows: on PostgreSQL by COPY and one upsert, elsewhere by deleting and creating them."""
    if not results:
        return
    for row in results:
        row["explanation"] = json.dumps(row["explanation"], default=_json_default, ensure_ascii=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(RESULT_ROWS_TABLE_SQL)
            with cursor.cursor.copy(RESULT_ROWS_COPY_SQL) as copy:
                for row in results:
                    copy.write_row([*(row[column] for column in RESULT_COLUMNS), 0])
            cursor.execute(UPSERT_RESULTS_SQL)
        return
    EvaluationResult.objects.filter(evaluation_id__in=[row["evaluation_id"] for row in results]).delete()
    EvaluationResult.objects.bulk_create(
        [EvaluationResult(**row | {"explanation": json.loads(row["explanation"])}) for row in results],
        batch_size=2000,
    )


def campaign_result_counts(campaign: Campaign) -> dict[int | None, int]:
    """How many evaluations of the campaign have each star count (None: not computed or no stars)."""
    return dict(
        EvaluationResult.objects.filter(evaluation__campaign=campaign)
        .values_list("stars")
        .annotate(count=Count("pk"))
        .order_by()
    )
