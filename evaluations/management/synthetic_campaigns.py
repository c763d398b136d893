"""A synthetic campaign over a synthetic tree, for benchmarks: every organization of the scope evaluated on one
template, a review score for each of its sub-items and of the street-set ("+1") sub-items, and a closed
satisfaction survey with its ballots per evaluation.

A province's round is about 300,000 organizations × 60 items = 18 million score rows, so the rows are written
with COPY (PostgreSQL only), a batch of evaluations at a time, with progress reported after each batch. The
points are drawn from a seeded random generator: the same seed, the same rows.
"""

import random
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import islice

from django.conf import settings
from django.db import connection
from django.utils import timezone

from evaluations.models import Ballot, Campaign, Evaluation, PersonalizedItem, Score, Survey
from evaluations.services.campaigns import campaign_create, campaign_open
from orgs.models import Organization
from scoring.models import IndicatorItem, IndicatorTemplate
from scoring.services import templates_load

BATCH_EVALUATIONS = 2000
TEMPLATES_DIR = settings.BASE_DIR / "fixtures" / "templates"
OPTIONS = (("satisfied", 0.55), ("fairly_satisfied", 0.25), ("fair", 0.12), ("unsatisfied", 0.08))
# A review gives most organizations most of an item's points: 80% to 100%, in half points.
SHARES = tuple(Decimal(share) / 100 for share in range(80, 101, 5))
_OPTION_CODES = tuple(code for code, _weight in OPTIONS)
_OPTION_WEIGHTS = tuple(weight for _code, weight in OPTIONS)
OPTION_CODES_JSON = '["' + '","'.join(_OPTION_CODES) + '"]'
PERSONALISED_COLUMNS = (
    "campaign_id",
    "organization_id",
    "parent_code",
    "dimension_code",
    "code",
    "name",
    "points_max",
    "standard",
    '"order"',
    "updated_at",
)
SCORE_COLUMNS = ("evaluation_id", "item_id", "personalized_item_id", "stage", "points", "note", "updated_at")
SURVEY_COLUMNS = ("evaluation_id", "rater_group", "opens_at", "closes_at", "status", "option_codes", "created_at")
BALLOT_COLUMNS = ("id", "survey_id", "option", "rater_group", "cast_on")


@dataclass(frozen=True)
class SyntheticCampaign:
    campaign: Campaign
    evaluations: int
    items_per_evaluation: int  # the template's scored sub-items plus the street-set ones
    score_rows: int
    ballots: int


def scored_items(template: IndicatorTemplate) -> list[tuple[int, Decimal]]:
    """The template's sub-items scored directly (no veto item, none of a dimension the street sets): (id, points)."""
    items = IndicatorItem.objects.filter(template=template)
    street_set = items.filter(level="dimension", personalised=True).values_list("code", flat=True)
    return list(
        items.filter(is_leaf=True, is_veto=False, personalised=False)
        .exclude(dimension_code__in=list(street_set))
        .exclude(level="dimension")
        .order_by("order", "pk")
        .values_list("pk", "points_max")
    )


def personalised_parents(template: IndicatorTemplate, count: int) -> list[tuple[str, str]]:
    """Where ``count`` one-point street-set sub-items go: (parent code, dimension code), shared out among the
    street-set items in proportion to their points (Yucheng's E1, E2, E3 of 10, 6 and 4 points take 10, 6, 4)."""
    parents = list(
        IndicatorItem.objects.filter(template=template, personalised=True)
        .exclude(level="dimension")
        .order_by("order", "pk")
        .values_list("code", "dimension_code", "points_max")
    )
    if not parents or count <= 0:
        return []
    total = sum(points for _code, _dimension, points in parents) or len(parents)
    shares = [count * (points or 1) / total for _code, _dimension, points in parents]
    numbers = [int(share) for share in shares]
    by_remainder = sorted(range(len(parents)), key=lambda index: numbers[index] - shares[index])
    for index in by_remainder[: count - sum(numbers)]:
        numbers[index] += 1
    return [(code, dimension) for (code, dimension, _points), n in zip(parents, numbers, strict=True) for _ in range(n)]


