"""Logged-in members vote once in the surveys of their organization; nobody else votes there."""

import pytest
from django.urls import reverse

from evaluations.models import Ballot, MemberVote
from evaluations.services.votes.ballots import ballot_cast_by_member
from evaluations.services.votes.surveys import VoteRefused
from tests.support.votes import open_survey


def test_a_member_votes_once(district, login):
    survey = open_survey(district)
    client = login(district.users["member"])
    url = reverse("evaluations:survey_member_vote", args=[survey.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"option": "satisfied"})["Location"] == reverse("evaluations:vote_thanks")
    second = client.post(url, {"option": "unsatisfied"})
    assert second.status_code == 400
    assert "每名党员只能投票一次" in second.content.decode()
    assert list(Ballot.objects.values_list("option", flat=True)) == ["satisfied"]
    assert MemberVote.objects.get().member == district.member
    assert "已参加过" in client.get(url).content.decode()


def test_the_service_refuses_a_second_member_vote_and_changes_nothing(district):
    survey = open_survey(district)
    ballot_cast_by_member(survey=survey, member=district.member, option="fair")
    with pytest.raises(VoteRefused) as refusal:
        ballot_cast_by_member(survey=survey, member=district.member, option="fair")
    assert refusal.value.code == "already_voted"
    assert (Ballot.objects.count(), MemberVote.objects.count()) == (1, 1)


def test_a_member_of_another_street_cannot_vote(district):
    survey = open_survey(district)
    with pytest.raises(VoteRefused) as refusal:
        ballot_cast_by_member(survey=survey, member=district.other_member, option="satisfied")
    assert refusal.value.code == "not_member"
    assert not Ballot.objects.exists() and not MemberVote.objects.exists()


def test_an_outsider_gets_404_and_a_district_role_without_membership_403(district, login):
    survey = open_survey(district)
    url = reverse("evaluations:survey_member_vote", args=[survey.pk])
    assert login(district.users["outsider"]).post(url, {"option": "satisfied"}).status_code == 404
    assert login(district.users["district_admin"]).post(url, {"option": "satisfied"}).status_code == 403
    assert not Ballot.objects.exists()


def test_the_survey_list_offers_a_member_the_surveys_to_vote_in(district, login):
    survey = open_survey(district)
    content = login(district.users["member"]).get(reverse("evaluations:survey_list")).content.decode()
    assert reverse("evaluations:survey_member_vote", args=[survey.pk]) in content
