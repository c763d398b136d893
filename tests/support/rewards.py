"""Star records and rewards ledgers for the tests of the money that follows a secretary's stars."""

from datetime import date

from django.utils import timezone

from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarRule,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    StarChangeStatus,
    StarRuleKind,
)
from tests.factories import SecretaryFactory


def star_rules() -> SecretaryStarRuleSet:
    rule_set, created = SecretaryStarRuleSet.objects.get_or_create(code="test_stars", defaults={"name": "书记星级"})
    if created:
        for kind, code, name, education in (
            (StarRuleKind.BASE, "base", "年度考核星", False),
            (StarRuleKind.ADDED, "income", "增收致富星", False),
            (StarRuleKind.ADDED, "education", "学历提升星", True),
            (StarRuleKind.REDUCED, "duty", "履职情况", False),
        ):
            SecretaryStarRule.objects.create(
                rule_set=rule_set, kind=kind, code=code, name=name, stars=5, is_education_upgrade=education
            )
    return rule_set


def star_record(secretary, year: int) -> SecretaryStarYear:
    record, _ = SecretaryStarYear.objects.get_or_create(
        person_key=secretary.id_card_hash, year=year, defaults={"secretary": secretary, "rule_set": star_rules()}
    )
    return record


def star_change(
    secretary, year: int, kind: str, stars: int, *, rule: str = "", on: date | None = None, reason: str = "年度评定"
) -> SecretaryStarChange:
    """An approved change of the secretary's stars in the year."""
    record = star_record(secretary, year)
    rule_codes = {StarRuleKind.BASE: "base", StarRuleKind.ADDED: "income", StarRuleKind.REDUCED: "duty"}
    code = rule or rule_codes.get(kind)
    return SecretaryStarChange.objects.create(
        record=record,
        secretary=secretary,
        kind=kind,
        rule=SecretaryStarRule.objects.get(rule_set=record.rule_set, code=code) if code else None,
        stars=stars,
        effective_on=on or date(year, 1, 1),
        reason=reason,
        status=StarChangeStatus.APPROVED,
        proposed_at=timezone.now(),
    )


def rated_secretary(organization, *, last_year: int | None, this_year: int, year: int = 2026, **fields):
    """A secretary of the organization rated ``last_year`` stars the year before and ``this_year`` stars now."""
    secretary = SecretaryFactory(organization=organization, started_on=date(year - 3, 1, 1), **fields)
    if last_year is not None:
        star_change(secretary, year - 1, StarRuleKind.BASE, last_year) if last_year else star_record(
            secretary, year - 1
        )
    if last_year:
        if this_year > last_year:
            star_change(secretary, year, StarRuleKind.ADDED, this_year - last_year)
        elif this_year < last_year:
            star_change(secretary, year, StarRuleKind.REDUCED, last_year - this_year)
        else:
            star_record(secretary, year)
    else:
        star_change(secretary, year, StarRuleKind.BASE, this_year)
    return secretary
