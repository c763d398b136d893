"""The yearly cycle: opening the year copies last year's indicators into a new version; the district approves and
files the levels as a frozen record with a printable filing sheet."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.models import SecretaryStarYear
from evaluations.selectors.secretary_stars import secretary_star_levels
from evaluations.services.secretary_stars.changes import star_change_propose, star_remove
from evaluations.services.secretary_stars.cycle import star_cycle_open, star_levels_approve, star_levels_file
from scoring.services import template_load
from tests.factories import SecretaryFactory
from tests.support.scoring import TEMPLATES_DIR
from tests.support.secretary_stars import approved, evidence, rule

pytestmark = pytest.mark.django_db


def test_opening_a_year_copies_last_years_indicators_into_a_new_version(district, rule_set):
    admin = district.users["district_admin"]
    source = (TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8")
    template = template_load(source_yaml=source, by=None)
    star_cycle_open(scope=district.district, year=2024, rule_set=rule_set, template=template, trained_on=None, by=admin)
    cycle = star_cycle_open(
        scope=district.district, year=2025, rule_set=rule_set, template=None, trained_on=date(2025, 3, 1), by=admin
    )
    assert cycle.template.code == template.code
    assert (cycle.template.version, cycle.template.year) == (template.version + 1, 2025)
    assert cycle.template.items.count() == template.items.count()


def test_filing_freezes_the_levels_and_later_changes_leave_the_record_alone(district, rule_set):
    admin = district.users["district_admin"]
    secretary = SecretaryFactory(organization=district.community, name="<b>周书记</b>")
    approved(district, secretary, rule_set, "B1", 3, 2025)
    cycle = star_cycle_open(
        scope=district.district, year=2025, rule_set=rule_set, template=None, trained_on=None, by=admin
    )
    with pytest.raises(ValidationError):
        star_levels_file(cycle=cycle, by=admin)
    star_levels_approve(cycle=cycle, by=admin)
    star_levels_file(cycle=cycle, by=admin)
    star_remove(
        secretary=secretary,
        stars=1,
        effective_on=date(2025, 12, 30),
        reason="严重问题",
        uploads=[evidence()],
        by=admin,
        rule_set=rule_set,
    )
    cycle.refresh_from_db()
    assert cycle.filed_levels[0]["level"] == 3
    assert SecretaryStarYear.objects.get().filed_level == 3
    with pytest.raises(ValidationError, match="已备案"):
        star_change_propose(
            secretary=secretary,
            year=2025,
            rule=rule(rule_set, "A1"),
            stars=1,
            effective_on=date(2025, 12, 1),
            reason="增收",
            uploads=[evidence()],
            by=district.users["street_staff"],
        )


def test_levels_are_not_approved_while_a_proposal_waits(district, rule_set):
    admin = district.users["district_admin"]
    secretary = SecretaryFactory(organization=district.community)
    star_change_propose(
        secretary=secretary,
        year=2025,
        rule=rule(rule_set, "B1"),
        stars=2,
        effective_on=date(2025, 12, 1),
        reason="考核良好",
        uploads=[],
        by=district.users["street_staff"],
    )
    cycle = star_cycle_open(
        scope=district.district, year=2025, rule_set=rule_set, template=None, trained_on=None, by=admin
    )
    with pytest.raises(ValidationError, match="1项星级变动待审批"):
        star_levels_approve(cycle=cycle, by=admin)


def test_the_filing_sheet_prints_names_as_typed(district, rule_set, login):
    admin = district.users["district_admin"]
    secretary = SecretaryFactory(organization=district.community, name="<img src=x>吴书记")
    approved(district, secretary, rule_set, "B1", 2, 2025)
    client = login(admin)
    client.post(reverse("evaluations:secretary_star_cycles"), {"year": "2025"})
    cycle = district.district.secretary_star_cycles.get()
    client.post(reverse("evaluations:secretary_star_cycle_approve", args=[cycle.pk]))
    client.post(reverse("evaluations:secretary_star_cycle_file", args=[cycle.pk]))
    response = client.get(reverse("evaluations:secretary_star_filing_sheet", args=[cycle.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    page = client.get(reverse("evaluations:secretary_star_cycles")).content.decode()
    assert "备案表（PDF）" in page


def test_opening_a_year_carries_every_secretary_in_office_with_last_years_level(district, rule_set):
    admin = district.users["district_admin"]
    staying = SecretaryFactory(organization=district.community, name="留任书记")
    leaving = SecretaryFactory(organization=district.sibling_community, name="离任书记", ended_on=date(2025, 12, 31))
    approved(district, staying, rule_set, "B1", 3, 2025)
    approved(district, leaving, rule_set, "B1", 2, 2025)
    star_cycle_open(scope=district.district, year=2026, rule_set=rule_set, template=None, trained_on=None, by=admin)
    levels = secretary_star_levels(year=2026)
    assert [(level.name, level.level, level.last_year_level) for level in levels] == [("留任书记", 3, 3)]
