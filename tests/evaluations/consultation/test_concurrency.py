"""On PostgreSQL with real threads: two departments veto the same item of one organization at once."""

import threading

import pytest
from django.db import connection

from evaluations.models import DepartmentOpinion, OpinionKind, Stage, VetoHit
from evaluations.services.consultation import opinion_give
from tests.factories import build_district
from tests.support.consultation import consulting_campaign, department_reviewer, reviewed_at_consultation

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_departments_vetoing_one_item_at_once_both_count_in_one_hit():
    district = build_district()
    evaluation = reviewed_at_consultation(consulting_campaign(district), district.community)
    audit = department_reviewer(district, "audit", "audit_reviewer")
    reviewers = [(district.users["department_reviewer"], "挪用党建经费2万元"), (audit, "审计发现挪用党建经费")]
    barrier = threading.Barrier(len(reviewers))
    errors: list[Exception] = []

    def veto(user, note):
        try:
            barrier.wait(timeout=30)
            opinion_give(evaluation=evaluation, kind=OpinionKind.VETO, veto_code="V11", note=note, by=user)
        except Exception as error:  # shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=veto, args=reviewer) for reviewer in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert DepartmentOpinion.objects.filter(evaluation=evaluation, kind=OpinionKind.VETO).count() == 2
    hit = VetoHit.objects.get(evaluation=evaluation, stage=Stage.CONSULTATION)
    assert hit.note == "审计：审计发现挪用党建经费；纪检：挪用党建经费2万元"
