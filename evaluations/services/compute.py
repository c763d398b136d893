"""Computing a campaign: gather the inputs set-based, run the engine per evaluation, write the results in bulk.

A request is a CampaignComputation row; the task claims it with a conditional update. Each street is one
chunk written in its own transaction under a lock on the campaign, so runs never interleave and a run that
dies mid-way leaves whole streets. Results carry a fingerprint of their inputs; a row whose inputs did not
change is not rewritten, so running twice (or again after a killed worker) leaves the same rows.
"""

import hashlib
import json
import time
from dataclasses import asdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone, translation

from evaluations.models import (
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
from evaluations.selectors import satisfaction_group_counts
from evaluations.tree import template_with_personalised
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


def _fingerprint(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(item) for item in value)
    return value


def _compute_chunk(campaign: Campaign, chunk: str, templates: dict, now: datetime) -> tuple[int, int]:
    """One street: five set-based reads, the engine per evaluation, one bulk upsert of the changed results."""
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        # A street's chunk is its subtree; the district itself (a shorter path) is a chunk of its own.
        where = (
            {"organization__path__startswith": chunk}
            if len(chunk) >= STREET_PATH_LENGTH
            else {"organization__path": chunk}
        )
        rows = list(
            Evaluation.objects.filter(campaign=campaign, **where).values_list(
                "pk", "organization_id", "template_id", "result__inputs_fingerprint"
            )
        )
        ids = [row[0] for row in rows]
        scores: dict[int, dict[str, dict[str, str]]] = {}
        for evaluation_id, stage, code, points in (
            Score.objects.filter(evaluation_id__in=ids)
            .values_list("evaluation_id", "stage", Coalesce("item__code", "personalized_item__code"), "points")
            .order_by()
        ):
            scores.setdefault(evaluation_id, {}).setdefault(stage, {})[code] = points
        vetoes: dict[int, dict[str, set[str]]] = {}
        for evaluation_id, stage, code in VetoHit.objects.filter(evaluation_id__in=ids).values_list(
            "evaluation_id", "stage", "veto_item__code"
        ):
            vetoes.setdefault(evaluation_id, {}).setdefault(stage, set()).add(code)
        personalised: dict[int, list[dict]] = {}
        for row in (
            PersonalizedItem.objects.filter(campaign=campaign, organization_id__in=[row[1] for row in rows])
            .order_by("order", "pk")
            .values("organization_id", "parent_code", "code", "name", "points_max", "standard")
        ):
            personalised.setdefault(row.pop("organization_id"), []).append(row)
        votes = satisfaction_group_counts(ids)
        results = []
        for evaluation_id, organization_id, template_id, old_fingerprint in rows:
            result = _evaluate(
                evaluation_id,
                templates[template_id],
                template_id,
                scores.get(evaluation_id, {}),
                vetoes.get(evaluation_id, {}),
                personalised.get(organization_id, []),
                votes.get(evaluation_id, {}),
                now,
            )
            if result is not None and result.inputs_fingerprint != old_fingerprint:
                results.append(result)
        _write(results)
    return len(rows), len(results)


def _evaluate(evaluation_id, template, template_id, scores, vetoes, personalised, votes, now):
    """The result row of one evaluation: the review's scores once the street has reviewed, else the self-assessment."""
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
    inputs = {
        "template": template_id,
        "stage": str(stage),
        "scores": {code: str(value) for code, value in stage_scores.items()},
        "vetoes": sorted(stage_vetoes),
        "votes": pooled,
        "group_votes": group_votes,
        "personalised": [{key: str(value) for key, value in row.items()} for row in personalised],
    }
    fingerprint = _fingerprint(inputs)
    scored = template_with_personalised(template, personalised)
    try:
        result = compute(
            scored,
            Inputs(scores=stage_scores, vetoes_hit=frozenset(stage_vetoes), votes=pooled, group_votes=group_votes),
        )
    except InputError as error:
        return EvaluationResult(
            evaluation_id=evaluation_id,
            stage=stage,
            stars=None,
            total=Decimal(0),
            points_max=scored.points_max,
            grade="",
            explanation={"error": str(error), "lines": []},
            inputs_fingerprint=fingerprint,
            computed_at=now,
        )
    with translation.override(settings.LANGUAGE_CODE):
        lines = explain(result)
    return EvaluationResult(
        evaluation_id=evaluation_id,
        stage=stage,
        stars=result.stars,
        total=result.total,
        points_max=result.points_max,
        grade=result.grade or "",
        explanation={"lines": lines, "result": _jsonable(asdict(result))},
        inputs_fingerprint=fingerprint,
        computed_at=now,
    )


RESULT_FIELDS = ["stage", "stars", "total", "points_max", "grade", "explanation", "inputs_fingerprint", "computed_at"]


def _write(results: list[EvaluationResult]) -> None:
    if not results:
        return
    if connection.features.supports_update_conflicts_with_target:
        EvaluationResult.objects.bulk_create(
            results, update_conflicts=True, unique_fields=["evaluation"], update_fields=RESULT_FIELDS, batch_size=2000
        )
        return
    EvaluationResult.objects.filter(evaluation_id__in=[result.evaluation_id for result in results]).delete()
    EvaluationResult.objects.bulk_create(results, batch_size=2000)


def campaign_result_counts(campaign: Campaign) -> dict[int | None, int]:
    """How many evaluations of the campaign have each star count (None: not computed or no stars)."""
    return dict(
        EvaluationResult.objects.filter(evaluation__campaign=campaign)
        .values_list("stars")
        .annotate(count=Count("pk"))
        .order_by()
    )
