"""The Jinyuan rule set over the secretaries' real star records: a year counts once filed, at its level now; a star
removed after filing brings the low-star consequences and undoing it withdraws them with the reason; filing queues
the job; the consequences follow the person from one organization to the next; the reads are set-based."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Consequence, ConsequenceStatus
from evaluations.selectors.consequence_inputs import active_rule_sets, gather
from evaluations.selectors.forecasts import secretary_forecasts
from evaluations.services.consequences import consequences_apply
from evaluations.services.secretary_stars.changes import star_change_undo, star_remove
from evaluations.services.secretary_stars.cycle import star_cycle_open, star_levels_approve, star_levels_file
from scoring.engine.consequences import Period, ResultValue
from tests.factories import SecretaryFactory, make_id_card
from tests.support.consequences import rule_sets_loaded, term
from tests.support.secretary_stars import approved, evidence, jinyuan_rule_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def stars(district):
    """The Jinyuan star rules and consequence rules, and 刘书记 of 东城第一社区党委 (term 2021–2025) rated 3 stars in
    2023."""
    rule_sets_loaded("jinyuan_secretaries")
    star_rules = jinyuan_rule_set()
    term(district.community, 2021, 2025)
    liu = SecretaryFactory(organization=district.community, name="刘书记", started_on=date(2020, 1, 1))
    approved(district, liu, star_rules, "B1", 3, 2023)
    return star_rules, liu


def filed(district, star_rules, year: int) -> None:
    admin = district.users["district_admin"]
    cycle = star_cycle_open(
        scope=district.district, year=year, rule_set=star_rules, template=None, trained_on=None, by=admin
    )
    star_levels_approve(cycle=cycle, by=admin)
    star_levels_file(cycle=cycle, by=admin)


def removed(district, secretary, star_rules, on: date):
    return star_remove(
        secretary=secretary,
        stars=1,
        effective_on=on,
        reason="发生越级访，造成较大影响",
        uploads=[evidence()],
        by=district.users["district_admin"],
        rule_set=star_rules,
    )


def made(**filters) -> set[tuple]:
    rows = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE, **filters)
    return set(rows.values_list("rule__code", "action", "target", "occasion", "person_name"))


def test_a_star_removed_from_a_filed_year_brings_supervision_and_undoing_it_withdraws_it_with_the_reason(
    district, stars, django_capture_on_commit_callbacks
):
    star_rules, liu = stars
    with django_capture_on_commit_callbacks(execute=True):
        filed(district, star_rules, 2023)
    assert not Consequence.objects.exists()  # three stars: neither high nor low
    with django_capture_on_commit_callbacks(execute=True):
        removal = removed(district, liu, star_rules, date(2023, 12, 20))
    assert made() == {
        ("J2", "secretary_follow_up", "leader", "2023", "刘书记"),
        ("J2", "rectification", "leader", "2023", "刘书记"),
    }
    supervision = Consequence.objects.get(action="secretary_follow_up")
    assert (supervision.person_key, supervision.secretary_id, supervision.organization_id) == (
        liu.id_card_hash,
        liu.pk,
        district.community.pk,
    )
    assert "依据书记本人的星级：2023年 2星。书记：刘书记。" in supervision.explanation
    rectification = Consequence.objects.get(action="rectification")
    assert rectification.due_on == timezone.localdate() + timedelta(days=90)  # from the removal, not the filing
    with django_capture_on_commit_callbacks(execute=True):
        star_change_undo(change=removal, reason="复查后情况不属实", by=district.users["district_admin"])
    assert not made()
    withdrawn = Consequence.objects.filter(status=ConsequenceStatus.WITHDRAWN)
    assert withdrawn.count() == 2
    assert all("不再" in row.withdrawn_reason and "2023年 3星" in row.withdrawn_reason for row in withdrawn)


def test_a_year_counts_once_filed_and_filing_it_queues_the_job(district, stars, django_capture_on_commit_callbacks):
    star_rules, liu = stars
    with django_capture_on_commit_callbacks(execute=True):
        filed(district, star_rules, 2023)
        removed(district, liu, star_rules, date(2023, 12, 20))  # 2023 down to 2 stars
    approved(district, liu, star_rules, "B1", 1, 2024)  # 2024 rated anew: 1 star, not filed yet
    consequences_apply(organization_ids=[district.community.pk])
    assert {row[3] for row in made()} == {"2023"}
    with django_capture_on_commit_callbacks(execute=True):
        filed(district, star_rules, 2024)
    assert made(rule__code="J3") == {("J3", "organizational_handling", "leader", "term:2021-2025", "刘书记")}
    handling = Consequence.objects.get(rule__code="J3")
    assert "2023年 2星" in handling.explanation and "2024年 1星" in handling.explanation
    assert "2021–2025" in handling.explanation
    assert {row[3] for row in made(rule__code="J2")} == {"2023", "2024"}
    run = consequences_apply(organization_ids=[district.community.pk])
    assert (run.added, run.updated, run.withdrawn) == (0, 0, 0)


def test_a_carried_level_lowered_by_a_removal_in_an_earlier_year_counts_in_the_later_year(
    district, stars, django_capture_on_commit_callbacks
):
    star_rules, liu = stars
    with django_capture_on_commit_callbacks(execute=True):
        filed(district, star_rules, 2023)
        filed(district, star_rules, 2024)  # 2024 carries 2023's three stars
    assert not Consequence.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        removed(district, liu, star_rules, date(2023, 12, 20))
    assert {(row[0], row[3]) for row in made()} == {("J2", "2023"), ("J2", "2024"), ("J3", "term:2021-2025")}


def test_the_secretarys_supervision_is_on_the_talks_list_by_name_and_the_street_sees_it(
    district, stars, login, django_capture_on_commit_callbacks
):
    star_rules, liu = stars
    with django_capture_on_commit_callbacks(execute=True):
        filed(district, star_rules, 2023)
        removed(district, liu, star_rules, date(2023, 12, 20))
    page = login(district.users["street_staff"]).get(reverse("evaluations:consequence_list"), {"list": "talks"})
    text = page.content.decode()
    assert 'id="count-talks">1<' in text
    assert "书记诫勉监督" in text and "刘书记" in text and "2023年 2星" in text


def test_the_supervision_row_leads_to_the_supervision_on_the_star_lists_and_shows_its_deadline(
    district, stars, login, django_capture_on_commit_callbacks
):
    """The 书记诫勉监督 row of the lists is carried out on the honour and supervision lists: it links to the person's
    record there, and once the district sets the supervision the row shows its deadline."""
    star_rules, liu = stars
    with django_capture_on_commit_callbacks(execute=True):
        filed(district, star_rules, 2023)
        removed(district, liu, star_rules, date(2023, 12, 20))
    record = liu.star_years.get(year=2023)
    client = login(district.users["district_admin"])
    link = f"{reverse('evaluations:secretary_star_lists')}?year=2023#supervision-{record.pk}"
    listed = client.get(reverse("evaluations:consequence_list"), {"list": "talks"}).content.decode()
    assert link in listed and "到书记星级名单中设定诫勉监督" in listed
    star_lists = client.get(reverse("evaluations:secretary_star_lists"), {"year": 2023}).content.decode()
    assert f'id="supervision-{record.pk}"' in star_lists
    deadline = timezone.localdate() + timedelta(days=60)
    client.post(
        reverse("evaluations:secretary_supervision_set", args=[record.pk]),
        {"deadline": deadline.isoformat(), "note": "限期整改"},
    )
    listed = client.get(reverse("evaluations:consequence_list"), {"list": "talks"}).content.decode()
    assert link in listed and f"诫勉监督中，整改期限 {deadline.isoformat()}" in listed


def test_high_stars_put_the_secretary_on_the_commendation_list_by_name(district, stars):
    star_rules, liu = stars
    approved(district, liu, star_rules, "B2", 2, 2023)
    approved(district, liu, star_rules, "B3", 2, 2023)
    filed(district, star_rules, 2023)
    consequences_apply(organization_ids=[district.community.pk])
    assert made() == {
        ("J1", "honours_first", "leader", "2023", "刘书记"),
        ("J1", "commendation_candidate", "leader", "2023", "刘书记"),
    }
    assert "2023年 7星" in Consequence.objects.get(action="honours_first").explanation


def test_the_consequences_follow_the_person_and_years_at_two_organizations_do_not_add_up(district):
    rule_sets_loaded("jinyuan_secretaries")
    star_rules = jinyuan_rule_set()
    term(district.community, 2021, 2025)
    term(district.sibling_community, 2021, 2025)
    id_card = make_id_card(901)
    first = SecretaryFactory(
        organization=district.community, name="陈书记", id_card=id_card, ended_on=date(2023, 12, 31)
    )
    second = SecretaryFactory(
        organization=district.sibling_community, name="陈书记", id_card=id_card, started_on=date(2024, 1, 1)
    )
    approved(district, first, star_rules, "B1", 2, 2023)
    filed(district, star_rules, 2023)
    approved(district, second, star_rules, "B1", 1, 2024)
    filed(district, star_rules, 2024)
    consequences_apply(organization_ids=[district.community.pk, district.sibling_community.pk])
    rows = Consequence.objects.filter(action="secretary_follow_up").order_by("year")
    assert [(row.year, row.organization_id, row.secretary_id) for row in rows] == [
        (2023, district.community.pk, first.pk),
        (2024, district.sibling_community.pk, second.pk),
    ]
    assert {row.person_key for row in rows} == {first.id_card_hash}
    assert not Consequence.objects.filter(rule__code="J3").exists()  # one low year in each organization's term


def test_gather_reads_the_filed_levels_of_the_secretaries_of_a_chunk_in_a_fixed_number_of_queries(
    district, stars, django_assert_num_queries
):
    star_rules, liu = stars
    filed(district, star_rules, 2023)
    organizations = [district.community.pk, district.sibling_community.pk, district.other_community.pk]
    rule_sets = active_rule_sets()
    with django_assert_num_queries(5) as first:  # tenures, records, changes, filings, terms
        gathered = gather(rule_sets, organizations)
    subject = gathered.subjects[rule_sets[0].rule_set.pk, district.community.pk, liu.id_card_hash]
    record = liu.star_years.get()
    assert subject.results == [
        ResultValue(record.pk, Period("year", 2023), stars=3, leader=liu.id_card_hash, leader_name="刘书记")
    ]
    assert gathered.star_year_facts.labels == {record.pk: "2023年 3星"}
    assert gathered.star_year_facts.approved_on == {record.pk: timezone.localdate()}
    zhou = SecretaryFactory(organization=district.sibling_community, name="周书记")
    approved(district, zhou, star_rules, "B1", 1, 2024)
    filed(district, star_rules, 2024)  # 刘书记 carries three stars into 2024
    with django_assert_num_queries(len(first.captured_queries)):
        gathered = gather(rule_sets, organizations)
    assert len(gathered.subjects) == 2
    assert [result.stars for result in subject_results(gathered, zhou)] == [1]
    assert [result.stars for result in subject_results(gathered, liu)] == [3, 3]


def subject_results(gathered, secretary):
    (subject,) = [each for key, each in gathered.subjects.items() if key[2] == secretary.id_card_hash]
    return subject.results


def test_the_secretarys_forecast_says_what_the_next_star_level_would_bring_the_person(district, stars, login):
    """Filed at 2 stars in 2023 within the 2021–2025 term: another low year would be organizational handling; the
    star counts that bring the same are said as a range."""
    star_rules, liu = stars
    filed(district, star_rules, 2023)
    removed(district, liu, star_rules, date(2023, 12, 20))
    [block] = [each for each in secretary_forecasts(liu) if each.rule_set == "晋源区党组织书记星级结果运用"]
    assert (block.period, block.term) == ("2024年", "2021–2025年")
    values = {value.label: value.items for value in block.values}
    assert set(values) == {"0–2星", "7–10星"}
    handling = next(item for item in values["0–2星"] if item.rule.startswith("J3"))
    assert handling.actions == "组织处理（书记刘书记）"
    assert handling.counted == "本届任期（2021–2025年）内已有 1 次：2023年 2星"
    assert any(item.rule.startswith("J1") for item in values["7–10星"])
    page = login(district.users["street_staff"]).get(reverse("evaluations:secretary_star_history", args=[liu.pk]))
    assert "下次评定若为0–2星" in page.content.decode() and "组织处理（书记刘书记）" in page.content.decode()
