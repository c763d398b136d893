"""A rule set's what-if on real rows: raising Yucheng's "three stars twice in a term" to three times would take
away 东城第一社区党委's and its secretary's loss of award eligibility; nothing is written to the consequences until
the draft is adopted, which makes version 2 and brings the consequences up to date."""

from datetime import date

import pytest
from django.urls import reverse

from evaluations.models import ComputationStatus, Consequence, ConsequenceStatus, PolicyWhatIf
from evaluations.selectors.whatif import consequence_outcome
from evaluations.services.consequences import consequences_apply
from orgs.models import AuditEvent
from scoring.models import ConsequenceRuleSet
from tests.factories import SecretaryFactory
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign
from tests.support.whatif import rule_set_form, rule_set_what_if_of

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def rule_set(district):
    """东城第一社区党委 rated 3, 4 and 3 stars in 2021–2023 under 赵书记, in its 2021–2025 term; the job applied."""
    rule_sets_loaded("yucheng_3plus2")
    community = district.community
    term(community, 2021, 2025)
    SecretaryFactory(organization=community, name="赵书记", started_on=date(2020, 1, 1))
    for year, stars in ((2021, 3), (2022, 4), (2023, 3)):
        approved(yearly_campaign(district.district, year), community, stars)
    consequences_apply()
    return ConsequenceRuleSet.objects.get(code="yucheng_3plus2", is_active=True)


def consequence_rows() -> list[tuple]:
    return list(Consequence.objects.order_by("pk").values_list())


def test_three_times_in_a_term_would_make_the_award_ineligibility_vanish_and_nothing_is_written(
    district, rule_set, django_capture_on_commit_callbacks
):
    stored = consequence_rows()
    assert {row[0] for row in Consequence.objects.values_list("rule__code")} == {"Y1", "Y2"}
    with django_capture_on_commit_callbacks(execute=True):
        what_if = rule_set_what_if_of(district, rule_set, Y2_times="3")
    what_if.refresh_from_db()
    assert what_if.status == ComputationStatus.SUCCEEDED
    assert what_if.edits == [
        {
            "field": "Y2",
            "label": "Y2 任期内两次及以上三星：取消党组织及其负责人评先评优资格（次数）",
            "before": "2",
            "after": "3",
        }
    ]
    column = what_if.comparison["consequences"]
    shown = {(row["name"], row["change"], row["rule"], row["action"], row["target"]) for row in column["rows"]}
    assert shown == {
        ("东城第一社区党委", "vanish", "Y2", "award_ineligible_term", "organization"),
        ("东城第一社区党委", "vanish", "Y2", "award_ineligible_term", "leader"),
    }
    leader = next(row for row in column["rows"] if row["target"] == "leader")
    assert leader["person_name"] == "赵书记" and leader["results"] == "2021年 3星、2023年 3星"
    (east,) = consequence_outcome(what_if)["streets"]
    assert east.street.name == "东城街道党工委"
    assert [(row.label, row.appear, row.vanish) for row in east.lists] == [("取消任期内评先评优资格", 0, 2)]
    assert what_if.evaluations_count == 9  # every organization of the district was read
    # Row by row, the consequences are what they were; no version was made.
    assert consequence_rows() == stored
    assert ConsequenceRuleSet.objects.filter(code="yucheng_3plus2").count() == 1


