"""The subject migration keeps every row: organization campaigns keep their scores and results untouched, and a
secretary template's campaign becomes a secretary campaign naming the secretary in office when it opened."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluations.models import Evaluation, EvaluationResult, Score, SubjectKind
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from scoring.services import template_load
from tests.factories import SecretaryFactory
from tests.support.evaluations import full_marks, open_community_campaign, save_scores
from tests.support.scoring import TEMPLATES_DIR

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("evaluations", "0004_review_stages")]
AFTER = [("evaluations", "0005_evaluation_subjects")]


def _migrate(targets=None) -> None:
    """Migrate to the targets; without any, to the latest migrations (the schema the models describe)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _rows(campaigns) -> dict[str, list]:
    return {
        "evaluations": list(
            Evaluation.objects.filter(campaign__in=campaigns)
            .order_by("pk")
            .values_list("pk", "campaign_id", "organization_id", "status", "stage_id", "lock_version")
        ),
        "scores": list(
            Score.objects.filter(evaluation__campaign__in=campaigns)
            .order_by("pk")
            .values_list("pk", "evaluation_id", "stage", "item_id", "points", "note")
        ),
        "results": list(
            EvaluationResult.objects.filter(evaluation__campaign__in=campaigns)
            .order_by("pk")
            .values_list("pk", "evaluation_id", "stars", "total", "inputs_fingerprint")
        ),
    }


def _computed(campaign, template) -> None:
    for evaluation in campaign.evaluations.all():
        save_scores(evaluation, full_marks(template))
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)


def test_campaigns_with_scores_and_results_migrate_to_subjects_with_every_row_kept(district):
    yucheng = open_community_campaign(district)
    _computed(yucheng, yucheng.template)
    for community, name in (
        (district.community, "周书记"),
        (district.sibling_community, "吴书记"),
        (district.other_community, "郑书记"),
    ):
        SecretaryFactory(organization=community, name="前任", started_on=date(2015, 1, 1), ended_on=date(2020, 12, 31))
        SecretaryFactory(organization=community, name=name, started_on=date(2021, 1, 1))
    jinyuan_template = template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    jinyuan = open_community_campaign(district, template=jinyuan_template)
    _computed(jinyuan, jinyuan_template)
    before = _rows([yucheng, jinyuan])
    assert before["scores"] and len(before["results"]) == 6

    try:
        _migrate(BEFORE)  # the database as it was: organization campaigns only
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM evaluations_evaluation")
            assert cursor.fetchone()[0] == 6
        _migrate(AFTER)
    finally:
        _migrate()

    assert _rows([yucheng, jinyuan]) == before
    assert set(Evaluation.objects.filter(campaign=yucheng).values_list("subject_kind", "secretary", "member")) == {
        (SubjectKind.ORGANIZATION, None, None)
    }
    jinyuan.refresh_from_db()
    assert jinyuan.subject_kind == SubjectKind.SECRETARY
    named = Evaluation.objects.filter(campaign=jinyuan).select_related("secretary")
    assert sorted(evaluation.secretary.name for evaluation in named) == ["吴书记", "周书记", "郑书记"]
    assert all(evaluation.subject_kind == SubjectKind.SECRETARY for evaluation in named)
