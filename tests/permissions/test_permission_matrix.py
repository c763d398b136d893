"""Every URL name and API route, for every role and a user of another street.

Another street's object answers 404, a missing permission 403, anonymous goes to login (pages) or
gets 401/403 (API). The expectations are one table per area (matrix_<area>.py, built from the named
expectations of expectations.py); a URL name without an expectation fails the test, and so does one
with an expectation in two areas.
"""

from collections import Counter

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluations.models import Transition
from orgs.models import AuditAction, AuditEvent, ImportJob, RosterKind
from tests.permissions import (
    matrix_accounts,
    matrix_approval,
    matrix_campaigns,
    matrix_consequences,
    matrix_consultation,
    matrix_democratic_votes,
    matrix_followups,
    matrix_fortress,
    matrix_nominations,
    matrix_orgs,
    matrix_pioneer,
    matrix_publicity,
    matrix_ranking,
    matrix_rectification,
    matrix_review,
    matrix_rewards,
    matrix_rosters,
    matrix_scores,
    matrix_secretary_stars,
    matrix_votes,
    matrix_whatif,
    matrix_worklist,
)
from tests.permissions.expectations import LOGIN, ROLES, Case
from tests.support.votes import issue_codes, open_survey

# One table per area, in the order of the process; the cases run in this order for each role.
AREAS = [
    matrix_orgs,
    matrix_rosters,
    matrix_accounts,
    matrix_campaigns,
    matrix_scores,
    matrix_review,
    matrix_votes,
    matrix_publicity,
    matrix_consultation,
    matrix_worklist,
    matrix_ranking,
    matrix_approval,
    matrix_pioneer,
    # The fortress index month by month, the follow-up of member grades
    matrix_fortress,
    matrix_followups,
    matrix_rewards,
    matrix_secretary_stars,
    matrix_democratic_votes,
    matrix_whatif,
    # Rectification to close-out (整改销号)
    matrix_rectification,
    # The consequence lists (结果运用清单)
    matrix_consequences,
    # Award nominations (评先评优)
    matrix_nominations,
]
CASES: dict[str, list[Case]] = {name: cases for area in AREAS for name, cases in area.CASES.items()}

# Routes that are not views of their own (format suffix variants of the same view, static docs assets).
IGNORED_PREFIXES = ("admin:",)


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return {name for name in names if not name.startswith(IGNORED_PREFIXES)}


def test_every_url_name_has_an_expectation():
    missing = sorted(url_names() - set(CASES))
    assert not missing, f"URL names without an expectation in the permission matrix: {missing}"
    named = Counter(name for area in AREAS for name in area.CASES)
    twice = sorted(name for name, areas in named.items() if areas > 1)
    assert not twice, f"URL names with expectations in two areas of the permission matrix: {twice}"


def test_every_expectation_names_a_real_url():
    assert not sorted(set(CASES) - url_names())


@pytest.fixture
def matrix_district(district, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.services.evidence import evidence_add
    from tests.factories import CampaignFactory, SecretaryFactory, make_id_card
    from tests.support.evaluations import at_stage, evaluation_of, open_community_campaign

    district.secretary = SecretaryFactory(organization=district.community, id_card=make_id_card(77))
    district.campaign = open_community_campaign(district)
    district.evaluation = evaluation_of(district.campaign, district.community)
    at_stage(evaluation_of(district.campaign, district.sibling_community), "review")
    district.transition = Transition.objects.create(
        evaluation=district.evaluation,
        action="return",
        from_stage=district.campaign.stages.get(order=1),
        to_stage=district.campaign.stages.get(order=0),
        reason="佐证材料不全",
        by=district.users["street_staff"],
    )
    # Submitting makes the self-assessment read-only: it gets an evaluation of its own.
    district.evaluation_to_submit = evaluation_of(
        open_community_campaign(district, template=district.campaign.template), district.community
    )
    district.review_to_submit = at_stage(
        evaluation_of(district.evaluation_to_submit.campaign, district.sibling_community), "review"
    )
    settings.MEDIA_ROOT = tmp_path
    district.evidence = evidence_add(
        evaluation=district.evaluation,
        stage="self_assessment",
        code="A1.1",
        upload=SimpleUploadedFile("记录.pdf", b"%PDF-1.4\n"),
        by=district.users["org_admin"],
    )
    district.draft_campaign = CampaignFactory(
        name="草稿活动", template=district.campaign.template, scope=district.district, year=2027
    )
    district.import_job = ImportJob.objects.create(
        kind=RosterKind.MEMBERS, original_name="roster.xlsx", created_by=district.users["district_admin"]
    )
    district.survey = open_survey(district)
    (district.vote_code,) = issue_codes(district, district.survey, days=1)
    return district


def _query(case: Case, district) -> str:
    """The case's query string: a callable(district) -> str, or a text naming {community}."""
    return case.query(district) if callable(case.query) else case.query.format(community=district.community.pk)


def _status_matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and reverse("login") in response["Location"]
    if isinstance(expected, tuple):
        return response.status_code in expected
    return response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, matrix_district, client):
    district = matrix_district
    if role != "anonymous":
        client.force_login(district.users[role])
    failures = []
    for name, cases in CASES.items():
        for case in cases:
            kwargs = case.kwargs(district) if case.kwargs else {}
            url = reverse(name, kwargs=kwargs) + _query(case, district)
            data = case.data(district) if callable(case.data) else case.data
            response = getattr(client, case.method)(url, data)
            expected = case.expected[role]
            if not _status_matches(response, expected):
                failures.append(f"{case.method.upper()} {url} ({name}): {response.status_code}, expected {expected}")
            if name == "logout" and role != "anonymous":
                client.force_login(district.users[role])
    assert not failures, "\n".join(failures)


