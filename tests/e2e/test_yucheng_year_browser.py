"""In a real Chromium, one Yucheng 五星争创 year of a street's two communities, driven through the pages:
self-assessment and declared stars → satisfaction votes (a resident with a QR code on a phone, a member logged
in) → the street's review item by item → publicity with an objection, answered, closed after three days →
the departments' joint review with a veto → the district ranking, the recommended list and its checks → the
committee's approval and the published results, whose stars follow from the scores typed (4+1: a dimension of
20 points lights a star at ≥ 18 unless a veto item of it is hit; five stars need a fair-or-above share ≥ 70%).
"""

import io
import re
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from evaluations.models import Evaluation, EvaluationStatus, Objection
from evaluations.rules.workflow import StageKind
from orgs.models import Organization
from orgs.permissions import assign_role
from orgs.roles import Role
from scoring.models import IndicatorItem, ItemLevel
from tests.e2e.browser_support import sign_in
from tests.factories import UserFactory, build_district
from tests.support.evaluations import evaluation_of, full_marks, open_community_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
STAR_THRESHOLD = Decimal(18)
GATE_SHARE = Decimal("0.7")

# What the street's review changes, item by item, of each community's full-marks self-assessment.
COMMUNITY_REVIEW = {"A1.1": "1.5", "C1.1": "2"}  # A 19.5, C 19: both still light their star
SIBLING_REVIEW = {"B1.2": "0.5", "D1.1": "1"}  # B 18, D 18: exactly at the threshold, both still lit
VETO = ("V07", "全年未召开组织生活会", "C")  # the department's veto: a veto item of dimension C


def _number(value) -> str:
    return format(Decimal(value).normalize(), "f")


def expected_stars(values: dict[str, str], dimension_of: dict[str, str], *, share, vetoed=()) -> int:
    """Yucheng 4+1 from the typed points: a star per dimension at ≥ 18 without a veto; five need share ≥ 70%."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for code, points in values.items():
        totals[dimension_of[code]] += Decimal(points)
    assert len(totals) == 5
    lit = sum(1 for dimension, total in totals.items() if total >= STAR_THRESHOLD and dimension not in vetoed)
    if lit == 5 and (share is None or share < GATE_SHARE):
        return 4
    return lit


def message(page):
    return page.locator(".messages")


def type_points(page, values: dict[str, str], total: str) -> None:
    for code, points in values.items():
        page.locator(f'input[name="points-{code}"]').fill(points)
    expect(page.locator("#total-overall")).to_have_text(total)


def self_assess(page, live_server, evaluation, values: dict[str, str], total: str, *, screenshot=None) -> None:
    """The community types every item on the score-entry page, declares five stars, saves and submits."""
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    page.get_by_role("link", name="填写自评").click()
    page.wait_for_url("**/scores/?stage=self_assessment")
    type_points(page, values, total)
    page.select_option("#declared_stars", "5")
    page.click("#save-draft")
    expect(message(page)).to_contain_text("已保存")
    expect(page.locator("#declared_stars")).to_have_value("5")
    if screenshot:
        screenshot("yucheng-1-score-entry")
    page.click("#submit-self-assessment")
    page.wait_for_url(f"{live_server.url}/evaluations/{evaluation.pk}/")
    expect(message(page)).to_contain_text("自评已提交，等待街道党工委复核。")
    expect(page.locator("#current-stage")).to_have_text("复核")


def open_survey_and_issue_a_code(page, live_server, organization_name: str) -> tuple[str, int]:
    """The street opens an evaluation's satisfaction survey and downloads the QR sheet of one code."""
    page.goto(f"{live_server.url}/surveys/")
    page.locator("details.card summary").click()
    page.locator("details.card li", has_text=organization_name).get_by_role("link", name="开启满意度测评").click()
    page.wait_for_url("**/surveys/new/")
    page.get_by_role("button", name="开启测评").click()
    expect(message(page)).to_contain_text("满意度测评已开启。")
    survey_pk = int(re.search(r"/surveys/(\d+)/$", page.url).group(1))
    page.fill("#id_count", "1")
    with page.expect_download() as download:
        page.get_by_role("button", name="生成测评码并下载二维码（PDF）").click()
    text = "".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    (code,) = re.findall(r"/v/([A-Za-z0-9_-]{22,64})/", text)
    return code, survey_pk


