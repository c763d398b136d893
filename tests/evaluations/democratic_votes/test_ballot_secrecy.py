"""Democratic-vote ballots are kept apart from voters: no table or log column links a ballot to its voter, and
the ballots always number one per other member on each recorded sheet."""

import uuid

from django.apps import apps
from django.db import models

from evaluations.models import DemocraticBallot, DemocraticVote, DemocraticVoter, Evaluation
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.democratic_votes.votes import democratic_vote_close
from orgs.models import AuditEvent, Member
from tests.support.democratic_votes import open_branch_vote, sheet_choices


def test_no_field_of_a_ballot_leads_to_a_voter_or_an_exact_time():
    fields = {field.name: field for field in DemocraticBallot._meta.get_fields()}
    assert set(fields) == {"id", "vote", "evaluation", "option", "cast_on"}
    relations = {name: field.related_model for name, field in fields.items() if field.is_relation}
    assert relations == {"vote": DemocraticVote, "evaluation": Evaluation}
    assert not any(isinstance(field, models.DateTimeField) for field in fields.values())
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].default is uuid.uuid4
    assert not DemocraticBallot._meta.ordering


def test_no_table_links_a_ballot_to_a_voter():
    """Nothing points at a ballot, and the voter side keeps only the date."""
    for model in apps.get_models():
        assert not any(
            field.is_relation and field.related_model is DemocraticBallot and field.concrete
            for field in model._meta.get_fields()
        ), model
    assert not any(isinstance(field, models.DateTimeField) for field in DemocraticVoter._meta.get_fields())


def test_a_sheet_writes_no_log_naming_the_voter_and_closing_rewrites_the_ballots(district):
    vote = open_branch_vote(district)
    before = AuditEvent.objects.count()
    voters = list(Member.objects.filter(branch=district.branch).order_by("pk"))
    for member in voters[:3]:
        democratic_sheet_submit(vote=vote, member=member, choices=sheet_choices(vote, member))
    assert AuditEvent.objects.count() == before  # a sheet leaves no log line at all
    assert DemocraticBallot.objects.count() == 3 * 3 and DemocraticVoter.objects.count() == 3
    ids = set(DemocraticBallot.objects.values_list("pk", flat=True))
    democratic_vote_close(vote=vote, by=district.users["org_admin"])
    assert DemocraticBallot.objects.count() == 9
    assert ids.isdisjoint(DemocraticBallot.objects.values_list("pk", flat=True))
