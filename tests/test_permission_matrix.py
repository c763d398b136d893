"""Every URL name and API route, for every role and a user of another street.

Another street's object answers 404, a missing permission 403, anonymous goes to login (pages) or
gets 401/403 (API). A URL name without an expectation here fails the test.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evaluations.services.votes import vote_codes_issue
from orgs.models import AuditAction, AuditEvent, ImportJob, RosterKind
from tests.evaluation_support import evaluation_of
from tests.vote_support import open_survey

ROLES = [
    "anonymous",
    "district_admin",
    "district_approver",
    "department_reviewer",
    "street_staff",
    "org_admin",
    "member",
    "outsider",
    "nobody",
    "superuser",
]
LOGGED_IN = [role for role in ROLES if role != "anonymous"]
LOGIN = "login"  # expected: redirect to the login page


def everyone(status: int, anonymous: object = LOGIN) -> dict[str, object]:
    return {"anonymous": anonymous, **dict.fromkeys(LOGGED_IN, status)}


def only(allowed: list[str], *, refused: int = 403, out_of_scope: list[str] = (), anonymous: object = LOGIN, ok=200):
    expected: dict[str, object] = {"anonymous": anonymous}
    for role in LOGGED_IN:
        if role in allowed:
            expected[role] = ok
        elif role in out_of_scope:
            expected[role] = 404
        else:
            expected[role] = refused
    return expected


@dataclass
class Case:
    method: str = "get"
    kwargs: object = None  # callable(district) -> dict
    query: str = ""
    data: dict = field(default_factory=dict)
    expected: dict = field(default_factory=dict)


DISTRICT_ROLES = ["district_admin", "district_approver", "department_reviewer", "superuser"]
API_ANONYMOUS = (401, 403)

CASES: dict[str, list[Case]] = {
    "home": [Case(expected=everyone(200))],
    "org_tree": [Case(expected=everyone(200))],
    "org_detail": [
        Case(
            kwargs=lambda d: {"pk": d.community.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"], out_of_scope=["member", "outsider", "nobody"]
            ),
        ),
        Case(
            kwargs=lambda d: {"pk": d.branch.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin", "member"], out_of_scope=["outsider", "nobody"]
            ),
        ),
    ],
    "org_children": [
        Case(
            kwargs=lambda d: {"pk": d.community.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"], out_of_scope=["member", "outsider", "nobody"]
            ),
        )
    ],
    "member_list": [
        Case(
            expected=only(["district_admin", "district_approver", "street_staff", "org_admin", "outsider", "superuser"])
        ),
        Case(
            query="?org={community}",
            expected=only(
                ["district_admin", "district_approver", "street_staff", "org_admin", "superuser"],
                out_of_scope=["member", "outsider", "nobody"],
            ),
        ),
    ],
    "member_detail": [
        Case(
            kwargs=lambda d: {"pk": d.member.pk},
            expected=only(
                ["district_admin", "district_approver", "street_staff", "org_admin", "superuser"],
                out_of_scope=["outsider", "nobody"],
            ),
        )
    ],
    "member_reveal": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.member.pk, "field": "id_card"},
            expected=only(["district_admin", "street_staff", "superuser"], out_of_scope=["outsider", "nobody"]),
        )
    ],
    "roster_import": [Case(expected=only(["district_admin", "superuser"]))],
    "roster_import_detail": [
        Case(kwargs=lambda d: {"pk": d.import_job.pk}, expected=only(["district_admin", "superuser"]))
    ],
    "roster_import_progress": [
        Case(kwargs=lambda d: {"pk": d.import_job.pk}, expected=only(["district_admin", "superuser"]))
    ],
    "roster_export": [
        Case(
            query="?kind=members&format=csv&org={community}",
            expected=only(
                ["district_admin", "district_approver", "street_staff", "org_admin", "superuser"],
                out_of_scope=["member", "outsider", "nobody"],
            ),
        )
    ],
    "login": [Case(expected={"anonymous": 200, **dict.fromkeys(LOGGED_IN, 302)})],
    "logout": [Case(method="post", expected={"anonymous": 302, **dict.fromkeys(LOGGED_IN, 302)})],
    "password_change": [Case(expected=everyone(200))],
    "password_change_done": [Case(expected=everyone(200))],
    # Campaigns and evaluations
    "campaign_list": [Case(expected=everyone(200))],
    "campaign_create": [Case(expected=only(["district_admin", "superuser"]))],
    "campaign_evaluations": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin", "outsider"], out_of_scope=["member", "nobody"]
            ),
        )
    ],
    "campaign_open": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.draft_campaign.pk},
            expected=only(["district_admin", "superuser"], out_of_scope=["member", "nobody"], ok=302),
        )
    ],
    "campaign_compute": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(["district_admin", "superuser"], out_of_scope=["member", "nobody"], ok=302),
        )
    ],
    "evaluation_detail": [
        Case(
            kwargs=lambda d: {"pk": d.evaluation.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"], out_of_scope=["member", "outsider", "nobody"]
            ),
        )
    ],
    "evaluation_scores": [
        Case(
            kwargs=lambda d: {"pk": d.evaluation.pk},
            query="?stage=self_assessment",
            expected=only(["district_admin", "org_admin", "superuser"], out_of_scope=["member", "outsider", "nobody"]),
        ),
        Case(
            kwargs=lambda d: {"pk": d.evaluation.pk},
            query="?stage=review",
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"]
            ),
        ),
    ],
    "personalised_items": [
        Case(
            kwargs=lambda d: {"pk": d.evaluation.pk},
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"]
            ),
        )
    ],
    "evidence_upload": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.evaluation.pk},
            query="?stage=self_assessment",
            data={"code": "A1.1"},
            expected=only(
                ["district_admin", "org_admin", "superuser"], out_of_scope=["member", "outsider", "nobody"], ok=302
            ),
        ),
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.evaluation.pk},
            query="?stage=review",
            data={"code": "A1.1"},
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"], ok=302
            ),
        ),
    ],
    "evidence_download": [
        Case(
            kwargs=lambda d: {"pk": d.evidence.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"], out_of_scope=["member", "outsider", "nobody"]
            ),
        )
    ],
    "evaluation_submit": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.evaluation_to_submit.pk},
            expected=only(
                ["district_admin", "org_admin", "superuser"], out_of_scope=["member", "outsider", "nobody"], ok=302
            ),
        )
    ],
    # API
    "api-root": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-me": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-schema": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-docs": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-organization-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-organization-detail": [
        Case(
            kwargs=lambda d: {"pk": d.community.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    "api-member-list": [
        Case(
            expected=only(
                ["district_admin", "district_approver", "street_staff", "org_admin", "outsider", "superuser"],
                anonymous=API_ANONYMOUS,
            )
        )
    ],
    "api-member-detail": [
        Case(
            kwargs=lambda d: {"pk": d.member.pk},
            expected=only(
                ["district_admin", "district_approver", "street_staff", "org_admin", "superuser"],
                out_of_scope=["outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    "api-secretary-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-secretary-detail": [
        Case(
            kwargs=lambda d: {"pk": d.secretary.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    # Satisfaction votes: the resident's pages need no login; the survey pages follow the street's scope.
    "vote_code_enter": [
        Case(kwargs=lambda d: {"code": "A" * 22}, expected={"anonymous": 404, **dict.fromkeys(LOGGED_IN, 404)}),
        Case(kwargs=lambda d: {"code": d.vote_code}, expected={"anonymous": 302, **dict.fromkeys(LOGGED_IN, 302)}),
    ],
    "vote_ballot": [Case(expected={"anonymous": 200, **dict.fromkeys(LOGGED_IN, 200)})],
    "vote_thanks": [Case(expected={"anonymous": 200, **dict.fromkeys(LOGGED_IN, 200)})],
    "survey_list": [Case(expected=everyone(200))],
    "survey_new": [
        Case(
            kwargs=lambda d: {"pk": d.survey.evaluation_id},
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"]
            ),
        )
    ],
    "survey_detail": [
        Case(
            kwargs=lambda d: {"pk": d.survey.pk},
            expected=only([*DISTRICT_ROLES, "street_staff"], out_of_scope=["member", "outsider", "nobody"]),
        )
    ],
    "survey_member_vote": [
        Case(kwargs=lambda d: {"pk": d.survey.pk}, expected=only(["member"], out_of_scope=["outsider", "nobody"]))
    ],
    "vote_codes_print": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.survey.pk},
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"], ok=302
            ),
        )
    ],
    "survey_close": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.survey.pk},
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"], ok=302
            ),
        )
    ],
    "api-survey-list": [Case(expected=only([*DISTRICT_ROLES, "street_staff", "outsider"], anonymous=API_ANONYMOUS))],
    "api-survey-detail": [
        Case(
            kwargs=lambda d: {"pk": d.survey.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    # Campaigns and evaluations: the outsider's street takes part in the district's campaign.
    "api-campaign-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-campaign-detail": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin", "outsider"],
                out_of_scope=["member", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        ),
        Case(
            kwargs=lambda d: {"pk": d.draft_campaign.pk},
            expected=only(
                DISTRICT_ROLES,
                out_of_scope=["street_staff", "org_admin", "member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        ),
    ],
    "api-evaluation-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-evaluation-detail": [
        Case(
            kwargs=lambda d: {"pk": d.evaluation.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    "api-evaluation-scores": [
        Case(
            kwargs=lambda d: {"pk": d.evaluation.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        ),
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.evaluation.pk},
            data={"stage": "self_assessment", "version": 0},
            expected=only(
                ["district_admin", "org_admin", "superuser"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        ),
        Case(
            method="post",
            kwargs=lambda d: {"pk": evaluation_of(d.campaign, d.sibling_community).pk},
            data={"stage": "review", "version": 0},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        ),
    ],
}

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


def test_every_expectation_names_a_real_url():
    assert not sorted(set(CASES) - url_names())


@pytest.fixture
def matrix_district(district, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.services.campaigns import campaign_create
    from evaluations.services.scores import evidence_add
    from tests.evaluation_support import evaluation_of, open_community_campaign
    from tests.factories import SecretaryFactory, make_id_card

    district.secretary = SecretaryFactory(organization=district.community, id_card=make_id_card(77))
    district.campaign = open_community_campaign(district)
    district.evaluation = evaluation_of(district.campaign, district.community)
    # Submitting makes the self-assessment read-only: it gets an evaluation of its own.
    district.evaluation_to_submit = evaluation_of(
        open_community_campaign(district, template=district.campaign.template), district.community
    )
    settings.MEDIA_ROOT = tmp_path
    district.evidence = evidence_add(
        evaluation=district.evaluation,
        stage="self_assessment",
        code="A1.1",
        upload=SimpleUploadedFile("记录.pdf", b"%PDF-1.4\n"),
        by=district.users["org_admin"],
    )
    district.draft_campaign = campaign_create(
        name="草稿活动", template=district.campaign.template, scope=district.district, year=2027, by=None
    )
    district.import_job = ImportJob.objects.create(
        kind=RosterKind.MEMBERS, original_name="roster.xlsx", created_by=district.users["district_admin"]
    )
    district.survey = open_survey(district)
    (district.vote_code,) = vote_codes_issue(
        survey=district.survey,
        count=1,
        expires_at=timezone.now() + timedelta(days=1),
        by=district.users["street_staff"],
    )
    return district


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
            url = reverse(name, kwargs=kwargs) + case.query.format(community=district.community.pk)
            response = getattr(client, case.method)(url, case.data)
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
