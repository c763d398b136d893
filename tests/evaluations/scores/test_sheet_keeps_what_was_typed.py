"""The score sheet without JavaScript loses nothing typed: its submit button saves what the sheet shows, then hands
it in; a bad value refuses both. Evidence answers JSON when the sheet uploads in place. A ranked campaign's sheet
neither shows nor changes a star level. Irreversible actions carry their confirmation question."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Evidence, Score
from evaluations.rules.workflow import StageKind
from scoring.services import template_load
from tests.factories import SecretaryFactory
from tests.support.evaluations import evaluation_of, open_community_campaign
from tests.support.scoring import TEMPLATES_DIR

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% minutes\n"


@pytest.fixture
def evaluation(district):
    return evaluation_of(open_community_campaign(district), district.community)


def _scores_url(evaluation, stage="self_assessment"):
    return reverse("evaluations:evaluation_scores", kwargs={"pk": evaluation.pk}) + f"?stage={stage}"


def _self_scores(evaluation) -> dict[str, Decimal]:
    scores = Score.objects.filter(evaluation=evaluation, stage="self_assessment")
    return dict(scores.values_list("item__code", "points"))


def test_submitting_saves_the_sheet_as_posted_then_hands_it_in(district, evaluation, login):
    client = login(district.users["org_admin"])
    data = {"lock_version": evaluation.lock_version, "points-A1.1": "2", "note-A1.1": "按期换届", "then": "submit"}
    response = client.post(_scores_url(evaluation), data, follow=True)
    assert "自评已提交，等待街道党工委复核。" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("evaluations:evaluation_detail", kwargs={"pk": evaluation.pk})
    assert _self_scores(evaluation) == {"A1.1": Decimal(2)}
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.REVIEW


def test_a_bad_value_refuses_both_the_save_and_the_submission(district, evaluation, login):
    client = login(district.users["org_admin"])
    data = {"lock_version": evaluation.lock_version, "points-A1.1": "2", "points-A1.2": "3", "then": "submit"}
    response = client.post(_scores_url(evaluation), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "A1.2 小区（网格）党支部覆盖：3 超出 0–2 分的范围。" in page and "自评未提交。" in page
    assert 'value="3"' in page  # what was typed is shown again
    assert _self_scores(evaluation) == {}
    evaluation.refresh_from_db()
    assert evaluation.stage.kind == StageKind.SELF_ASSESSMENT


def test_the_submit_button_belongs_to_the_sheet_and_asks_first(district, evaluation, login):
    page = login(district.users["org_admin"]).get(_scores_url(evaluation)).content.decode()
    form = page[page.index('id="score-form"') : page.index("</form>", page.index('id="score-form"'))]
    assert 'name="then" value="submit"' in form
    assert f"保存并提交「{district.community.name}」的自评，交街道复核？提交后不能再修改。共 1 个组织。" in form


def test_an_upload_asked_for_json_answers_with_the_file_or_the_error(district, evaluation, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(district.users["org_admin"])
    url = reverse("evaluations:evidence_upload", kwargs={"pk": evaluation.pk}) + "?stage=self_assessment"
    upload = SimpleUploadedFile("会议记录.pdf", PDF)
    response = client.post(url, {"code": "A1.1", "file-A1.1": upload}, headers={"accept": "application/json"})
    evidence = Evidence.objects.get()
    assert response.status_code == 200
    assert response.json() == {
        "code": "A1.1",
        "message": "A1.1：会议记录.pdf 已上传。",
        "file": {"name": "会议记录.pdf", "url": reverse("evaluations:evidence_download", kwargs={"pk": evidence.pk})},
    }
    wrong = SimpleUploadedFile("脚本.exe", b"MZ")
    refused = client.post(url, {"code": "A1.2", "file-A1.2": wrong}, headers={"accept": "application/json"})
    assert refused.status_code == 400
    assert refused.json()["error"] == "A1.2 小区（网格）党支部覆盖：脚本.exe 不是 PDF、JPG、PNG 或 DOCX 文件。"
    assert Evidence.objects.count() == 1


def test_a_ranked_campaign_sheet_shows_no_stars_and_keeps_the_star_level(district, login):
    SecretaryFactory(organization=district.community, name="社区书记")
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    evaluation = evaluation_of(open_community_campaign(district, template=template), district.community)
    client = login(district.users["org_admin"])
    page = client.get(_scores_url(evaluation)).content.decode()
    assert 'id="preview-stars"' not in page and 'name="declared_stars"' not in page and "申报星级" not in page
    assert "已填 <output" in page
    data = {"lock_version": evaluation.lock_version, "points-Q1.1": "4", "declared_stars": "5"}
    assert client.post(_scores_url(evaluation), data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.declared_stars is None


def test_the_evaluation_page_asks_before_submitting_and_names_the_organization(district, evaluation, login):
    url = reverse("evaluations:evaluation_detail", kwargs={"pk": evaluation.pk})
    page = login(district.users["org_admin"]).get(url).content.decode()
    review = evaluation.campaign.stages.get(kind=StageKind.REVIEW).get_kind_display()
    question = f"将「{district.community.name}」提交到下一阶段「{review}」？提交后离开当前阶段。共 1 个组织。"
    assert f'data-confirm="{question}"' in page
