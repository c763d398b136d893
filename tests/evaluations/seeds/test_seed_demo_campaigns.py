"""seed_demo_campaigns puts a Yucheng year part-way through and a ranked Jinyuan quarter into the demo district,
through the services: each demo account finds work, the district finds results, and running it again adds nothing."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from evaluations.management.commands.seed_demo_campaigns import STREET_STAGES
from evaluations.models import Ballot, Campaign, EvaluationResult, VoteCode
from evaluations.selectors.ranking import street_ranks
from evaluations.selectors.worklist import worklist_counts
from orgs.models import Level, Organization, User


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the computations queued when the scores were saved
        call_command("seed_demo_campaigns", stdout=out)
    return out.getvalue()


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
        else:
            assert set(stages) == {expected}, street.name
    # Some organizations sit at every stage, so that every demo account finds work.
    assert set(campaign.evaluations.values_list("stage__kind", flat=True)) == {
        "self_assessment",
        "review",
        "publicity",
        "consultation",
        "approval",
    }
    assert worklist_counts(_user("department_reviewer")).opinions == 5  # the street at the consultation
    assert worklist_counts(_user("org_admin")).waiting == 1  # the draft self-assessment
    street_communities = Organization.objects.filter(
        level=Level.COMMUNITY, path__startswith=Organization.objects.filter(level=Level.STREET).order_by("path")[0].path
    ).count()
    # The street's four Yucheng reviews and its secretaries' quarterly scores to hand in.
    assert worklist_counts(_user("street_staff")).waiting == 4 + street_communities
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
