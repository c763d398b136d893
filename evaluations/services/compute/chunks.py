"""How a campaign's computation is cut, and one chunk of it computed: five set-based reads, the engine per
evaluation whose inputs changed, one bulk upsert. Results carry a fingerprint of their inputs; a row whose inputs
did not change is not rewritten, so computing a street twice (or again after a killed worker) leaves the same rows.

A chunk is the path prefix of a street (its subtree), or the path of one organization above the streets (a
district, a city, the province): those take part on their own. The street's prefix length follows from the
tree's root level (``orgs.tree.street_path_length``), so a province's streets sit four steps down and a
district deployment's two.
"""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.utils import timezone, translation

from evaluations.models import Campaign, Evaluation
from evaluations.services.compute.inputs import (
    NO_PERSONALISED,
    Run,
    evaluation_inputs,
    gather,
    result_row,
    scores_by_code,
)
from evaluations.services.compute.reads import ChunkRead
from evaluations.services.compute.writer import ResultWriter
from orgs.tree import street_path_length
from scoring.definitions import Template
from scoring.models import IndicatorItem, IndicatorTemplate


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


def street_chunks(rows: QuerySet, path: str = "path") -> list[str]:
    """The chunks of these rows (of organizations, or of rows with an organization's ``path``): the paths of the
    streets (and of the organizations above them) they lie in, in tree order; one query."""
    return list(
        rows.annotate(chunk=Substr(path, 1, street_path_length()))
        .values_list("chunk", flat=True)
        .distinct()
        .order_by("chunk")
    )


def campaign_chunks(campaign: Campaign) -> list[str]:
    """The campaign's chunks: the streets (and the organizations above them) with evaluations; one query."""
    return street_chunks(Evaluation.objects.filter(campaign=campaign), "organization__path")


def compute_chunk(
    campaign: Campaign, chunk: str, read: Callable[[], ChunkRead], run: Run, now: datetime | None
) -> tuple[int, int]:
    """One street, inside the caller's transaction: its evaluations counted and its changed results written."""
    computed_at = now or timezone.now()
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
            writer.add(result_row(evaluation_id, inputs, scores[evaluation_id], trees, computed_at))
    return len(gathered.rows), writer.written
