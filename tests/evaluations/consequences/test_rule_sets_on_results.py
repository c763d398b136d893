"""The shipped rule sets on the results where they live: Lengshuijiang's monthly fortress stars, Yantian's grades
and the pioneer index's final member grades; the job reads them in a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.models import Consequence, Evaluation, EvaluationResult, EvaluationStatus, PioneerResult
from evaluations.services.consequences import consequences_apply
from tests.factories import CampaignFactory, SecretaryFactory
from tests.support.consequences import rule_sets_loaded
from tests.support.fortress import fortress_templates, open_fortress_month, rate
from tests.support.pioneer import open_pioneer_campaign
from tests.support.votes import stored_template

pytestmark = pytest.mark.django_db


def made(**filters) -> set[tuple]:
    return set(Consequence.objects.filter(**filters).values_list("rule__code", "action", "target", "occasion"))


def test_lengshuijiang_monthly_stars_put_a_one_star_month_on_the_weak_and_lax_list_and_honour_a_five_star_month(
    district,
):
    rule_sets_loaded("lengshuijiang")
    SecretaryFactory(organization=district.community, name="孙书记")
    templates = fortress_templates()
    january = open_fortress_month(district, templates, month=1)[0]
    february = open_fortress_month(district, templates, month=2)[0]
    rate(january, district.community, 1, approved=True)
    rate(february, district.community, 5, approved=True)
    consequences_apply(organization_ids=[district.community.pk])
    assert made(organization=district.community) == {
        ("L2", "weak_and_lax", "organization", "2026-01"),
        ("L2", "rectification", "organization", "2026-01"),
        ("L2", "admonition_talk", "leader", "2026-01"),
        ("L2", "admonition_talk", "organization", "2026-01"),
        ("L1", "advanced_organization", "organization", "2026-02"),
        ("L1", "commendation_candidate", "organization", "2026-02"),
        ("L1", "honours_first", "leader", "2026-02"),
    }
    rectification = Consequence.objects.get(action="rectification")
    assert rectification.due_on == timezone.localdate() + timedelta(days=90)
    assert "2026年1月 1星" in rectification.explanation


def test_yantian_a_poor_grade_puts_the_organization_on_the_weak_and_lax_list(district):
    rule_sets_loaded("yantian")
    template = stored_template("yantian_quality.yaml")
    campaign = CampaignFactory(template=template, scope=district.district, year=2025, levels=["community"], opened=True)
    evaluation = Evaluation.objects.get(campaign=campaign, organization=district.community)
    EvaluationResult.objects.create(
        evaluation=evaluation,
        stage="review",
        total=Decimal(55),
        points_max=Decimal(100),
        grade="差",
        inputs_fingerprint="test",
        computed_at=timezone.now(),
    )
    evaluation.status, evaluation.approved_stars, evaluation.approved_at = EvaluationStatus.APPROVED, 0, timezone.now()
    evaluation.save()
    consequences_apply(organization_ids=[district.community.pk])
    assert made() == {
        ("T1", "weak_and_lax", "organization", "2025"),
        ("T1", "rectification", "organization", "2025"),
        ("T2", "annual_assessment", "organization", "2025"),
    }
    assert "2025年 差" in Consequence.objects.get(action="weak_and_lax").explanation


def test_a_final_pioneer_grade_leads_to_the_members_follow_up_and_a_grade_still_in_publicity_to_nothing(district):
    rule_sets_loaded("lengshuijiang_pioneer")
    campaign = open_pioneer_campaign(district)
    evaluation = Evaluation.objects.get(campaign=campaign, member=district.member)
    result = PioneerResult.objects.create(
        evaluation=evaluation, final_points=Decimal(58), grade="unqualified", computed_at=timezone.now()
    )
    consequences_apply(organization_ids=[district.branch.pk])
    assert not Consequence.objects.exists()
    result.finalized_at = timezone.now()
    result.save(update_fields=["finalized_at"])
    consequences_apply(organization_ids=[district.branch.pk])
    follow_up = Consequence.objects.get()
    assert (follow_up.rule.code, follow_up.action, follow_up.target) == ("P3", "pioneer_follow_up", "member")
    assert (follow_up.member_id, follow_up.person_key, follow_up.person_name, follow_up.organization_id) == (
        district.member.pk,
        district.member.id_card_hash,
        "张三",
        district.branch.pk,
    )
    assert f"依据结果：{campaign.year}年 不合格党员" in follow_up.explanation  # the grade by its name, not its code


def test_the_job_reads_and_writes_in_a_fixed_number_of_queries(district, django_assert_max_num_queries):
    rule_sets_loaded()
    templates = fortress_templates()
    for month in (1, 2, 3):
        for campaign in open_fortress_month(district, templates, month=month):
            for organization in (district.community, district.sibling_community, district.other_community):
                if Evaluation.objects.filter(campaign=campaign, organization=organization).exists():
                    rate(campaign, organization, 1, approved=True)
    ids = [district.community.pk, district.sibling_community.pk, district.other_community.pk, district.branch.pk]
    with django_assert_max_num_queries(16):
        run = consequences_apply(organization_ids=ids)
    assert run.added == 3 * 3 * 3  # three organizations, three months, three actions without a secretary