def test_refused_reveal_changes_nothing_and_is_audited(matrix_district, client):
    district = matrix_district
    client.force_login(district.users["outsider"])
    response = client.post(reverse("member_reveal", kwargs={"pk": district.member.pk, "field": "id_card"}))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()
    refusal = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert refusal.actor == district.users["outsider"]
    assert refusal.object_type == "member"


def test_refused_import_post_creates_no_job(matrix_district, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    district = matrix_district
    client.force_login(district.users["street_staff"])
    before = ImportJob.objects.count()
    upload = SimpleUploadedFile("m.csv", "姓名,公民身份号码\n".encode(), content_type="text/csv")
    response = client.post(reverse("roster_import"), {"kind": "members", "file": upload})
    assert response.status_code == 403
    assert ImportJob.objects.count() == before
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, actor=district.users["street_staff"]).exists()


def test_a_nul_character_in_any_parameter_or_field_is_refused_never_a_server_error(matrix_district, client):
    """PostgreSQL refuses NUL in text: every page and API route answers a query parameter with NUL 400 naming it,
    and a posted field with NUL is refused by its form (the client raises on a server error)."""
    district = matrix_district
    client.force_login(district.users["superuser"])
    failures = []
    for name, cases in CASES.items():
        for case in cases:
            url = reverse(name, kwargs=case.kwargs(district) if case.kwargs else {})
            url += _query(case, district)
            if case.method == "get":
                response = client.get(url + ("&" if "?" in url else "?") + "q=%00&search=a%00b")
                body = response.content.decode()
                if response.status_code != 400 or "“q”" not in body or "空字符" not in body:
                    failures.append(f"GET {url} ({name}): {response.status_code}")
            else:
                data = case.data(district) if callable(case.data) else case.data
                poisoned = {key: f"{value}\x00" if isinstance(value, str) else value for key, value in data.items()}
                response = getattr(client, case.method)(url, {**poisoned, "note": "备注\x00"})
                if response.status_code >= 500:
                    failures.append(f"{case.method.upper()} {url} ({name}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_a_nul_character_in_the_address_is_refused_with_400(matrix_district, client):
    district = matrix_district
    client.force_login(district.users["street_staff"])
    response = client.get(f"/publicity/{district.campaign.pk}/%00/notice.pdf")
    assert response.status_code == 400
    assert "网址中含有不允许的空字符" in response.content.decode()
    api = client.get(reverse("api-member-list"), {"search": "张\x00"})
    assert api.status_code == 400
    assert "空字符" in api.json()["errors"]["search"]  # the API's one shape for bad input


def test_a_nul_character_in_a_json_body_is_refused_by_the_field(matrix_district, client):
    district = matrix_district
    client.force_login(district.users["street_staff"])
    response = client.post(
        reverse("api-opinion-list"),
        {"evaluation": district.evaluation.pk, "kind": "concern", "note": "无\x00"},
        "application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["note"] == "不允许包含空字符（NUL），请删除后重试。"
