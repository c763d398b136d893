"""seed_demo_campaigns puts a Yucheng year part-way through and a ranked Jinyuan quarter into the demo district,
through the services: each demo account finds work, the district finds results, and running it again adds nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from evaluations.management.commands.seed_demo_campaigns import APPROVED, STREET_STAGES
from evaluations.models import Ballot, Campaign, Consequence, ConsequenceStatus, EvaluationResult, VoteCode
from evaluations.selectors.consequence_lists import ORDER
from evaluations.selectors.overview import CONSEQUENCE_COLUMNS, consequences_and_cases
from evaluations.selectors.ranking import street_ranks
from evaluations.selectors.worklist import worklist_counts
from orgs.models import Level, Organization, User
from scoring.models import ConsequenceRuleSet


@pytest.fixture
def demo(seeded_demo):
    """seed_demo then seed_demo_campaigns, the computations they queue run (tests/support/demo.py)."""


def _user(username: str) -> User:
    return User.objects.get(username=username)


def test_a_yucheng_year_is_under_way_with_work_for_each_demo_account(demo, client):
    campaign = Campaign.objects.get(name__endswith="五星争创”")
    communities = Organization.objects.filter(level=Level.COMMUNITY).count()
    streets = list(Organization.objects.filter(level=Level.STREET).order_by("path"))
    for index, street in enumerate(streets):
        in_street = campaign.evaluations.filter(organization__path__startswith=street.path)
        stages = Counter(in_street.values_list("stage__kind", flat=True))
        expected = STREET_STAGES[index % len(STREET_STAGES)]
        if index == 0:
            assert stages == {"self_assessment": 1, "review": sum(stages.values()) - 1}
        elif expected == APPROVED:
            assert set(stages) == {"approval"} and not in_street.exclude(status="approved").exists(), street.name
        else:
            assert set(stages) == {expected} and not in_street.filter(status="approved").exists(), street.name
    # Some organizations sit at every stage, so that every demo account finds work.
    assert set(campaign.evaluations.values_list("stage__kind", flat=True)) == {
        "self_assessment",
        "review",
        "publicity",
        "consultation",
        "approval",
    }
    assert worklist_counts(_user("department_reviewer")).opinions == 5  # the street at the consultation
    # Batch 1 approved, batch 2 submitted and waiting for the district committee.
    assert list(campaign.recommended_lists.order_by("number").values_list("number", "status")) == [
        (1, "approved"),
        (2, "submitted"),
    ]
    assert worklist_counts(_user("district_approver")).lists == 1
    # The draft self-assessment, the community's fortress index self-assessed in each recent month, and the pioneer
    # index of its members at the stages the branch acts in.
    demo_community = Organization.objects.filter(level=Level.COMMUNITY).order_by("path").first()
    evaluations = campaign.evaluations.model.objects.filter(organization__path__startswith=demo_community.path)
    fortress = evaluations.filter(campaign__period_kind="month")
    pioneer = evaluations.filter(campaign__subject_kind="member", status="in_progress", stage__actor_role="org_admin")
    assert fortress.count() >= 1
    assert worklist_counts(_user("org_admin")).waiting == 1 + fortress.count() + pioneer.count()
    street_communities = Organization.objects.filter(
        level=Level.COMMUNITY, path__startswith=Organization.objects.filter(level=Level.STREET).order_by("path")[0].path
    ).count()
    # The street's four Yucheng reviews, its secretaries' quarterly scores to hand in, and the pioneer index of the
    # demo community's members at the street's stages.
    street_pioneer = evaluations.filter(
        campaign__subject_kind="member", status="in_progress", stage__actor_role="street_staff"
    )
    assert worklist_counts(_user("street_staff")).waiting == 4 + street_communities + street_pioneer.count()
    results = EvaluationResult.objects.filter(evaluation__campaign=campaign)
    assert results.count() == communities and not results.filter(stars__isnull=True).exists()
    assert len(set(results.values_list("stars", flat=True))) >= 2  # not everyone gets the same stars
    assert Ballot.objects.count() == VoteCode.objects.filter(used=True).count() > 0

    street = Organization.objects.filter(level=Level.STREET).order_by("path")[1]
    public = client.get(
        reverse("evaluations:publicity_public", kwargs={"campaign_id": campaign.pk, "street_code": street.code})
    )
    assert public.status_code == 200
    assert (
        Organization.objects.filter(level=Level.COMMUNITY, path__startswith=street.path)[0].name
        in public.content.decode()
    )
    client.force_login(_user("district_admin"))
    ranking = client.get(reverse("evaluations:campaign_ranking", kwargs={"pk": campaign.pk}))
    assert len(ranking.context["rows"]) == communities


def test_the_secretaries_of_this_quarter_are_scored_and_ranked_within_their_streets(demo):
    campaign = Campaign.objects.get(name__endswith="党组织书记考评")
    ranks = street_ranks(campaign)
    assert len(ranks) == campaign.evaluations.count()
    assert any(rank.behind for rank in ranks.values())
    assert {rank.rank for rank in ranks.values()} >= {1}


def test_running_it_again_adds_nothing(demo):
    before = (Campaign.objects.count(), EvaluationResult.objects.count(), Ballot.objects.count())
    out = StringIO()
    call_command("seed_demo_campaigns", stdout=out)
    assert "已存在" in out.getvalue()
    assert (Campaign.objects.count(), EvaluationResult.objects.count(), Ballot.objects.count()) == before


def test_without_the_demo_district_it_says_what_to_run_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_demo_campaigns", stdout=StringIO())


def test_the_fortress_index_runs_monthly_with_a_trend_for_each_community(demo, client):
    from django.utils import timezone

    from evaluations.models import PeriodKind
    from evaluations.selectors.fortress import fortress_trend

    today = timezone.localdate()
    monthly = Campaign.objects.filter(period_kind=PeriodKind.MONTH, year=today.year).order_by("period_number", "pk")
    months = sorted(set(monthly.values_list("period_number", flat=True)))
    assert months == list(range(max(1, today.month - 2), today.month + 1))
    admin = _user("district_admin")
    trend = fortress_trend(admin, monthly.last())
    assert (
        len(trend.rows)
        == Organization.objects.filter(level=Level.COMMUNITY, domain__in=["urban_community", "village"]).count()
    )
    assert all(row.months[today.month - 1].stars is not None for row in trend.rows)
    client.force_login(admin)
    assert client.get(reverse("evaluations:fortress_trend", kwargs={"pk": monthly.last().pk})).status_code == 200


def test_the_demo_applies_the_consequence_rules_so_the_lists_and_the_overview_have_rows(demo, client):
    in_force = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE)
    assert in_force.exists()
    assert set(ConsequenceRuleSet.objects.values_list("code", flat=True)) >= {
        "yucheng_3plus2",
        "lengshuijiang_fortress",
    }
    client.force_login(_user("district_admin"))
    page = client.get(reverse("evaluations:consequence_list")).content.decode()
    first = in_force.select_related("organization").order_by(*ORDER).first()
    assert first.organization.name in page
    assert client.get(reverse("evaluations:district_overview")).status_code == 200
    total = consequences_and_cases(_user("district_admin"), timezone.localdate())[-1]
    assert sum(total.cells()[: len(CONSEQUENCE_COLUMNS)]) > 0  # the overview counts consequences in force
    before = sorted(in_force.values_list("pk", "inputs_fingerprint"))
    out = StringIO()
    call_command("seed_demo_campaigns", stdout=out)
    assert sorted(in_force.values_list("pk", "inputs_fingerprint")) == before