def resident_votes(browser, live_server, code: str, option: str, screenshot_path) -> None:
    """A resident scans the QR code with a phone (no script needed) and votes once."""
    phone = browser.new_context(**PHONE, java_script_enabled=False)
    resident = phone.new_page()
    resident.goto(f"{live_server.url}/v/{code}/")
    assert resident.url == f"{live_server.url}/v/"
    resident.get_by_label(option, exact=True).check()
    if screenshot_path:
        resident.screenshot(path=str(screenshot_path), full_page=True)
    resident.get_by_role("button", name="提交").click()
    resident.wait_for_url(f"{live_server.url}/v/thanks/")
    expect(resident.get_by_role("heading", name="感谢您的参与")).to_be_visible()
    phone.close()


def close_survey(page, live_server, survey_pk: int, fair_share: str) -> None:
    page.goto(f"{live_server.url}/surveys/{survey_pk}/")
    page.get_by_role("button", name="关闭测评").click()
    expect(message(page)).to_contain_text("满意度测评已关闭。")
    expect(page.locator("dl.facts").nth(1)).to_contain_text(fair_share)


def review(page, live_server, evaluation, values: dict[str, str], total: str, changed: dict[str, str], self_points):
    """The street re-types every item on the review page beside the self-assessed points and saves."""
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/")
    page.get_by_role("link", name="填写复核").click()
    page.wait_for_url("**/scores/?stage=review")
    expect(page.locator("#declared-stars")).to_have_text("申报星级：5星")
    expect(page.locator("#self-total")).to_have_text("100")
    for code in changed:
        expect(page.locator(f'[id="self-{code}"]')).to_have_text(self_points[code])
    type_points(page, values, total)
    # How the changed items were checked: on site for the first, documents and an interview for the second.
    first, second = changed
    page.locator(f'input[name="check-{first}"][value="on_site"]').check()
    page.locator(f'input[name="check-{second}"][value="documents"]').check()
    page.locator(f'input[name="check-{second}"][value="interview"]').check()
    page.locator(f'input[name="note-{first}"]').fill("实地查看：一个网格党支部未按期换届")
    page.click("#save-draft")
    expect(message(page)).to_contain_text("已保存")
    expect(page.locator("#total-overall")).to_have_text(total)
    expect(page.locator(f'input[name="check-{first}"][value="on_site"]')).to_be_checked()
    expect(page.locator(f'input[name="check-{second}"][value="interview"]')).to_be_checked()
    expect(page.locator(f'input[name="check-{second}"][value="on_site"]')).not_to_be_checked()


def row_of(page, name: str):
    return page.locator("table.data tbody tr", has_text=name)


