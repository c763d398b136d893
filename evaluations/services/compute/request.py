"""Computing a campaign: gather the inputs set-based, run the engine per evaluation, write the results in bulk.

A request is a CampaignComputation row; the task claims it with a conditional update. Each street is one
chunk written in its own transaction under a lock on the campaign, so runs never interleave and a run that
dies mid-way leaves whole streets. Results carry a fingerprint of their inputs; a row whose inputs did not
change is not rewritten, so running twice (or again after a killed worker) leaves the same rows.
"""

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone, translation

from evaluations.models import (
    Campaign,
    CampaignComputation,
    ComputationStatus,
    Evaluation,
    EvaluationResult,
)
from evaluations.services.compute.inputs import (
    NO_PERSONALISED,
    Run,
    evaluation_inputs,
    gather,
    result_row,
    scores_by_code,
)
from evaluations.services.compute.reads import ChunkRead, chunk_reads
from evaluations.services.compute.writer import ResultWriter
from orgs.tree import STREET_PATH_LENGTH  # the chunk key: district + street
from scoring.definitions import Template
from scoring.models import IndicatorItem, IndicatorTemplate


def campaign_compute_request(*, campaign: Campaign) -> CampaignComputation:
    """Ask for a computation after the current transaction commits; a waiting request absorbs new ones."""
    from evaluations.tasks import campaign_compute  # lazily: the task module imports this service

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
        run = campaign_run(campaign)
        chunks = campaign_chunks(campaign)
        evaluations = written = 0
        for chunk, read in chunk_reads(campaign, chunks):
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


def campaign_run(campaign: Campaign) -> Run:
    """What every chunk of a computation shares: the campaign's templates as definitions and their items' codes."""
    template_ids = Evaluation.objects.filter(campaign=campaign).values("template_id").distinct()
    return Run(
        templates={
            template.pk: template.as_definition() for template in IndicatorTemplate.objects.filter(pk__in=template_ids)
        },
        item_codes={
            str(pk): code
            for pk, code in IndicatorItem.objects.filter(template_id__in=template_ids)
            .order_by()
            .values_list("pk", "code")
        },
    )


def campaign_chunks(campaign: Campaign) -> list[str]:
    """The campaign's chunks: the paths of the streets (and of the district itself) with evaluations, in order."""
    return list(
        Evaluation.objects.filter(campaign=campaign)
        .annotate(chunk=Substr("organization__path", 1, STREET_PATH_LENGTH))
        .values_list("chunk", flat=True)
        .distinct()
        .order_by("chunk")
    )


def _compute_chunk(
    campaign: Campaign, chunk: str, read: Callable[[], "ChunkRead"], run: "Run", now: datetime
) -> tuple[int, int]:
    """One street: five set-based reads, the engine per evaluation whose inputs changed, one bulk upsert."""
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        gathered = gather(read(), run)
        changed = []
        for evaluation_id, organization_id, template_id, old_fingerprint in gathered.rows:
            inputs = evaluation_inputs(
                run.templates[template_id],
                template_id,
                gathered.scores.get(evaluation_id, {}),
                gathered.vetoes.get(evaluation_id, {}),
                gathered.personalised.get(organization_id, NO_PERSONALISED),
                gathered.votes.get(evaluation_id, {}),
            )
            if inputs.fingerprint != old_fingerprint:  # the same inputs give the same row: nothing to compute or write
                changed.append((evaluation_id, organization_id, inputs))
        scores = scores_by_code(changed, gathered.names, run)
        trees: dict[tuple, Template] = {}
        with translation.override(settings.LANGUAGE_CODE), ResultWriter() as writer:
            for evaluation_id, _organization_id, inputs in changed:
                writer.add(result_row(evaluation_id, inputs, scores[evaluation_id], trees, now))
    return len(gathered.rows), writer.written


def campaign_result_counts(campaign: Campaign) -> dict[int | None, int]:
    """How many evaluations of the campaign have each star count (None: not computed or no stars)."""
    return dict(
        EvaluationResult.objects.filter(evaluation__campaign=campaign)
        .values_list("stars")
        .annotate(count=Count("pk"))
        .order_by()
    )
