"""Every URL name and API route, for every role and a user of another street.

Another street's object answers 404, a missing permission 403, anonymous goes to login (pages) or
gets 401/403 (API). A URL name without an expectation here fails the test.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evaluations.models import Transition
from evaluations.services.votes.codes import vote_codes_issue
from orgs.models import AuditAction, AuditEvent, ImportJob, RosterKind
from tests.support.evaluations import evaluation_of
from tests.support.votes import open_survey

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
    data: object = field(default_factory=dict)  # a dict, or callable(district) -> dict
    expected: dict = field(default_factory=dict)


DISTRICT_ROLES = ["district_admin", "district_approver", "department_reviewer", "superuser"]
API_ANONYMOUS = (401, 403)


def _objection(district):
    """One objection on the community's evaluation, made once per test district."""
    from evaluations.models import Objection

    if not hasattr(district, "objection"):
        district.objection = Objection.objects.create(evaluation=district.evaluation, text="异议")
    return district.objection


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
            # A draft has no evaluation yet: below the district nobody takes part in it, so it is not found.
            expected=only(
                ["district_admin", "superuser"],
                out_of_scope=["street_staff", "org_admin", "member", "outsider", "nobody"],
                ok=302,
            ),
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
    # The street's review: the live preview, transitions, the street list with its bulk submit, the ledger.
    "evaluation_preview": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.evaluation.pk},
            query="?stage=review",
            expected=only(
                ["district_admin", "street_staff", "superuser"], out_of_scope=["member", "outsider", "nobody"]
            ),
        )
    ],
    "evaluation_transition": [
        # A return without a reason: refused (400) for whoever sees the evaluation, and nothing changes.
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.evaluation.pk},
            data={"action": "return"},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"], out_of_scope=["member", "outsider", "nobody"], ok=400
            ),
        )
    ],
    "campaign_streets": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(
                ["district_admin", "street_staff", "outsider", "superuser"], out_of_scope=["member", "nobody"]
            ),
        )
    ],
    "street_submit_reviewed": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.campaign.pk, "street_pk": d.street.pk},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
                ok=302,
            ),
        )
    ],
    "street_ledger": [
        Case(
            kwargs=lambda d, fmt=fmt: {"pk": d.campaign.pk, "street_pk": d.street.pk, "fmt": fmt},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
            ),
        )
        for fmt in ("xlsx", "pdf")
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
    # Publicity: the public page needs no login; the street's pages need RUN_PUBLICITY over the street.
    "publicity_public": [
        Case(
            kwargs=lambda d: {"campaign_id": d.campaign.pk, "street_code": d.street.code},
            expected={"anonymous": 200, **dict.fromkeys(LOGGED_IN, 200)},
        ),
        Case(
            kwargs=lambda d: {"campaign_id": d.campaign.pk, "street_code": d.community.code},
            expected={"anonymous": 404, **dict.fromkeys(LOGGED_IN, 404)},
        ),
    ],
    "publicity_manage": [
        Case(
            kwargs=lambda d: {"campaign_id": d.campaign.pk, "street_code": d.street.code},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
            ),
        )
    ],
    "publicity_notice": [
        Case(
            kwargs=lambda d: {"campaign_id": d.campaign.pk, "street_code": d.street.code},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
            ),
        )
    ],
    "publicity_close": [
        Case(
            method="post",
            kwargs=lambda d: {"campaign_id": d.campaign.pk, "street_code": d.street.code},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
                ok=302,
            ),
        )
    ],
    "objection_answer": [
        Case(
            method="post",
            # An empty answer: allowed roles are sent back with the message, nothing changes.
            kwargs=lambda d: {"pk": _objection(d).pk},
            expected=only(
                ["district_admin", "street_staff", "superuser"],
                out_of_scope=["member", "outsider", "nobody"],
                ok=302,
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
    "api-stage-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
    "api-stage-detail": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.stages.first().pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin", "outsider"],
                out_of_scope=["member", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
    "api-transition-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            # The sibling community's evaluation waits at the street review: only its street moves it on.
            data=lambda d: {
                "evaluation": d.review_to_submit.pk,
                "action": "submit",
                "version": 0,
            },
            expected=only(
                ["street_staff", "superuser"],
                out_of_scope=["org_admin", "member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
                ok=201,
            ),
        ),
    ],
    "api-transition-detail": [
        Case(
            kwargs=lambda d: {"pk": d.transition.pk},
            expected=only(
                [*DISTRICT_ROLES, "street_staff", "org_admin"],
                out_of_scope=["member", "outsider", "nobody"],
                anonymous=API_ANONYMOUS,
            ),
        )
    ],
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
    # The joint review ("X+2"): set-up and overview by the district, opinions by a department's reviewer.
    "campaign_stages": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(["district_admin", "superuser"], out_of_scope=["member", "nobody"]),
        )
    ],
    "consultation_opinions": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(["department_reviewer", "superuser"], out_of_scope=["member", "nobody"]),
        )
    ],
    "consultation_overview": [
        Case(
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(["district_admin", "superuser"], out_of_scope=["member", "nobody"]),
        )
    ],
    "consultation_close": [
        Case(
            method="post",
            kwargs=lambda d: {"pk": d.campaign.pk},
            expected=only(["district_admin", "superuser"], out_of_scope=["member", "nobody"], ok=302),
        )
    ],
}


