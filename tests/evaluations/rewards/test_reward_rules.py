"""The money rules of seed 001 (Jinyuan) as worked examples, on plain values: no database."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from evaluations.rules.reward_rules import rules_from_dict
from evaluations.rules.rewards import (
    Departure,
    RewardKind,
    SecretaryYear,
    StarPeriod,
    adjustments,
    secretary_rewards,
)

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "rules" / "jinyuan_rewards.yaml"
RULES = rules_from_dict(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))
JAN_1 = date(2026, 1, 1)


def by_kind(entries):
    return {entry.kind: entry for entry in entries}


def test_two_to_three_stars_gives_a_thousand_yuan_and_the_pension_subsidy_for_three_stars():
    facts = SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 3),), last_year_stars=2)
    entries = by_kind(secretary_rewards(facts, RULES))
    assert entries[RewardKind.STAR_GAIN].amount == Decimal("1000")
    assert entries[RewardKind.STAR_GAIN].computation == "3星 − 2星（上年度） = 1星 × 1,000元 = 1,000元"
    assert entries[RewardKind.PENSION_SUBSIDY].amount == Decimal("300")
    assert entries[RewardKind.PENSION_SUBSIDY].computation == "3星 × 100元 = 300元"


def test_one_shoulder_pay_at_the_lowest_and_highest_levels_lands_inside_the_seed_range():
    totals = {}
    for stars in (0, 10):
        facts = SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, stars),), one_shoulder=True)
        entries = by_kind(secretary_rewards(facts, RULES))
        base, performance = entries[RewardKind.BASE_PAY].amount, entries[RewardKind.PERFORMANCE_PAY].amount
        assert base == Decimal("44503.20")  # 60 % of the standard pay, whatever the stars
        assert performance <= Decimal("74172") * Decimal("0.40")
        totals[stars] = base + performance
    assert Decimal("50580") <= totals[0] < totals[10] <= Decimal("74172")
    assert totals == {0: Decimal("50580.00"), 10: Decimal("74172.00")}


def test_a_star_removed_mid_year_counts_from_its_date_and_adjusts_what_was_recorded():
    before = secretary_rewards(SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 3),), last_year_stars=2), RULES)
    recorded = {entry.kind: entry.amount for entry in before}
    removal = StarPeriod(date(2026, 7, 1), 2, "摘星：履职不力")
    after = secretary_rewards(
        SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 3), removal), last_year_stars=2), RULES
    )
    appended = by_kind(entry for entry, is_adjustment, reason in adjustments(after, recorded, "", JAN_1))
    # 181 days at 3 stars and 184 at 2: the pension subsidy drops by 100 yuan × 184/365.
    assert appended[RewardKind.PENSION_SUBSIDY].amount == Decimal("148.77") + Decimal("100.82") - Decimal("300")
    assert "2026-07-01起" in appended[RewardKind.PENSION_SUBSIDY].computation
    assert appended[RewardKind.STAR_GAIN].amount == Decimal("-1000")
    assert {entry.effective_from for entry in appended.values()} == {date(2026, 7, 1)}
    assert appended[RewardKind.PERFORMANCE_PAY].amount < 0
    reasons = {reason for entry, is_adjustment, reason in adjustments(after, recorded, "", JAN_1)}
    assert reasons == {"摘星：履职不力"}


def test_the_ledger_adds_nothing_when_nothing_changed():
    entries = secretary_rewards(SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 4),), last_year_stars=2), RULES)
    assert adjustments(entries, {entry.kind: entry.amount for entry in entries}, "", JAN_1) == []


def test_a_community_secretary_without_last_year_compares_with_the_first_rating_and_has_no_pay_entries():
    facts = SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 4),), community=True, first_rating_stars=3)
    entries = by_kind(secretary_rewards(facts, RULES))
    assert entries[RewardKind.STAR_GAIN].amount == Decimal("1000")
    assert "初评" in entries[RewardKind.STAR_GAIN].computation
    assert RewardKind.BASE_PAY not in entries


def test_a_village_secretary_without_last_year_gets_no_star_gain_reward():
    facts = SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 4),), first_rating_stars=3)
    assert RewardKind.STAR_GAIN not in by_kind(secretary_rewards(facts, RULES))


def test_education_upgrade_stars_give_a_thousand_yuan_each():
    facts = SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 3),), education_upgrade_stars=2)
    entry = by_kind(secretary_rewards(facts, RULES))[RewardKind.EDUCATION_UPGRADE]
    assert (entry.amount, entry.computation) == (Decimal("2000"), "2星 × 1,000元 = 2,000元")


def test_the_pension_subsidy_stops_at_the_yearly_cap():
    capped = rules_from_dict({**yaml.safe_load(FIXTURE.read_text(encoding="utf-8")), "pension_subsidy_yearly_cap": 250})
    entry = by_kind(secretary_rewards(SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 3),)), capped))
    assert entry[RewardKind.PENSION_SUBSIDY].amount == Decimal("250")
    assert "年度上限" in entry[RewardKind.PENSION_SUBSIDY].computation


def test_a_village_secretary_leaving_normally_with_five_stars_gained_gets_fifty_yuan_a_month_more():
    facts = SecretaryYear(
        year=2026,
        periods=(StarPeriod(JAN_1, 5),),
        first_rating_stars=0,
        ended_on=date(2026, 6, 30),
        left_normally=True,
    )
    entry = by_kind(secretary_rewards(facts, RULES))[RewardKind.DEPARTURE_SUBSIDY]
    assert entry.amount == Decimal("300")  # July to December
    short = SecretaryYear(**{**facts.__dict__, "first_rating_stars": 1})
    assert RewardKind.DEPARTURE_SUBSIDY not in by_kind(secretary_rewards(short, RULES))


def test_marked_growth_of_the_collective_economy_gives_the_one_off_reward():
    facts = SecretaryYear(year=2026, periods=(StarPeriod(JAN_1, 3),), collective_economy_growth=True)
    assert by_kind(secretary_rewards(facts, RULES))[RewardKind.COLLECTIVE_ECONOMY].amount == Decimal("5000")


def test_the_departure_subsidy_increase_runs_on_for_twelve_months_in_every_later_year():
    departed = Departure(ended_on=date(2025, 6, 30), stars=5, first_rating_stars=0)
    for year in (2026, 2031):
        entries = secretary_rewards(SecretaryYear(year=year, periods=(), departed=departed), RULES)
        assert [(entry.kind, entry.amount) for entry in entries] == [(RewardKind.DEPARTURE_SUBSIDY, Decimal("600"))]
        assert entries[0].effective_from == date(year, 1, 1)
        assert f"每月增加 50元 × {year}年 12 个月（2025-06-30 离任）" in entries[0].computation
    four_gained = Departure(ended_on=date(2025, 6, 30), stars=4, first_rating_stars=0)
    assert secretary_rewards(SecretaryYear(year=2026, periods=(), departed=four_gained), RULES) == []
    community = SecretaryYear(year=2026, periods=(), community=True, departed=departed)
    assert secretary_rewards(community, RULES) == []