def test_one_yucheng_year_of_a_street_through_the_pages(own_cache, live_server, browser, page, screenshot):
    # Set-up no page does: the district and its accounts, the Yucheng template, the campaign opened; the
    # second community gets an account of its own to self-assess with.
    district = build_district()
    campaign = open_community_campaign(district)
    community = evaluation_of(campaign, district.community)
    sibling = evaluation_of(campaign, district.sibling_community)
    sibling_admin = UserFactory(username="sibling_admin")
    assign_role(
        user=sibling_admin,
        role=Role.ORG_ADMIN,
        organization=Organization.objects.get(pk=district.sibling_community.pk),
    )
    dimension_of = dict(
        IndicatorItem.objects.filter(template=campaign.template, is_leaf=True)
        .exclude(level=ItemLevel.DIMENSION)
        .values_list("code", "dimension_code")
    )
    self_values = {code: _number(points) for code, points in full_marks(campaign.template).items()}
    community_review = {**self_values, **COMMUNITY_REVIEW}
    sibling_review = {**self_values, **SIBLING_REVIEW}
    community_total = _number(sum(Decimal(points) for points in community_review.values()))
    sibling_total = _number(sum(Decimal(points) for points in sibling_review.values()))
    assert (community_total, sibling_total) == ("98.5", "96")
    ARTIFACTS.mkdir(exist_ok=True)

    # 1. Each community self-assesses item by item, declares five stars and submits.
    sign_in(page, live_server, "org_admin")
    self_assess(page, live_server, community, self_values, "100", screenshot=screenshot)
    sign_in(page, live_server, "sibling_admin")
    self_assess(page, live_server, sibling, self_values, "100")

    # 2. The satisfaction votes, during the street's review: the street opens a survey per community and
    # issues one QR code each; a resident votes on a phone with each code, the member votes logged in.
    sign_in(page, live_server, "street_staff")
    community_code, community_survey = open_survey_and_issue_a_code(page, live_server, district.community.name)
    sibling_code, sibling_survey = open_survey_and_issue_a_code(page, live_server, district.sibling_community.name)
    resident_votes(browser, live_server, community_code, "较满意", ARTIFACTS / "yucheng-2-vote-phone.png")
    resident_votes(browser, live_server, sibling_code, "不满意", None)
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/surveys/")
    page.locator(f'a[href="/surveys/{community_survey}/vote/"]').click()
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url(f"{live_server.url}/v/thanks/")
    sign_in(page, live_server, "street_staff")
    close_survey(page, live_server, community_survey, "100%")  # 满意 + 较满意: all fair or above
    close_survey(page, live_server, sibling_survey, "0%")  # 不满意: below 70%, five stars are out of reach
    community_share, sibling_share = Decimal(1), Decimal(0)

    # 3. The street reviews item by item beside the self-assessed points, records how it checked, saves.
    community_stars = expected_stars(community_review, dimension_of, share=community_share)
    sibling_stars = expected_stars(sibling_review, dimension_of, share=sibling_share)
    assert (community_stars, sibling_stars) == (5, 4)
    review(page, live_server, community, community_review, community_total, COMMUNITY_REVIEW, self_values)
    expect(page.locator("#preview-stars")).to_have_text(str(community_stars))
    screenshot("yucheng-3-review")
    review(page, live_server, sibling, sibling_review, sibling_total, SIBLING_REVIEW, self_values)
    expect(page.locator("#preview-stars")).to_have_text(str(sibling_stars))
    expect(page.locator("#preview-why")).to_contain_text("70%")

    # The community's review goes on through the transition panel, the other one with the street's bulk submit.
    page.goto(f"{live_server.url}/evaluations/{community.pk}/")
    page.locator("#transition-submit").click()
    expect(message(page)).to_contain_text("该评定现处于“公示”环节。")
    expect(page.locator("#current-stage")).to_have_text("公示")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    page.locator("#street-review-link a").click()
    page.locator(f"#street-{district.street.pk}").get_by_role("button", name="提交全部已复核").click()
    expect(message(page)).to_contain_text(f"已复核的 1 个评定已提交下一环节：{district.sibling_community.name}")

    # 4. Publicity: a resident reads the proposed stars on a phone and objects; the street answers.
    public = live_server.url + reverse(
        "evaluations:publicity_public", kwargs={"campaign_id": campaign.pk, "street_code": district.street.code}
    )
    manage = live_server.url + reverse(
        "evaluations:publicity_manage", kwargs={"campaign_id": campaign.pk, "street_code": district.street.code}
    )
    phone = browser.new_context(**PHONE)
    resident = phone.new_page()
    resident.goto(public)
    publicised = resident.locator("#publicised")
    expect(publicised.locator("tr", has_text=district.community.name)).to_contain_text(f"{community_stars}星")
    expect(publicised.locator("tr", has_text=district.community.name)).to_contain_text(community_total)
    expect(publicised.locator("tr", has_text=district.sibling_community.name)).to_contain_text(f"{sibling_stars}星")
    resident.select_option("#id_evaluation", label=district.community.name)
    resident.fill("#id_text", "社区党群服务中心周末不开放")
    resident.fill("#id_contact", "13812345678")
    resident.get_by_role("button", name="提交异议").click()
    expect(resident.locator(".messages")).to_contain_text("您的异议已收到")
    resident.screenshot(path=str(ARTIFACTS / "yucheng-4-publicity-public.png"), full_page=True)
    phone.close()
    objection = Objection.objects.get()

    page.goto(manage)
    card = page.locator(f"#objection-{objection.pk}")
    expect(card).to_contain_text("社区党群服务中心周末不开放")
    expect(card).to_contain_text("138****5678")
    card.locator("textarea").fill("经核实，周末由党员志愿者轮值开放，异议不成立。")
    card.get_by_role("button", name="保存答复").click()
    expect(message(page)).to_contain_text(f"对{district.community.name}的异议已答复。")
    # Closing before three days is refused, naming each organization.
    page.get_by_role("button", name="结束公示").click()
    expect(message(page)).to_contain_text(f"{district.community.name}：公示不能结束")
    expect(message(page)).to_contain_text("公示期不少于 3 天")
    screenshot("yucheng-4-publicity-manage")

    # Three days later (the idle session has expired by then: log in again) the street closes the publicity;
    # the rest of the year happens after that.
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=5), tick=True):
        sign_in(page, live_server, "street_staff")
        page.goto(manage)
        page.get_by_role("button", name="结束公示").click()
        expect(message(page)).to_contain_text(
            f"以下党组织已结束公示：{district.community.name}、{district.sibling_community.name}。"
        )

        # 5. The joint review: the district consults the departments; 纪检 vetoes the community naming a
        # veto item of dimension C and has no objection to the other; the other departments stay silent.
        sign_in(page, live_server, "district_admin")
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/stages/")
        expect(page.locator("#departments input[type=checkbox]:checked")).to_have_count(6)
        page.get_by_role("button", name="保存").click()
        expect(message(page)).to_contain_text("环节设置和联审部门已保存。")

        sign_in(page, live_server, "department_reviewer")
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/consultation/opinions/")
        vetoed_row = page.locator(f"#evaluation-{community.pk}")
        expect(vetoed_row.locator("td").nth(1)).to_have_text(str(community_stars))
        veto_code, veto_name, veto_dimension = VETO
        vetoed_row.locator('input[name="kind"][value="veto"]').check()
        vetoed_row.locator('select[name="veto_item"]').select_option(veto_code)
        vetoed_row.locator('textarea[name="note"]').fill("经查，该社区党委全年未召开组织生活会。")
        vetoed_row.get_by_role("button", name="保存意见").click()
        expect(message(page)).to_contain_text(f"对{district.community.name}的意见已保存。")
        other_row = page.locator(f"#evaluation-{sibling.pk}")
        other_row.locator('input[name="kind"][value="no_objection"]').check()
        other_row.get_by_role("button", name="保存意见").click()
        expect(message(page)).to_contain_text(f"对{district.sibling_community.name}的意见已保存。")
        vetoed_stars = expected_stars(community_review, dimension_of, share=community_share, vetoed={veto_dimension})
        assert vetoed_stars == community_stars - 1
        expect(page.locator(f"#evaluation-{community.pk} td").nth(1)).to_have_text(str(vetoed_stars))
        expect(page.locator(f"#evaluation-{sibling.pk} td").nth(1)).to_have_text(str(sibling_stars))
        screenshot("yucheng-5-consultation-opinions")

        # Before the deadline the silent departments hold both back; once it has passed, silence counts as no
        # objection and the district closes the consultation.
        sign_in(page, live_server, "district_admin")
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/consultation/")
        overview = page.locator(f"#consultation-overview #evaluation-{community.pk}")
        expect(overview).to_contain_text(f"否决：{veto_code} {veto_name}")
        expect(overview).to_contain_text("经查，该社区党委全年未召开组织生活会。")
        page.get_by_role("button", name="结束部门联审").click()
        expect(page.locator(".messages li.error")).to_have_count(2)
        page.get_by_role("link", name="环节与联审部门").click()
        past = timezone.localtime(timezone.now() - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
        page.get_by_label("截止时间 部门联审意见").fill(past)
        page.get_by_role("button", name="保存").click()
        expect(message(page)).to_contain_text("环节设置和联审部门已保存。")
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/consultation/")
        expect(page.locator(f"#consultation-overview #evaluation-{sibling.pk}")).to_contain_text(
            "逾期未反馈，视为无异议"
        )
        screenshot("yucheng-5-consultation-overview")
        page.get_by_role("button", name="结束部门联审").click()
        expect(message(page)).to_contain_text("2 个党组织已进入下一阶段。")
        assert set(
            Evaluation.objects.filter(pk__in=[community.pk, sibling.pk]).values_list("stage__kind", flat=True)
        ) == {StageKind.APPROVAL}

        # 6. The district ranks, builds the recommended list (its checks pass), submits it to the committee.
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/ranking/")
        expect(row_of(page, district.community.name).locator("td").nth(0)).to_have_text("1")
        expect(row_of(page, district.community.name).locator("td").nth(6)).to_have_text(str(vetoed_stars))
        expect(row_of(page, district.community.name).locator("td").nth(5)).to_have_text(community_total)
        expect(row_of(page, district.sibling_community.name).locator("td").nth(0)).to_have_text("2")
        expect(row_of(page, district.sibling_community.name).locator("td").nth(6)).to_have_text(str(sibling_stars))
        screenshot("yucheng-6-ranking")
        page.get_by_role("link", name="建议名单").first.click()
        page.get_by_role("button", name="生成建议名单").click()
        expect(message(page)).to_contain_text("建议名单已生成：共 2 个党组织。")
        expect(page.locator("ul.checks li.error")).to_have_count(0)
        expect(page.locator('ul.checks li[data-check="district"]')).to_contain_text("✓")
        expect(page.locator(f'ul.checks li[data-check="street-{district.street.pk}"]')).to_contain_text("✓")
        page.get_by_role("button", name="提交区委审定").click()
        expect(message(page)).to_contain_text("建议名单已提交区委审定。")
        screenshot("yucheng-6-recommended-list")

        # The district committee approves the whole list in one action.
        sign_in(page, live_server, "district_approver")
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/recommended/")
        page.get_by_role("button", name="审定建议名单（2 个党组织）").click()
        page.wait_for_url(f"{live_server.url}/campaigns/{campaign.pk}/results/")
        expect(message(page)).to_contain_text("建议名单已审定：结果已公布，不再变更。")

        # 7. The published results: the stars the typed scores, the votes and the veto give.
        expect(row_of(page, district.community.name).locator("td").nth(6)).to_have_text(str(vetoed_stars))
        expect(row_of(page, district.sibling_community.name).locator("td").nth(6)).to_have_text(str(sibling_stars))
        expect(page.locator("table.data tbody tr")).to_have_count(2)
        screenshot("yucheng-7-published-results")
        page.get_by_role("link", name=district.community.name).click()
        expect(page.locator("#result-stars")).to_have_text(str(vetoed_stars))
        expect(page.locator("#why")).to_contain_text(veto_name)

    approved = {e.pk: (e.status, e.approved_stars) for e in Evaluation.objects.filter(campaign=campaign)}
    assert approved[community.pk] == (EvaluationStatus.APPROVED, vetoed_stars)
    assert approved[sibling.pk] == (EvaluationStatus.APPROVED, sibling_stars)
    assert vetoed_stars == community_stars - 1
