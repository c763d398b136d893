"""A crawl of every page, export and API list as each role finds no unmasked ID-card or phone number, neither in
the structured fields nor in the numbers people typed into free text."""

import io
import re
from collections import deque
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import openpyxl
import pypdf
import pytest
from django.utils import timezone

from evaluations.models import (
    DepartmentOpinion,
    Evaluation,
    EvaluationResult,
    EvaluationStatus,
    Evidence,
    Notification,
    Objection,
    QuotaPenalty,
    RecommendedEntry,
    RecommendedList,
    Transition,
    VetoHit,
)
from evaluations.services.campaigns import personalized_items_set
from orgs.models import Department, ImportJob
from tests.factories import MemberFactory, ScoreFactory, SecretaryFactory, make_id_card
from tests.support.evaluations import at_stage
from tests.support.publicity import publicised

ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
API_STARTS = [
    "/api/v1/organizations/",
    "/api/v1/members/",
    "/api/v1/secretaries/",
    "/api/v1/me/",
    "/api/v1/evaluations/",
    "/api/v1/transitions/",
    "/api/v1/objections/",
    "/api/v1/opinions/",
    "/api/v1/recommended-lists/",
    "/api/v1/reward-entries/",
]
MAX_PAGES = 300
SKIPPED = ("/accounts/logout/", "/static/", "/api/v1/schema/", "/api/v1/docs/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "hx-get"):
            if attributes.get(name):
                self.links.append(attributes[name])


def readable_text(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if "application/pdf" in content_type:
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8-sig", errors="replace")


def crawl(client) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(["/", "/orgs/", "/members/", *API_STARTS])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(SKIPPED):
            continue
        response = client.get(url)
        if response.status_code != 200:
            seen[url] = ""
            continue
        text = readable_text(response)
        seen[url] = text
        if "text/html" in response.get("Content-Type", ""):
            parser = Links()
            parser.feed(text)
            for link in parser.links:
                absolute = urljoin(url, link)
                parsed = urlparse(absolute)
                if parsed.netloc in ("", "testserver"):
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return seen


def typed_mobile(serial: int) -> str:
    return f"1380013{serial:04d}"


def masked_mobile(serial: int) -> str:
    return f"138****{serial:04d}"


def plant_free_text(district) -> dict[str, str]:
    """A number typed into every kind of free text of a publicised evaluation; returns, by field, its masked form."""
    campaign, evaluation = publicised(district)
    staff = district.users["street_staff"]
    veto_item = evaluation.template.items.filter(is_veto=True).first()
    leaf = evaluation.template.items.filter(is_leaf=True, is_veto=False).exclude(level="dimension").first()
    id_card = make_id_card(777)
    typed = {
        "objection text": f"书记不在岗，请回电{typed_mobile(1)}。",
        "objection name": f"王{typed_mobile(2)}",
        "objection answer": f"已电话{typed_mobile(3)}回复",
        "score note": f"联系人身份证{id_card}，电话{typed_mobile(4)}",
        "veto note": f"举报人{typed_mobile(5)}",
        "evidence name": f"台账{typed_mobile(6)}.pdf",
        "return reason": f"请补充，联系{typed_mobile(7)}",
        "opinion note": f"信访人{typed_mobile(8)}",
        "penalty reason": f"督查人{typed_mobile(9)}",
        "recommended note": f"经核实{typed_mobile(10)}",
        "notification": f"请回电{typed_mobile(11)}",
        "explanation": f"备注{typed_mobile(12)}",
        "floating member place": f"广东深圳，联系{typed_mobile(13)}",
        "import file name": f"名册{typed_mobile(14)}.xlsx",
        "import problem": f"“{typed_mobile(15)}”不是日期",
        "personalised sub-item name": f"老旧小区改造（联系{typed_mobile(16)}）",
        "personalised sub-item standard": f"核实人{typed_mobile(17)}",
        "withdrawal reason": f"已撤销建制，联系{typed_mobile(18)}",
    }
    personalized_items_set(
        campaign=campaign,
        organization=district.community,
        items=[
            {
                "parent_code": "E1",
                "code": "E1.1",
                "name": typed["personalised sub-item name"],
                "points": "6",
                "standard": typed["personalised sub-item standard"],
            },
            {"parent_code": "E1", "code": "E1.2", "name": "垃圾分类", "points": "4"},
            {"parent_code": "E2", "code": "E2.1", "name": "党员群众综合测评", "points": "6"},
            {"parent_code": "E3", "code": "E3.1", "name": "特色亮点", "points": "4"},
        ],
        by=None,
    )
    Objection.objects.create(
        evaluation=evaluation,
        text=typed["objection text"],
        name=typed["objection name"],
        answer=typed["objection answer"],
        answered_by=staff,
        answered_at=timezone.now(),
    )
    at_stage(evaluation, "self_assessment")
    ScoreFactory(evaluation=evaluation, code=leaf.code, points=str(leaf.points_max), note=typed["score note"])
    at_stage(evaluation, "publicity")
    VetoHit.objects.create(evaluation=evaluation, veto_item=veto_item, stage="review", note=typed["veto note"])
    Evidence.objects.create(
        evaluation=evaluation,
        item=leaf,
        stage="self_assessment",
        file="evidence/planted.pdf",
        original_name=typed["evidence name"],
        content_type="application/pdf",
        size=10,
    )
    Transition.objects.create(evaluation=evaluation, action="return", reason=typed["return reason"], by=staff)
    DepartmentOpinion.objects.create(
        evaluation=evaluation,
        department=Department.objects.get(code="discipline"),
        kind="concern",
        note=typed["opinion note"],
    )
    QuotaPenalty.objects.create(campaign=campaign, street=district.street, points=3, reason=typed["penalty reason"])
    recommended = RecommendedList.objects.create(campaign=campaign, five_star_cap=Decimal(20))
    RecommendedEntry.objects.create(
        recommended_list=recommended,
        evaluation=evaluation,
        rank=1,
        total=Decimal("92.5"),
        computed_stars=4,
        stars=3,
        note=typed["recommended note"],
    )
    withdrawn = Evaluation.objects.get(campaign=campaign, organization=district.sibling_community)
    withdrawn.status, withdrawn.withdrawn_reason = EvaluationStatus.WITHDRAWN, typed["withdrawal reason"]
    withdrawn.save(update_fields=["status", "withdrawn_reason"])
    for user in district.users.values():
        Notification.objects.create(user=user, key="planted", text=typed["notification"], url="/")
    EvaluationResult.objects.filter(evaluation=evaluation).update(explanation={"lines": [typed["explanation"]]})
    MemberFactory(
        branch=district.branch, name="流动党员", category="floating", floating_origin=typed["floating member place"]
    )
    ImportJob.objects.create(
        kind="members",
        file="imports/planted.xlsx",
        original_name=typed["import file name"],
        status="failed",
        errors=[{"row": 2, "column": "出生日期", "reason": typed["import problem"], "kind": "cell"}],
        created_by=district.users["district_admin"],
    )
    masked = {field: masked_mobile(serial) for serial, field in enumerate(typed, start=1)}
    masked["score note ID-card"] = id_card[:6] + "*" * 8 + id_card[-4:]
    return masked


@pytest.fixture
def populated(district):
    for number in range(5):
        MemberFactory(branch=district.branch, name=f"成员{number}")
        MemberFactory(branch=district.other_branch, name=f"外街{number}")
    SecretaryFactory(organization=district.community, id_card=make_id_card(901))
    district.planted = plant_free_text(district)
    return district


@pytest.mark.parametrize(
    "role",
    ["district_admin", "district_approver", "department_reviewer", "street_staff", "org_admin", "member", "superuser"],
)
def test_no_page_export_or_api_answer_shows_a_full_number(role, populated, client):
    client.force_login(populated.users[role])
    pages = crawl(client)
    assert len([text for text in pages.values() if text]) >= 4
    leaks = []
    for url, text in pages.items():
        for pattern in (ID_CARD, PHONE):
            leaks.extend(f"{url}: {match}" for match in pattern.findall(text))
    assert not leaks, "\n".join(leaks)


def test_the_crawl_finds_every_planted_free_text_and_only_masked(populated, client):
    shown = ""
    for role in ("district_admin", "street_staff", "superuser"):
        client.force_login(populated.users[role])
        shown += "\n".join(crawl(client).values())
    missing = [field for field, masked in populated.planted.items() if masked not in shown]
    assert not missing, f"the crawl never reached: {missing}"


def test_the_crawl_reaches_exports_and_member_pages(populated, client):
    client.force_login(populated.users["district_admin"])
    pages = crawl(client)
    assert any(url.startswith("/rosters/export/") and text for url, text in pages.items())
    assert any(url.startswith("/members/") and url.rstrip("/").split("/")[-1].isdigit() for url in pages)