def _street_staff_notification(district):
    """A notification of the street staff: only its own user may mark it read."""
    from evaluations.models import Notification

    notification, _created = Notification.objects.get_or_create(
        user=district.users["street_staff"], key="matrix", defaults={"text": "公示期已满", "url": "/worklist/"}
    )
    return notification


# Work lists, notifications and the history of an evaluation.
CASES.update(
    {
        "worklist": [Case(expected=everyone(200))],
        "notification_list": [Case(expected=everyone(200))],
        "notification_read": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _street_staff_notification(d).pk},
                expected=only(
                    ["street_staff"], out_of_scope=[role for role in LOGGED_IN if role != "street_staff"], ok=302
                ),
            )
        ],
        "notifications_read_all": [Case(method="post", expected=everyone(302))],
        "evaluation_history": [
            Case(
                kwargs=lambda d: {"pk": d.evaluation.pk},
                expected=only(
                    [*DISTRICT_ROLES, "street_staff", "org_admin"], out_of_scope=["member", "outsider", "nobody"]
                ),
            )
        ],
    }
)


def _approval_campaign(district):
    """A campaign waiting for approval, with a draft recommended list and a quota penalty (built once per test)."""
    campaign = getattr(district, "approval_campaign", None)
    if campaign is None:
        from evaluations.services.approval import five_star_cap_set, quota_penalty_set, recommended_list_build
        from tests.support.approval import campaign_awaiting_approval

        admin = district.users["district_admin"]
        campaign = campaign_awaiting_approval(district, template=district.campaign.template)
        five_star_cap_set(campaign=campaign, cap="100", by=admin)
        recommended_list_build(campaign=campaign, by=admin)
        quota_penalty_set(campaign=campaign, street=district.street, points="3", reason="日常考核靠后", by=admin)
        district.approval_campaign = campaign
    return campaign


def _approval_entry(district):
    from evaluations.models import RecommendedEntry

    campaign = _approval_campaign(district)
    return RecommendedEntry.objects.get(
        recommended_list__campaign=campaign, evaluation__organization=district.community
    )


def _approval_penalty(district):
    from evaluations.models import QuotaPenalty

    return QuotaPenalty.objects.get(campaign=_approval_campaign(district))


