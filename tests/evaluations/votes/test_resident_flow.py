"""A resident opens the QR link, is redirected to a URL without the code, votes once and is thanked."""

from django.contrib.sessions.backends.signed_cookies import SessionStore as VoteSessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse

from evaluations.models import Ballot, VoteCode
from evaluations.views.votes import VOTE_COOKIE
from tests.support.votes import issue_codes, open_survey


def _codes(district, count=1, **kwargs):
    survey = open_survey(district, **kwargs)
    codes = issue_codes(district, survey, count, days=3)
    return survey, codes


def test_opening_the_link_trades_the_code_for_a_session_and_strips_it_from_the_url(district, client):
    _survey, (code,) = _codes(district)
    response = client.get(reverse("evaluations:vote_code_enter", args=[code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:vote_ballot")
    assert code not in response["Location"]
    cookie = client.cookies[VOTE_COOKIE]
    assert cookie["path"] == "/v/" and cookie["httponly"]
    assert dict(VoteSessionStore(cookie.value).load()) == {"vote_code_id": VoteCode.objects.get().pk}
    assert code not in cookie.value
    assert not Session.objects.exists()  # the server keeps no session row for a resident
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    content = page.content.decode()
    assert code not in content
    assert 'name="viewport"' in content and "<script" not in content
    for label in ("满意", "较满意", "一般", "不满意"):
        assert f"<span>{label}</span>" in content


def test_a_resident_votes_once_and_the_code_is_forgotten(district, client):
    _survey, (code,) = _codes(district)
    client.get(reverse("evaluations:vote_code_enter", args=[code]))
    response = client.post(reverse("evaluations:vote_ballot"), {"option": "fairly_satisfied"})
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:vote_thanks")
    assert "感谢" in client.get(response["Location"]).content.decode()
    assert not client.cookies[VOTE_COOKIE].value  # the vote session is dropped
    assert list(Ballot.objects.values_list("option", flat=True)) == ["fairly_satisfied"]
    again = client.get(reverse("evaluations:vote_code_enter", args=[code]))
    assert again.status_code == 410
    assert "已经使用" in again.content.decode()
    assert client.post(reverse("evaluations:vote_ballot"), {"option": "satisfied"}).status_code == 400
    assert Ballot.objects.count() == 1


def test_a_missing_option_keeps_the_page_and_changes_nothing(district, client):
    _survey, (code,) = _codes(district)
    client.get(reverse("evaluations:vote_code_enter", args=[code]))
    response = client.post(reverse("evaluations:vote_ballot"), {"option": "excellent"})
    assert response.status_code == 400
    assert "请选择一个选项" in response.content.decode()
    assert not Ballot.objects.exists() and not VoteCode.objects.get().used
    assert client.post(reverse("evaluations:vote_ballot"), {"option": "satisfied"}).status_code == 302


def test_an_unknown_code_is_refused_in_chinese(client, district):
    response = client.get(reverse("evaluations:vote_code_enter", args=["A" * 22]))
    assert response.status_code == 404
    assert "测评码无效" in response.content.decode()
    assert not client.cookies.get(VOTE_COOKIE)


def test_without_a_code_the_vote_page_explains_what_to_do(client, db):
    response = client.get(reverse("evaluations:vote_ballot"))
    assert response.status_code == 400
    assert "二维码" in response.content.decode()
    assert client.post(reverse("evaluations:vote_ballot"), {"option": "satisfied"}).status_code == 400
    assert not Ballot.objects.exists()


def test_a_code_of_one_survey_votes_only_in_that_survey(district, client):
    first, (first_code,) = _codes(district)
    second = open_survey(district, first.evaluation)
    client.get(reverse("evaluations:vote_code_enter", args=[first_code]))
    client.post(reverse("evaluations:vote_ballot"), {"option": "fair"})
    assert Ballot.objects.get().survey == first
    assert not second.ballots.exists()


def test_a_forged_vote_cookie_is_refused(district, client):
    _survey, (code,) = _codes(district)
    client.get(reverse("evaluations:vote_code_enter", args=[code]))
    signed = client.cookies[VOTE_COOKIE].value
    client.cookies[VOTE_COOKIE] = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
    assert client.post(reverse("evaluations:vote_ballot"), {"option": "satisfied"}).status_code == 400
    assert not Ballot.objects.exists()


def test_the_ballot_lets_the_browser_send_its_origin_and_a_code_url_sends_no_referrer(district, client):
    """Under no-referrer a browser posts with "Origin: null" and the CSRF check refuses the ballot; the ballot's
    URL holds no code, so it may send its origin. A page shown at a code's URL sends no Referer at all."""
    _survey, (code,) = _codes(district)
    client.get(reverse("evaluations:vote_code_enter", args=[code]))
    assert (
        '<meta name="referrer" content="same-origin">'
        in client.get(reverse("evaluations:vote_ballot")).content.decode()
    )
    client.post(reverse("evaluations:vote_ballot"), {"option": "fair"})
    refused = client.get(reverse("evaluations:vote_code_enter", args=[code])).content.decode()
    assert '<meta name="referrer" content="no-referrer">' in refused


def test_a_ballot_posted_with_the_ballot_pages_origin_passes_the_csrf_check(district, client):
    _survey, (code,) = _codes(district)
    client.handler.enforce_csrf_checks = True
    client.get(reverse("evaluations:vote_code_enter", args=[code]))
    token = client.cookies["csrftoken"].value
    ballot = {"option": "fair", "csrfmiddlewaretoken": token}
    assert client.post(reverse("evaluations:vote_ballot"), ballot, HTTP_ORIGIN="null").status_code == 403
    assert client.post(reverse("evaluations:vote_ballot"), ballot, HTTP_ORIGIN="http://testserver").status_code == 302
    assert Ballot.objects.count() == 1