def synthetic_campaign_build(
    *,
    name: str,
    template: IndicatorTemplate,
    scope: Organization,
    personalised: int,
    ballots_per_evaluation: int,
    seed: int,
    progress: Callable[["Written", int], None] = lambda written, evaluations: None,
    batch_size: int = BATCH_EVALUATIONS,
) -> SyntheticCampaign:
    """Open a campaign over the scope and write its scores and ballots in batches of evaluations (PostgreSQL)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("synthetic campaigns are written with COPY: PostgreSQL only")
    campaign = campaign_open(
        campaign=campaign_create(name=name, template=template, scope=scope, year=timezone.localdate().year, by=None),
        by=None,
    )
    items = scored_items(template)
    parents = personalised_parents(template, personalised)
    rng = random.Random(f"{seed}:{campaign.pk}")
    now = timezone.now()
    evaluations = list(Evaluation.objects.filter(campaign=campaign).order_by("pk").values_list("pk", "organization_id"))
    written = Written()
    for batch in _batches(evaluations, batch_size):
        _write_batch(campaign, batch, items, parents, ballots_per_evaluation, rng, now, written)
        progress(written, len(evaluations))
    with connection.cursor() as cursor:  # fresh statistics, or the next reads are planned as for empty tables
        cursor.execute(
            "ANALYZE evaluations_personalizeditem, evaluations_score, evaluations_survey, evaluations_ballot"
        )
    return SyntheticCampaign(
        campaign=campaign,
        evaluations=len(evaluations),
        items_per_evaluation=len(items) + len(parents),
        score_rows=written.scores,
        ballots=written.ballots,
    )


@dataclass
class Written:
    """What the batches wrote so far."""

    evaluations: int = 0
    scores: int = 0
    ballots: int = 0


def _batches(rows: Sequence, size: int) -> Iterator[Sequence]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _write_batch(
    campaign: Campaign,
    batch: Sequence[tuple[int, int]],
    items: list[tuple[int, Decimal]],
    parents: list[tuple[str, str]],
    ballots_per_evaluation: int,
    rng: random.Random,
    now: datetime,
    written: Written,
) -> None:
    """One batch: its street-set sub-items, then every score row, then the surveys and their ballots."""
    stamp, closes = now.isoformat(), (now + timedelta(days=3)).isoformat()
    organization_ids = [organization_id for _pk, organization_id in batch]
    _copy(
        PersonalizedItem,
        PERSONALISED_COLUMNS,
        (
            (
                campaign.pk,
                organization_id,
                parent,
                dimension,
                f"{parent}.{order}",
                f"重点任务{order}",
                1,
                "",
                order,
                stamp,
            )
            for organization_id in organization_ids
            for order, (parent, dimension) in enumerate(parents, start=1)
        ),
    )
    personalised_of: dict[int, list[int]] = {}
    for pk, organization_id in (
        PersonalizedItem.objects.filter(campaign=campaign, organization_id__in=organization_ids)
        .order_by("organization_id", "order")
        .values_list("pk", "organization_id")
    ):
        personalised_of.setdefault(organization_id, []).append(pk)
    _copy_lines(Score, SCORE_COLUMNS, _score_lines(batch, items, personalised_of, rng, stamp))
    written.scores += len(batch) * len(items) + sum(len(personalised_of.get(org, ())) for org in organization_ids)
    _copy(
        Survey,
        SURVEY_COLUMNS,
        ((pk, "", stamp, closes, "closed", OPTION_CODES_JSON, stamp) for pk, _organization_id in batch),
    )
    if ballots_per_evaluation:
        surveys = Survey.objects.filter(evaluation_id__in=[pk for pk, _ in batch]).values_list("pk", flat=True)
        day = now.date().isoformat()
        written.ballots += _copy(
            Ballot,
            BALLOT_COLUMNS,
            (
                (uuid.UUID(int=rng.getrandbits(128), version=4), survey, option, "", day)
                for survey in surveys
                for option in rng.choices(_OPTION_CODES, _OPTION_WEIGHTS, k=ballots_per_evaluation)
            ),
        )
    written.evaluations += len(batch)


def _score_lines(
    batch: Sequence[tuple[int, int]],
    items: list[tuple[int, Decimal]],
    personalised_of: dict[int, list[int]],
    rng: random.Random,
    stamp: str,
) -> Iterator[str]:
    """A review score per sub-item, 80% to 100% of its points rounded down to a half point, as COPY text lines:
    each item's few possible lines are formatted once, so 18 million rows cost a choice and a join each."""
    item_lines = [
        [f"\t{item}\t\\N\treview\t{points_max * share * 2 // 1 / 2}\t\t{stamp}\n" for share in SHARES]
        for item, points_max in items
    ]
    for pk, organization_id in batch:
        prefix = str(pk)
        yield "".join(prefix + rng.choice(lines) for lines in item_lines)
        for personalised in personalised_of.get(organization_id, ()):
            points = "0.5" if rng.random() < 0.5 else "1"
            yield f"{prefix}\t\\N\t{personalised}\treview\t{points}\t\t{stamp}\n"


def _copy(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY the rows into the model's table, in text format; the number of rows."""
    count = 0

    def lines() -> Iterator[str]:
        nonlocal count
        for row in rows:
            count += 1
            yield "\t".join(r"\N" if value is None else str(value) for value in row) + "\n"

    _copy_lines(model, columns, lines())
    return count


def _copy_lines(model, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY text lines (tab-separated, newline-ended) into the model's table, about a megabyte at a time."""
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        pending: list[str] = []
        size = 0
        for line in lines:
            pending.append(line)
            size += len(line)
            if size > 1_000_000:
                copy.write("".join(pending))
                pending, size = [], 0
        copy.write("".join(pending))


def template_for(code: str) -> IndicatorTemplate:
    """The newest version of the template, loaded from the shipped files when it is not there yet."""
    template = IndicatorTemplate.objects.filter(code=code).order_by("-version").first()
    if template is not None:
        return template
    for path in sorted(TEMPLATES_DIR.glob("*.yaml")):
        for loaded in templates_load(source_yaml=path.read_text(encoding="utf-8"), by=None):
            if loaded.code == code:
                return loaded
    raise ValueError(f"no indicator template has the code {code!r}")
