"""The street review's services check who acts, whoever calls them: the street's staff record how items were
checked and hand in the street's reviews; staff of another street, or anyone else, are refused (403, audited) and
nothing changes."""

import pytest

from evaluations.models import Evaluation, ReviewCheck, Score, Stage
from evaluations.rules.workflow import StageKind
from evaluations.selectors.evaluations import evaluation_tree
from evaluations.services.review import evaluations_submit_reviewed, review_checks_save
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from orgs.permissions import Capability
from tests.support.permissions import assert_refused, at_stage, evaluation_of, open_community_campaign

pytestmark = pytest.mark.django_db

NOT_THE_STREET = ["outsider", "org_admin", "department_reviewer", "district_approver", "member"]


@pytest.fixture
def reviewed(district):
    """The street's community at the review stage, one item reviewed by the street."""
    evaluation = at_stage(evaluation_of(open_community_campaign(district), district.community), StageKind.REVIEW)
    scores_save(
        evaluation=evaluation,
        stage=Stage.REVIEW,
        values={"A1.1": ScoreInput("1")},
        vetoes=None,
        by=district.users["street_staff"],
    )
    return evaluation


@pytest.mark.parametrize("username", NOT_THE_STREET)
def test_only_the_streets_staff_record_how_items_were_checked(district, reviewed, username):
    user = district.users[username]
    tree = evaluation_tree(reviewed)

    assert_refused(
        user,
        Capability.REVIEW_SCORES,
        lambda: review_checks_save(evaluation=reviewed, tree=tree, methods={"A1.1": ["on_site"]}, by=user),
    )

    assert not ReviewCheck.objects.exists()


@pytest.mark.parametrize("username", NOT_THE_STREET)
def test_only_the_streets_staff_hand_in_its_reviews(district, reviewed, username):
    user = district.users[username]

    assert_refused(
        user,
        Capability.REVIEW_SCORES,
        lambda: evaluations_submit_reviewed(campaign=reviewed.campaign, street=district.street, by=user),
    )

    assert Evaluation.objects.get(pk=reviewed.pk).stage.kind == StageKind.REVIEW
    assert Score.objects.filter(evaluation=reviewed, stage=Stage.REVIEW).count() == 1
