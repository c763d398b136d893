"""Every page shows points the same way, without trailing zeros: 97.5, 80, 17.5."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from evaluations.models import EvaluationResult, Stage
from tests.support.evaluations import evaluation_of, open_community_campaign


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("97.50"), "97.5"),
        (Decimal("80.00"), "80"),
        (Decimal("17.5"), "17.5"),
        (Decimal("100"), "100"),
        (Decimal("0.00"), "0"),
        (Decimal("-0.0"), "0"),
        (Decimal("97.25"), "97.25"),
        (20, "20"),
        (12.5, "12.5"),
        ("6.0", "6"),
        (None, ""),
    ],
)
def test_the_points_filter_drops_trailing_zeros(value, shown):
    assert Template("{% load points %}{{ value|points }}").render(Context({"value": value})) == shown


@pytest.fixture
def evaluation(district):
    evaluation = evaluation_of(open_community_campaign(district), district.community)
    EvaluationResult.objects.create(
        evaluation=evaluation,
        stage=Stage.REVIEW,
        stars=4,
        total=Decimal("97.50"),
        points_max=Decimal("100.00"),
        explanation={"lines": []},
        inputs_fingerprint="x",
        computed_at=timezone.now(),
    )
    return evaluation


@pytest.mark.django_db
def test_the_evaluation_and_campaign_pages_show_totals_without_trailing_zeros(district, evaluation, login):
    client = login(district.users["street_staff"])
    detail = client.get(reverse("evaluations:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert '<dd id="result-total">97.5 / 100</dd>' in detail
    listing = client.get(reverse("evaluations:campaign_evaluations", args=[evaluation.campaign_id])).content.decode()
    assert "<td>97.5</td>" in listing
    assert "97.50" not in detail + listing and "100.00" not in detail


@pytest.mark.django_db
def test_the_personalised_items_page_shows_the_dimension_points_without_trailing_zeros(district, evaluation, login):
    page = login(district.users["street_staff"]).get(reverse("evaluations:personalised_items", args=[evaluation.pk]))
    assert "的小项分值合计须为 20 分" in page.content.decode()
