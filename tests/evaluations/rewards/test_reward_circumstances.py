"""The street records a normal departure or collective economy growth with its evidence, the district confirms, and
only then does the rewards ledger follow (seed 001); bad input is refused naming its field and changes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import (
    CircumstanceKind,
    CircumstanceStatus,
    Notification,
    RewardCircumstance,
    RewardCircumstanceChange,
    RewardEntry,
    RewardEntryKind,
    RewardEntryType,
    StarRuleKind,
)
from evaluations.services.reward_circumstances import reward_circumstance_decide, reward_circumstance_propose
from orgs.models import AuditEvent
from tests.factories import SecretaryFactory
from tests.support.rewards import star_change
from tests.support.secretary_stars import evidence

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def village_secretary(district, *, ended_on=date(2025, 6, 30), gained=5):
    """A village secretary first rated 1 star in 2023 and ``1 + gained`` in 2025."""
    secretary = SecretaryFactory(
        organization=district.sibling_community, started_on=date(2023, 1, 1), ended_on=ended_on
    )
    for year in (2023, 2024, 2025):
        star_change(secretary, year, StarRuleKind.BASE, 1)
    star_change(secretary, 2025, StarRuleKind.ADDED, gained)
    return secretary


def record(district, secretary, **fields):
    values = {
        "year": 2025,
        "kind": CircumstanceKind.LEFT_NORMALLY,
        "holds": True,
        "growth_percent": None,
        "reason": "任期届满，换届未再当选",
        "uploads": [],
        "by": district.users["street_staff"],
    }
    return reward_circumstance_propose(secretary=secretary, **{**values, **fields})


def refusal(district, secretary, **fields) -> dict:
    with pytest.raises(ValidationError) as refused:
        record(district, secretary, **fields)
    assert not RewardCircumstanceChange.objects.exists()
    return refused.value.message_dict


def departure_total(secretary, year):
    entries = RewardEntry.objects.filter(secretary=secretary, year=year, kind=RewardEntryKind.DEPARTURE_SUBSIDY)
    return sum((entry.amount for entry in entries), Decimal(0))


def test_a_normal_departure_counts_only_once_the_district_confirms_it(district, django_capture_on_commit_callbacks):
    secretary = village_secretary(district)
    with django_capture_on_commit_callbacks(execute=True):
        change = record(district, secretary)
    assert change.status == CircumstanceStatus.PROPOSED
    assert not RewardCircumstance.objects.filter(secretary=secretary, left_normally=True).exists()
    told = Notification.objects.get(user=district.users["district_admin"])
    assert "待区委组织部确认" in told.text and told.url.endswith(f"/secretaries/{secretary.pk}/rewards/circumstances/")
    with django_capture_on_commit_callbacks(execute=True):
        reward_circumstance_decide(change=change, approve=True, note="", by=district.users["district_admin"])
    assert departure_total(secretary, 2025) == Decimal("300")  # July to December
    assert departure_total(secretary, 2026) == Decimal("600")  # the payment runs on
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"circumstance_propose", "circumstance_decide"} <= actions


def test_collective_economy_growth_needs_the_figure_or_a_note_and_an_evidence_file(district):
    secretary = village_secretary(district, ended_on=None)
    growth = {"kind": CircumstanceKind.COLLECTIVE_ECONOMY_GROWTH, "year": 2025, "reason": ""}
    assert "growth_percent" in refusal(district, secretary, **growth)
    assert (
        "村级集体经济增幅明显" in refusal(district, secretary, **growth, growth_percent=Decimal("23.5"))["evidence"][0]
    )
    change = record(district, secretary, **growth, growth_percent=Decimal("23.5"), uploads=[evidence("账目.pdf")])
    assert change.evidence.get().original_name == "账目.pdf"


def test_a_normal_departure_without_a_departure_date_is_refused_naming_it(district):
    secretary = village_secretary(district, ended_on=None)
    (message,) = refusal(district, secretary)["ended_on"]
    assert message.startswith("离任日期")


def test_a_normal_departure_is_recorded_for_the_year_the_tenure_ended(district):
    secretary = village_secretary(district)
    (message,) = refusal(district, secretary, year=2024)["year"]
    assert "2025-06-30" in message and "2025" in message


def test_a_year_outside_the_tenure_or_the_range_is_refused_naming_the_year(district):
    secretary = village_secretary(district, ended_on=None)
    growth = {"kind": CircumstanceKind.COLLECTIVE_ECONOMY_GROWTH, "growth_percent": 10, "uploads": [evidence()]}
    assert refusal(district, secretary, year=2022, **growth)["year"][0].startswith("年度")
    assert refusal(district, secretary, year=1999, **growth)["year"][0].startswith("年度")


def test_an_urban_community_secretary_has_neither_circumstance(district):
    secretary = SecretaryFactory(
        organization=district.community, started_on=date(2023, 1, 1), ended_on=date(2025, 6, 30)
    )
    assert "城市社区" in refusal(district, secretary)["kind"][0]


def test_the_district_rejects_only_with_a_note_and_nothing_reaches_the_ledger(district):
    secretary = village_secretary(district)
    change = record(district, secretary)
    with pytest.raises(ValidationError):
        reward_circumstance_decide(change=change, approve=False, note=" ", by=district.users["district_admin"])
    rejected = reward_circumstance_decide(
        change=change, approve=False, note="离任审计未完成", by=district.users["district_admin"]
    )
    assert rejected.status == CircumstanceStatus.REJECTED
    assert not RewardCircumstance.objects.filter(secretary=secretary).exists()


def test_street_staff_cannot_confirm_their_own_record(district):
    change = record(district, village_secretary(district))
    with pytest.raises(Exception, match="权"):
        reward_circumstance_decide(change=change, approve=True, note="", by=district.users["street_staff"])
    assert RewardCircumstanceChange.objects.get().status == CircumstanceStatus.PROPOSED


def test_a_confirmed_departure_withdrawn_brings_the_ledger_back_with_an_adjusting_entry(
    district, django_capture_on_commit_callbacks
):
    secretary = village_secretary(district)
    admin = district.users["district_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        reward_circumstance_decide(change=record(district, secretary), approve=True, note="", by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal = record(district, secretary, holds=False, reason="经核查系免职，非正常离任")
        reward_circumstance_decide(change=withdrawal, approve=True, note="", by=admin)
    assert departure_total(secretary, 2025) == departure_total(secretary, 2026) == 0
    adjusting = RewardEntry.objects.filter(secretary=secretary, entry_type=RewardEntryType.ADJUSTMENT)
    assert adjusting.count() == 2
    assert all("情况" in entry.reason for entry in adjusting)


def test_the_street_records_on_the_page_and_bad_input_names_the_field(district, login):
    secretary = village_secretary(district)
    client = login(district.users["street_staff"])
    url = reverse("evaluations:secretary_reward_circumstances", args=[secretary.pk])
    page = client.get(url)
    assert "正常离任" in page.content.decode() and 'value="2025"' in page.content.decode()
    bad = client.post(url, {"year": "1999", "kind": "left_normally", "operation": "record", "reason": "任期届满"})
    assert bad.status_code == 400 and "年" in bad.content.decode()
    shrinking = client.post(url, {"year": "2025", "kind": "collective_economy_growth", "growth_percent": "-3"})
    assert shrinking.status_code == 400 and "增幅：" in shrinking.content.decode()
    assert not RewardCircumstanceChange.objects.exists()
    posted = {
        "year": "2025",
        "kind": "collective_economy_growth",
        "operation": "record",
        "growth_percent": "18.5",
        "reason": "",
        "evidence": [SimpleUploadedFile("账目.exe", b"MZ")],
    }
    refused_file = client.post(url, posted)
    assert refused_file.status_code == 400 and "账目.exe" in refused_file.content.decode()
    assert not RewardCircumstanceChange.objects.exists()
    posted["evidence"] = [SimpleUploadedFile("账目.pdf", b"%PDF-1.4\n")]
    ended = client.post(url, {**posted, "kind": "left_normally", "reason": "任期届满"})
    assert ended.status_code == 302
    assert RewardCircumstanceChange.objects.get().kind == CircumstanceKind.LEFT_NORMALLY


def test_another_streets_staff_finds_no_such_secretary(district, login):
    secretary = village_secretary(district)
    client = login(district.users["outsider"])
    url = reverse("evaluations:secretary_reward_circumstances", args=[secretary.pk])
    assert client.post(url, {"year": "2025", "kind": "left_normally", "reason": "x"}).status_code == 404
    assert not RewardCircumstanceChange.objects.exists()


def test_the_list_shows_what_waits_for_the_district_in_a_fixed_number_of_queries(
    district, login, django_assert_max_num_queries
):
    for _ in range(3):
        record(district, village_secretary(district), uploads=[evidence()])
    client = login(district.users["district_admin"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("evaluations:reward_circumstance_list"))
    assert page.content.decode().count('id="circumstance-') == 3
    client = login(district.users["outsider"])  # the other street's staff: nothing of this street
    assert 'id="circumstance-' not in client.get(reverse("evaluations:reward_circumstance_list")).content.decode()
