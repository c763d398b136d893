"""On PostgreSQL with real threads: two reviewers act on one evaluation at once; one wins, the other is told."""

import threading

import pytest
from django.db import connection

from evaluations.models import Transition
from evaluations.rules.workflow import Action, StageKind
from evaluations.services.transitions import StaleEvaluation, evaluation_transition
from orgs.permissions import assign_role
from orgs.roles import Role
from tests.factories import UserFactory, build_district
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_reviewers_at_once_one_moves_it_and_the_other_is_told_it_changed():
    district = build_district()
    evaluation = at_stage(evaluation_of(open_community_campaign(district), district.community), StageKind.REVIEW)
    second = UserFactory(username="street_staff_2")
    assign_role(user=second, role=Role.STREET_STAFF, organization=district.street)
    reviewers = [
        (district.users["street_staff"], Action.SUBMIT, ""),
        (second, Action.RETURN, "自评分偏高，退回重评"),
    ]
    barrier = threading.Barrier(len(reviewers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def act(user, action, reason):
        try:
            barrier.wait(timeout=30)
            evaluation_transition(
                evaluation=evaluation, action=action, by=user, reason=reason, lock_version=evaluation.lock_version
            )
            outcome = "moved"
        except StaleEvaluation as refusal:
            outcome = refusal.messages[0]
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=act, args=reviewer) for reviewer in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("moved") == 1
    assert any("已被他人更改" in outcome for outcome in outcomes)
    assert Transition.objects.filter(evaluation=evaluation).count() == 1
    evaluation.refresh_from_db()
    assert evaluation.lock_version == 1
