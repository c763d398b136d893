"""A satisfaction survey whose closing time has passed closes by itself (beat job, every five minutes): audited with
no actor, its ballots rewritten in random order, the stars recomputed; a survey still open in time, or closed by
the street already, is left alone; a second run closes nothing."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from evaluations.audit import EvaluationAuditAction
from evaluations.models import CampaignComputation, ComputationStatus, Survey, SurveyStatus
from evaluations.services.votes.surveys import survey_close, surveys_close_due
from orgs.models import AuditEvent
from tests.support.evaluations import evaluation_of, open_community_campaign
from tests.support.votes import cast_ballots


def _surveys(district):
    campaign = open_community_campaign(district)
    for organization in (district.community, district.sibling_community, district.other_community):
        cast_ballots(evaluation_of(campaign, organization), {"satisfied": 3, "fair": 1})
    return campaign, {
        survey.evaluation.organization_id: survey for survey in Survey.objects.select_related("evaluation")
    }


def test_surveys_past_their_closing_time_close_by_themselves(district):
    campaign, surveys = _surveys(district)
    due = surveys[district.community.pk]
    street_closed = surveys[district.sibling_community.pk]
    in_time = surveys[district.other_community.pk]
    Survey.objects.filter(pk=in_time.pk).update(closes_at=timezone.now() + timedelta(days=10))
    later = timezone.now() + timedelta(days=4)  # the others close three days after opening
    survey_close(survey=street_closed, by=district.users["street_staff"])
    ids_before = list(due.ballots.order_by("id").values_list("id", flat=True))

    assert surveys_close_due(now=later) == 1

    assert Survey.objects.get(pk=due.pk).status == SurveyStatus.CLOSED
    assert Survey.objects.get(pk=in_time.pk).status == SurveyStatus.OPEN
    assert due.ballots.count() == len(ids_before)
    assert set(due.ballots.values_list("id", flat=True)).isdisjoint(ids_before)  # rewritten, as by the street
    closings = AuditEvent.objects.filter(action=EvaluationAuditAction.SURVEY_CLOSE, object_type="survey")
    assert {(event.object_id, event.actor_id) for event in closings} == {
        (str(due.pk), None),
        (str(street_closed.pk), district.users["street_staff"].pk),
    }
    assert CampaignComputation.objects.filter(campaign=campaign, status=ComputationStatus.PENDING).exists()
    assert surveys_close_due(now=later) == 0


def test_the_beat_schedule_closes_due_surveys_every_five_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["surveys-close-due"]
    assert entry["task"] == "evaluations.tasks.surveys_close_due"
    assert entry["schedule"].minute == set(range(0, 60, 5))
