"""The score-entry page: a fixed number of queries whatever the number of items (issue 3).

The page is rendered for a community on a template of 30 sub-items and on one of 120, with every sub-item
scored; both must take the same number of queries.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Evaluation, Stage
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from scoring.services import template_load
from tests.bench import figure, median_ms
from tests.factories import build_district

ITEM_COUNTS = (30, 120)
DIMENSIONS = 5


def _template_yaml(items: int) -> str:
    """A template of five dimensions sharing ``items`` one-point sub-items."""
    per_dimension = items // DIMENSIONS
    lines = [f"code: bench_{items}_items", f"name: {items}项测评细则", "year: 2026", "version: 1"]
    lines += [f"scheme: {{name: dimension_stars, threshold: {per_dimension}}}", "dimensions:"]
    for dimension in range(1, DIMENSIONS + 1):
        lines += [f"  - code: D{dimension}", f"    name: 维度{dimension}", f"    points: {per_dimension}", "    items:"]
        lines += [
            f"      - {{code: D{dimension}.{item}, name: 小项{item}, points: 1, standard: 做到得1分。}}"
            for item in range(1, per_dimension + 1)
        ]
    return "\n".join(lines) + "\n"


def _scored_evaluation(district, items: int) -> Evaluation:
    template = template_load(source_yaml=_template_yaml(items), by=None)
    campaign = campaign_create(
        name=f"{items} items", template=template, scope=district.district, year=2026, levels=["community"], by=None
    )
    campaign = campaign_open(campaign=campaign, by=None)
    evaluation = Evaluation.objects.get(campaign=campaign, organization=district.community)
    per_dimension = items // DIMENSIONS
    codes = [f"D{dimension}.{item}" for dimension in range(1, DIMENSIONS + 1) for item in range(1, per_dimension + 1)]
    scores_save(
        evaluation=evaluation,
        stage=Stage.SELF_ASSESSMENT,
        values={code: ScoreInput("1") for code in codes},
        vetoes=None,
        by=None,
    )
    return evaluation


def run() -> list[dict]:
    district = build_district()
    client = Client(SERVER_NAME="localhost")
    client.force_login(district.users["org_admin"])
    measured = {}
    for items in ITEM_COUNTS:
        url = reverse("evaluations:evaluation_scores", kwargs={"pk": _scored_evaluation(district, items).pk})
        url += f"?stage={Stage.SELF_ASSESSMENT}"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        assert response.content.decode().count('name="points-') == items, "the page shows every sub-item"
        measured[items] = (len(queries), median_ms(lambda url=url: client.get(url), runs=20, warmup=3))
    small, large = ITEM_COUNTS
    return [
        figure(
            f"score_entry_page_queries_{large}_items",
            measured[large][0],
            "queries",
            measured[small][0],
            queries_30_items=measured[small][0],
            render_ms_30_items=measured[small][1],
            render_ms_120_items=measured[large][1],
        )
    ]
