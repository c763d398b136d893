"""Rectification to close-out: everyone reads the list and the ledger in their own scope; the level above (the street
over the community, the district) opens cases and checks them; the community reports progress and submits; whoever
sees the community reads a case and its evidence; the API alike."""

from evaluations.models import RectificationCase
from tests.permissions.expectations import (
    API_ANONYMOUS,
    OUTSIDE_OF_COMMUNITY,
    Case,
    community_scope,
    everyone,
    only,
    pk_of,
)
from tests.support.rectification import case_on, evidence_file, ready_case, submitted_case

# Who opens and checks a case of the community: the street above it and the district; who works on it: the
# community's administrator (and the district administrator, who holds every capability of the organization).
LEVEL_ABOVE = ["district_admin", "street_staff", "superuser"]
ORGANIZATION_SIDE = ["district_admin", "org_admin", "superuser"]
# Opening a case: the street staff of either street and the district, each below its own level.
OPENERS = [*LEVEL_ABOVE, "outsider"]


def _once(name: str, build):
    def built(district) -> RectificationCase:
        if not hasattr(district, name):
            setattr(district, name, build(district))
        return getattr(district, name)

    return built


open_case = _once("rectification_open", case_on)
reported_case = _once("rectification_ready", ready_case)
page_submitted = _once("rectification_page_submitted", submitted_case)
api_submitted = _once("rectification_api_submitted", submitted_case)
api_to_close = _once("rectification_api_to_close", submitted_case)


def _evidence(district):
    return {"pk": reported_case(district).events.get(step="progress").evidence.get().pk}


def _opened(district) -> dict:
    return {
        "organization": str(district.community.pk),
        "kind": "task_list",
        "year": "2026",
        "title": "阵地建设不达标",
        "description": "党群服务中心未挂牌",
        "tasks": "挂牌\n完善制度上墙",
        "deadline": "2099-06-30",
        "owner_name": "王书记",
    }


def _api_opened(district) -> dict:
    data = _opened(district)
    return data | {"tasks": ["挂牌", "完善制度上墙"]}


def _progress(district) -> dict:
    return {"action": "progress", "note": "已整改", "evidence": evidence_file()}


def _side(allowed, *, ok, anonymous=None):
    extra = {} if anonymous is None else {"anonymous": anonymous}
    return only(allowed, out_of_scope=OUTSIDE_OF_COMMUNITY, ok=ok, **extra)


CASES = {
    "evaluations:rectification_list": [
        Case(expected=everyone(200)),
        Case(query="?overdue=on&status=open&sort=-deadline", expected=everyone(200)),
    ],
    "evaluations:rectification_export": [Case(expected=everyone(200))],
    "evaluations:rectification_open": [
        Case(expected=only(OPENERS)),
        # The other street's staff opens nothing on this community: it is not among their organizations.
        Case(method="post", data=_opened, expected=only(LEVEL_ABOVE, ok=302) | {"outsider": 400}),
    ],
    "evaluations:rectification_detail": [
        Case(kwargs=pk_of(open_case), expected=community_scope()),
        Case(method="post", kwargs=pk_of(open_case), data=_progress, expected=_side(ORGANIZATION_SIDE, ok=302)),
        # The community cannot close out its own case: 403 with the reason, audited.
        Case(
            method="post",
            kwargs=pk_of(page_submitted),
            data={"action": "close", "note": "核查通过"},
            expected=_side(LEVEL_ABOVE, ok=302),
        ),
    ],
    "evaluations:rectification_evidence": [Case(kwargs=_evidence, expected=community_scope())],
    "api-rectification-case-list": [
        Case(expected=everyone(200, anonymous=API_ANONYMOUS)),
        Case(
            method="post",
            data=_api_opened,
            expected=only(LEVEL_ABOVE, ok=201, out_of_scope=OUTSIDE_OF_COMMUNITY, anonymous=API_ANONYMOUS),
        ),
    ],
    "api-rectification-case-detail": [Case(kwargs=pk_of(open_case), expected=community_scope(anonymous=API_ANONYMOUS))],
    "api-rectification-case-progress": [
        Case(
            method="post",
            kwargs=pk_of(open_case),
            data={"note": "已整改"},
            expected=_side(ORGANIZATION_SIDE, ok=200, anonymous=API_ANONYMOUS),
        )
    ],
    "api-rectification-case-submit": [
        Case(
            method="post",
            kwargs=pk_of(reported_case),
            data={"note": ""},
            expected=_side(ORGANIZATION_SIDE, ok=200, anonymous=API_ANONYMOUS),
        )
    ],
    "api-rectification-case-send-back": [
        Case(
            method="post",
            kwargs=pk_of(api_submitted),
            data={"reason": "材料不全"},
            expected=_side(LEVEL_ABOVE, ok=200, anonymous=API_ANONYMOUS),
        )
    ],
    "api-rectification-case-close": [
        Case(
            method="post",
            kwargs=pk_of(api_to_close),
            data={"note": "核查通过"},
            expected=_side(LEVEL_ABOVE, ok=200, anonymous=API_ANONYMOUS),
        )
    ],
}