def test_adopting_makes_version_2_and_withdraws_the_consequences_that_no_longer_hold(
    district, rule_set, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        what_if = rule_set_what_if_of(district, rule_set, Y2_times="3")
    client.force_login(district.users["district_admin"])
    adopt = reverse("evaluations:rule_set_what_if_adopt", args=[what_if.pk])
    assert client.post(adopt, {"version": "3"}).status_code == 302  # a stale confirmation changes nothing
    assert ConsequenceRuleSet.objects.filter(code="yucheng_3plus2").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(adopt, {"version": "2"})
    adopted = ConsequenceRuleSet.objects.get(code="yucheng_3plus2", is_active=True)
    assert adopted.version == 2 and adopted.rules.get(code="Y2").times == 3
    what_if.refresh_from_db()
    assert what_if.adopted_rule_set == adopted
    assert AuditEvent.objects.filter(action="what_if_adopt", object_id=str(what_if.pk)).exists()
    active = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE)
    assert set(active.values_list("rule__code", "rule_version")) == {("Y1", 2)}
    page = client.get(reverse("evaluations:rule_set_what_if_detail", args=[what_if.pk])).content.decode()
    assert "已采纳为版本 2" in page or "采纳为版本 2" in page


def test_the_page_runs_a_draft_and_shows_which_consequences_vanish(
    district, rule_set, client, django_capture_on_commit_callbacks
):
    client.force_login(district.users["district_admin"])
    listing = client.get(reverse("evaluations:what_if_list")).content.decode()
    assert "雨城区“五星争创”结果运用" in listing
    url = reverse("evaluations:rule_set_what_if_new", args=[rule_set.pk])
    form = client.get(url).content.decode()
    assert 'name="Y2_times"' in form and 'value="2"' in form
    data = dict(rule_set_form(rule_set, district.users["district_admin"], Y2_times="3").data)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    what_if = PolicyWhatIf.objects.get()
    assert response.url == reverse("evaluations:rule_set_what_if_detail", args=[what_if.pk])
    page = client.get(response.url).content.decode()
    assert "将新增 0 项后果，消失 2 项。" in page
    assert "取消任期内评先评优资格" in page and "赵书记" in page and "采纳为版本 2" in page
    assert "尚未审定" not in page


def test_a_bad_draft_is_refused_naming_the_rule_and_changes_nothing(district, rule_set, client):
    client.force_login(district.users["district_admin"])
    url = reverse("evaluations:rule_set_what_if_new", args=[rule_set.pk])
    data = dict(rule_set_form(rule_set, district.users["district_admin"], Y4_values="2、6").data)
    page = client.post(url, data).content.decode()
    assert "Y4：“6”不是 0 到 5 之间的星级。" in page
    unchanged = dict(rule_set_form(rule_set, district.users["district_admin"]).data)
    assert "请至少修改一条规则后再试算。" in client.post(url, unchanged).content.decode()
    broken = unchanged | {"source_yaml": rule_set.source_yaml.replace("in_term: 2}", "in_term: 0}", 1)}
    assert "rules[Y2].when.in_term" in client.post(url, broken).content.decode()
    assert not PolicyWhatIf.objects.exists()


def test_the_export_lists_the_consequences_that_change(district, rule_set, client, django_capture_on_commit_callbacks):
    from io import BytesIO

    from openpyxl import load_workbook

    with django_capture_on_commit_callbacks(execute=True):
        what_if = rule_set_what_if_of(district, rule_set, Y2_times="3")
    client.force_login(district.users["district_admin"])
    response = client.get(reverse("evaluations:rule_set_what_if_export", args=[what_if.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert {row[:5] for row in rows[2:]} == {
        ("东城街道党工委", "取消任期内评先评优资格", "消失", "C0101", "东城第一社区党委")
    }


def test_street_staff_cannot_open_or_run_a_rule_set_what_if(
    district, rule_set, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        what_if = rule_set_what_if_of(district, rule_set, Y2_times="3")
    client.force_login(district.users["street_staff"])
    assert client.get(reverse("evaluations:rule_set_what_if_new", args=[rule_set.pk])).status_code == 403
    # The run read the whole district, which a street's staff does not see.
    assert client.get(reverse("evaluations:rule_set_what_if_detail", args=[what_if.pk])).status_code == 404
    adopt = reverse("evaluations:rule_set_what_if_adopt", args=[what_if.pk])
    assert client.post(adopt, {"version": "2"}).status_code == 404
    assert ConsequenceRuleSet.objects.filter(code="yucheng_3plus2").count() == 1
