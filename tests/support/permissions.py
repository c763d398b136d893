"""What the tests of the services' own actor checks share: the set-up helpers they use (kept in one import, so a
move of the shared test helpers touches this file only) and the check that a refusal is a 403 audited."""

import pytest
from django.core.exceptions import PermissionDenied

from orgs.models import AuditAction, AuditEvent, AuditOutcome
from tests.support.approval import campaign_awaiting_approval
from tests.support.consultation import consulting_campaign, reviewed_at_consultation
from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign
from tests.support.votes import community_evaluation, open_survey

__all__ = [
    "assert_refused",
    "at_stage",
    "campaign_awaiting_approval",
    "community_evaluation",
    "consulting_campaign",
    "evaluation_of",
    "open_community_campaign",
    "open_survey",
    "reviewed_at_consultation",
]


def assert_refused(user, capability, call) -> None:
    """Calling the service directly as ``user`` is refused with 403, and the refusal is audited with the capability."""
    before = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=user).count()
    with pytest.raises(PermissionDenied):
        call()
    refusals = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=user, outcome=AuditOutcome.REFUSED)
    assert refusals.count() == before + 1
    assert refusals.latest("pk").detail["capability"] == capability