# The ranking, the recommended list and the approval: the district organization department builds, the committee
# approves (both see the ranking); everyone who sees the campaign sees the published results.
_RANKING_ROLES = ["district_admin", "district_approver", "superuser"]
_CAMPAIGN_OUT_OF_SCOPE = ["member", "nobody"]
CASES.update(
    {
        "campaign_ranking": [
            Case(
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(_RANKING_ROLES, out_of_scope=_CAMPAIGN_OUT_OF_SCOPE),
            )
        ],
        "campaign_ranking_export": [
            Case(
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(_RANKING_ROLES, out_of_scope=_CAMPAIGN_OUT_OF_SCOPE),
            )
        ],
        "recommended_list": [
            Case(
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(_RANKING_ROLES, out_of_scope=_CAMPAIGN_OUT_OF_SCOPE),
            )
        ],
        "recommended_list_build": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(["district_admin", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "recommended_entry_stars": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_entry(d).pk},
                data={"stars": "4", "note": "降星"},
                expected=only(["district_admin", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "five_star_cap_set": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                data={"five_star_cap": "100"},
                expected=only(["district_admin", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "quota_penalty_set": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                data={"street": "0", "points": "4", "reason": "靠后"},
                expected=only(["district_admin", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "quota_penalty_delete": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_penalty(d).pk},
                expected=only(["district_admin", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "recommended_list_submit": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(["district_admin", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "recommended_list_withdraw": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                data={"reason": "补充材料"},
                expected=only(_RANKING_ROLES, out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "recommended_list_approve": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(["district_approver", "superuser"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, ok=302),
            )
        ],
        "published_results": [
            Case(
                kwargs=lambda d: {"pk": _approval_campaign(d).pk},
                expected=only(
                    [*DISTRICT_ROLES, "street_staff", "org_admin", "outsider"], out_of_scope=_CAMPAIGN_OUT_OF_SCOPE
                ),
            )
        ],
    }
)


def _opinion(district):
    """One department's opinion on the community's evaluation, made once per test district."""
    from evaluations.models import DepartmentOpinion
    from orgs.models import Department

    if not hasattr(district, "opinion"):
        district.opinion = DepartmentOpinion.objects.create(
            evaluation=district.evaluation,
            department=Department.objects.get(code="discipline"),
            kind="no_objection",
            given_by=district.users["department_reviewer"],
        )
    return district.opinion


def _recommended_list(district):
    from evaluations.models import RecommendedList

    return RecommendedList.objects.get(campaign=_approval_campaign(district))


# The API of objections, opinions and the recommended list follows the pages' scopes. The actions on the list send
# a stale version: a role allowed to act reaches the service and is told the list changed (409), whatever the page
# cases before did to the list.
_STALE_VERSION = {"version": 10**6}
CASES.update(
    {
        "api-objection-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
        "api-objection-detail": [
            Case(
                kwargs=lambda d: {"pk": _objection(d).pk},
                expected=only(
                    [*DISTRICT_ROLES, "street_staff", "org_admin"],
                    out_of_scope=["member", "outsider", "nobody"],
                    anonymous=API_ANONYMOUS,
                ),
            )
        ],
        "api-objection-answer": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _objection(d).pk},
                data={"answer": "经核实，材料齐全。"},
                expected=only(
                    ["district_admin", "street_staff", "superuser"],
                    out_of_scope=["member", "outsider", "nobody"],
                    anonymous=API_ANONYMOUS,
                ),
            )
        ],
        "api-opinion-list": [
            Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
            Case(
                method="post",
                # The evaluation is not at the consultation stage: a reviewer (and a superuser, who belongs to no
                # department) reaches the service and is refused with its message.
                data=lambda d: {"evaluation": d.evaluation.pk, "kind": "no_objection"},
                expected=only(
                    ["department_reviewer", "superuser"],
                    out_of_scope=["member", "outsider", "nobody"],
                    anonymous=API_ANONYMOUS,
                    ok=400,
                ),
            ),
        ],
        "api-opinion-detail": [
            Case(
                kwargs=lambda d: {"pk": _opinion(d).pk},
                expected=only(
                    ["district_admin", "department_reviewer", "superuser"],
                    out_of_scope=["member", "outsider", "nobody"],
                    anonymous=API_ANONYMOUS,
                ),
            )
        ],
        "api-recommended-list-list": [Case(expected=everyone(200, anonymous=API_ANONYMOUS))],
        "api-recommended-list-detail": [
            Case(
                kwargs=lambda d: {"pk": _recommended_list(d).pk},
                expected=only(_RANKING_ROLES, out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, anonymous=API_ANONYMOUS),
            )
        ],
        "api-recommended-list-submit": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _recommended_list(d).pk},
                data=_STALE_VERSION,
                expected=only(
                    ["district_admin", "superuser"],
                    out_of_scope=_CAMPAIGN_OUT_OF_SCOPE,
                    anonymous=API_ANONYMOUS,
                    ok=409,
                ),
            )
        ],
        "api-recommended-list-withdraw": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _recommended_list(d).pk},
                data={**_STALE_VERSION, "reason": "补充材料"},
                expected=only(_RANKING_ROLES, out_of_scope=_CAMPAIGN_OUT_OF_SCOPE, anonymous=API_ANONYMOUS, ok=409),
            )
        ],
        "api-recommended-list-approve": [
            Case(
                method="post",
                kwargs=lambda d: {"pk": _recommended_list(d).pk},
                data=_STALE_VERSION,
                expected=only(
                    ["district_approver", "superuser"],
                    out_of_scope=_CAMPAIGN_OUT_OF_SCOPE,
                    anonymous=API_ANONYMOUS,
                    ok=409,
                ),
            )
        ],
    }
)

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
    from evaluations.services.evidence import evidence_add
    from tests.factories import SecretaryFactory, make_id_card
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
