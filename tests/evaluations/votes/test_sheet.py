"""Street staff open a survey, issue codes and print them as a PDF of QR codes with Chinese text."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluations.exports.vote_sheet import SheetEntry, SheetText, qr_image, vote_sheet_pdf
from evaluations.models import Survey, SurveyStatus, VoteCode
from evaluations.services.votes.codes import vote_code_hash, vote_code_new
from tests.factories import EvaluationFactory
from tests.support.votes import community_evaluation, open_survey

TEXT = SheetText("满意度测评 · 东城第一社区党委", "有效期至 2026-12-31", "请用手机扫码参加满意度测评", "东城街道党工委")


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for described in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = described.get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add("embedded:" + str(described["/BaseFont"]))
    return names


def test_the_sheet_has_one_qr_code_per_code_and_embedded_chinese_text():
    codes = [vote_code_new() for _ in range(14)]
    pdf = vote_sheet_pdf([SheetEntry(f"https://x.test/v/{c}/") for c in codes], TEXT)
    reader = PdfReader(io.BytesIO(pdf))
    assert [len(page.images) for page in reader.pages] == [12, 2]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "满意度测评 · 东城第一社区党委" in text
    assert text.count("请用手机扫码参加满意度测评") == 14
    for code in codes:
        assert text.count(code) == 1
    assert any(name.startswith("embedded:") for name in _fonts(reader))


def test_each_qr_image_encodes_its_own_url():
    codes = [vote_code_new() for _ in range(3)]
    urls = [f"https://x.test/v/{c}/" for c in codes]
    reader = PdfReader(io.BytesIO(vote_sheet_pdf([SheetEntry(u) for u in urls], TEXT)))
    printed = [image.image.convert("1").tobytes() for image in reader.pages[0].images]
    assert sorted(printed) == sorted(qr_image(url).tobytes() for url in urls)


def test_street_staff_open_a_survey_of_their_street(district, login):
    evaluation = community_evaluation(district)
    client = login(district.users["street_staff"])
    url = reverse("evaluations:survey_new", args=[evaluation.pk])
    assert client.get(url).status_code == 200
    now = timezone.localtime()
    response = client.post(
        url,
        {
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == reverse("evaluations:survey_detail", args=[survey.pk])
    assert survey.evaluation == evaluation and survey.status == SurveyStatus.OPEN


def test_a_survey_closing_before_it_opens_is_refused_in_chinese(district, login):
    evaluation = community_evaluation(district)
    now = timezone.localtime()
    response = login(district.users["street_staff"]).post(
        reverse("evaluations:survey_new", args=[evaluation.pk]),
        {
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "截止时间必须晚于开始时间" in response.content.decode()
    assert not Survey.objects.exists()


def test_printing_issues_the_codes_and_answers_with_their_qr_sheet(district, login):
    survey = open_survey(district)
    response = login(district.users["street_staff"]).post(
        reverse("evaluations:vote_codes_print", args=[survey.pk]),
        {"count": 5, "expires_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert sum(len(page.images) for page in reader.pages) == 5
    text = "".join(page.extract_text() for page in reader.pages)
    printed = [line.strip() for line in text.splitlines() if "/v/" in line]
    assert all(url.startswith("http://testserver/v/") for url in printed)  # the full address, to type by hand
    assert sorted(vote_code_hash(url.rsplit("/v/", 1)[1].strip("/")) for url in printed) == sorted(
        VoteCode.objects.values_list("code_hash", flat=True)
    )
    assert "东城第一社区党委" in text and "沿虚线剪开" in text


def test_a_long_address_is_printed_whole_without_cutting_its_code():
    code = vote_code_new()
    url = f"https://xingji.dongcheng-jiedao.example.gov.cn/starrating/v/{code}/"
    text = PdfReader(io.BytesIO(vote_sheet_pdf([SheetEntry(url)], TEXT))).pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    assert "".join(line for line in lines if line.startswith("https://") or code in line) == url
    assert any(line == f"{code}/" or line == url for line in lines)  # the code is on one line


def test_the_sheet_has_dashed_cut_lines_between_the_codes():
    pdf = vote_sheet_pdf([SheetEntry(f"https://x.test/v/{vote_code_new()}/") for _ in range(4)], TEXT)
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert "[3 3] 0 d" in content  # a dash pattern
    assert content.count(" l\n") >= 0 and content.count(" l") >= 4 + 3  # 4 columns' and 3 rows' lines


def test_a_bad_number_of_codes_is_refused_and_issues_nothing(district, login):
    survey = open_survey(district)
    client = login(district.users["street_staff"])
    response = client.post(
        reverse("evaluations:vote_codes_print", args=[survey.pk]),
        {"count": 5000, "expires_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "1000" in response.content.decode()
    assert not VoteCode.objects.exists()


@pytest.mark.parametrize("name", ["evaluations:vote_codes_print", "evaluations:survey_close"])
def test_street_staff_of_another_street_cannot_issue_print_or_close(district, login, name):
    survey = open_survey(district)
    response = login(district.users["outsider"]).post(
        reverse(name, args=[survey.pk]), {"count": 5, "expires_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 404
    assert not VoteCode.objects.exists()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN


def test_street_staff_of_another_street_cannot_open_or_see_a_survey(district, login):
    survey = open_survey(district)
    client = login(district.users["outsider"])
    assert client.get(reverse("evaluations:survey_new", args=[survey.evaluation_id])).status_code == 404
    assert client.post(reverse("evaluations:survey_new", args=[survey.evaluation_id]), {}).status_code == 404
    assert client.get(reverse("evaluations:survey_detail", args=[survey.pk])).status_code == 404
    assert Survey.objects.count() == 1


def test_district_roles_see_the_results_and_only_street_staff_print(district, login):
    survey = open_survey(district)
    for role in ("district_approver", "department_reviewer"):
        client = login(district.users[role])
        page = client.get(reverse("evaluations:survey_detail", args=[survey.pk]))
        assert page.status_code == 200 and "满意度得分" in page.content.decode()
        assert reverse("evaluations:vote_codes_print", args=[survey.pk]) not in page.content.decode()
        assert client.post(reverse("evaluations:vote_codes_print", args=[survey.pk]), {"count": 1}).status_code == 403


def test_closing_a_survey_stops_its_codes(district, login):
    survey = open_survey(district)
    client = login(district.users["street_staff"])
    client.post(
        reverse("evaluations:vote_codes_print", args=[survey.pk]),
        {"count": 1, "expires_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert client.post(reverse("evaluations:survey_close", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED


def test_the_survey_list_is_scoped_and_its_query_count_fixed(district, login, django_assert_max_num_queries):
    survey = open_survey(district)
    surveys = [survey] + [open_survey(district, survey.evaluation) for _ in range(4)]
    client = login(district.users["street_staff"])
    with django_assert_max_num_queries(10):
        content = client.get(reverse("evaluations:survey_list")).content.decode()
    for listed in surveys:
        assert content.count(f'href="{reverse("evaluations:survey_detail", args=[listed.pk])}"') == 1
    outsider = login(district.users["outsider"]).get(reverse("evaluations:survey_list")).content.decode()
    assert "东城第一社区党委" not in outsider


def test_street_staff_find_the_evaluations_of_their_street_to_open_a_survey(district, login):
    evaluation = community_evaluation(district)
    other = EvaluationFactory(organization=district.other_community, campaign=evaluation.campaign)
    content = login(district.users["street_staff"]).get(reverse("evaluations:survey_list")).content.decode()
    assert reverse("evaluations:survey_new", args=[evaluation.pk]) in content
    assert reverse("evaluations:survey_new", args=[other.pk]) not in content
