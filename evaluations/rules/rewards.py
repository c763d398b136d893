"""The money that follows a secretary's stars (Jinyuan, seed 001), pure: plain values in, ledger entries out.

Village secretaries are paid 60 % base + 40 % performance by their star level (the one-shoulder secretary's year
from 50,580 to 74,172 yuan); 1,000 yuan for each star gained over last year (community secretaries: over the
previous year or the first rating); 1,000 yuan for each education-upgrade star; a pension subsidy of 100 yuan per
star up to a yearly cap; 50 yuan a month more on the departure subsidy of a village secretary leaving normally
with five or more stars gained over the first rating of the term (an ongoing monthly payment: the months after
leaving in the year of leaving, twelve months in every later year); a one-off reward for marked growth of the
collective economy. Each entry carries its computation as text. A star level changed mid-year (a removal) counts
from its date: pay and pension subsidy go by the days at each level.
"""

import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language, gettext

from evaluations.rules.reward_rules import PayKind, RewardRules

CENT = Decimal("0.01")
_CATALOGUES: dict[str | None, dict[str, str]] = {}


def translator() -> Callable[[str], str]:
    """gettext for the active language, remembered: a ledger of thousands of secretaries writes the same phrases
    tens of thousands of times. The functions below take it as their ``_`` argument (so the phrases stay marked
    for translation)."""
    catalogue = _CATALOGUES.setdefault(get_language(), {})

    def translate(message: str) -> str:
        found = catalogue.get(message)
        if found is None:
            found = catalogue[message] = gettext(message)
        return found

    return translate


class RewardKind:
    """The kinds of ledger entry, in the order the ledger shows them."""

    BASE_PAY = "base_pay"
    PERFORMANCE_PAY = "performance_pay"
    STAR_GAIN = "star_gain"
    EDUCATION_UPGRADE = "education_upgrade"
    PENSION_SUBSIDY = "pension_subsidy"
    DEPARTURE_SUBSIDY = "departure_subsidy"
    COLLECTIVE_ECONOMY = "collective_economy"
    ORDER = (
        BASE_PAY,
        PERFORMANCE_PAY,
        STAR_GAIN,
        EDUCATION_UPGRADE,
        PENSION_SUBSIDY,
        DEPARTURE_SUBSIDY,
        COLLECTIVE_ECONOMY,
    )


@dataclass(frozen=True)
class StarPeriod:
    """The star level in force from ``starts_on`` (until the next period or the end of the year)."""

    starts_on: date
    stars: int
    reason: str = ""


@dataclass(frozen=True)
class SecretaryYear:
    """What the money of one secretary in one year depends on. ``periods`` lie within the year and the tenure,
    the first one starting when the secretary's year starts; ``community`` is an urban community's secretary."""

    year: int
    periods: tuple[StarPeriod, ...]
    community: bool = False
    one_shoulder: bool = False
    last_year_stars: int | None = None
    first_rating_stars: int | None = None
    education_upgrade_stars: int = 0
    collective_economy_growth: bool = False
    ended_on: date | None = None  # the tenure ends within the year
    left_normally: bool = False
    departed: "Departure | None" = None  # the tenure ended normally in an earlier year (no periods this year)


@dataclass(frozen=True)
class Departure:
    """A village secretary's normal departure in an earlier year: the level held when leaving and the term's first
    rating, which decide the departure subsidy increase of every later year."""

    ended_on: date
    stars: int
    first_rating_stars: int


@dataclass(frozen=True)
class Entry:
    kind: str
    amount: Decimal
    computation: str
    effective_from: date
    reasons: tuple[str, ...] = field(default=())
    changed_from: date | None = None  # the latest change of the star level within the year, if any


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal, _: Callable[[str], str] = gettext) -> str:
    """1000 → "1,000元", 44503.2 → "44,503.20元"."""
    text = f"{money(value):,.2f}"
    return (text.removesuffix(".00")) + _("yuan")


def stars_text(stars: int, _: Callable[[str], str] = gettext) -> str:
    return _("%(stars)s stars") % {"stars": stars}


def _year_days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _spans(facts: SecretaryYear) -> list[tuple[StarPeriod, int]]:
    """Each period with its number of days, up to the next period or the end of the year (or tenure)."""
    last_day = facts.ended_on or date(facts.year, 12, 31)
    spans = []
    for index, period in enumerate(facts.periods):
        following = facts.periods[index + 1].starts_on if index + 1 < len(facts.periods) else None
        end = following.toordinal() - 1 if following else last_day.toordinal()
        spans.append((period, max(0, end - period.starts_on.toordinal() + 1)))
    return spans


def _by_days(facts: SecretaryYear, yearly, label, _) -> tuple[Decimal, str]:
    """A yearly amount that depends on the star level, counted by the days at each level; periods in a row with the
    same yearly amount count as one."""
    spans: list[tuple[StarPeriod, int]] = []
    for period, days in _spans(facts):
        if spans and yearly(spans[-1][0].stars) == yearly(period.stars):
            spans[-1] = (spans[-1][0], spans[-1][1] + days)
        else:
            spans.append((period, days))
    whole_year = _year_days(facts.year)
    if len(spans) == 1 and spans[0][1] == whole_year:
        period = spans[0][0]
        return money(yearly(period.stars)), label(period.stars)
    parts, total = [], Decimal(0)
    for period, days in spans:
        amount = money(yearly(period.stars) * days / whole_year)
        total += amount
        parts.append(
            _("from %(date)s %(what)s × %(days)s/%(year_days)s days = %(amount)s")
            % {
                "date": period.starts_on.isoformat(),
                "what": label(period.stars),
                "days": days,
                "year_days": whole_year,
                "amount": yuan(amount, _),
            }
        )
    return total, "；".join(parts)


def _pay_entries(facts: SecretaryYear, rules: RewardRules, start: date, _) -> list[Entry]:
    scale = rules.pay_table[PayKind.ONE_SHOULDER if facts.one_shoulder else PayKind.VILLAGE]
    share = rules.base_share
    base_yearly = money(scale.standard_pay * share)

    def base_label(_stars: int) -> str:
        return _("standard pay %(standard)s × %(share)s%% = %(amount)s") % {
            "standard": yuan(scale.standard_pay, _),
            "share": format((share * 100).normalize(), "f"),
            "amount": yuan(base_yearly, _),
        }

    def performance_label(stars: int) -> str:
        return _("performance pay at %(stars)s = %(amount)s") % {
            "stars": stars_text(stars, _),
            "amount": yuan(scale.performance_at(stars), _),
        }

    base, base_text = _by_days(facts, lambda stars: base_yearly, base_label, _)
    performance, performance_text = _by_days(facts, lambda stars: scale.performance_at(stars), performance_label, _)
    return [
        Entry(RewardKind.BASE_PAY, base, base_text, start),
        Entry(RewardKind.PERFORMANCE_PAY, performance, performance_text, start),
    ]


def star_gain_reference(facts: SecretaryYear, _: Callable[[str], str] = gettext) -> tuple[int | None, str]:
    """The level the year's stars are compared with: last year's; a community secretary without one compares
    with the first rating (seed 001: 比上年度（初评）)."""
    if facts.last_year_stars is not None:
        return facts.last_year_stars, _("last year")
    if facts.community and facts.first_rating_stars is not None:
        return facts.first_rating_stars, _("the first rating")
    return None, ""


def _star_gain_entry(facts: SecretaryYear, rules: RewardRules, stars: int, since: date, _) -> Entry | None:
    reference, against = star_gain_reference(facts, _)
    if reference is None:
        return None
    gained = max(0, stars - reference)
    computation = _("%(now)s − %(then)s (%(against)s) = %(gained)s × %(each)s = %(amount)s") % {
        "now": stars_text(stars, _),
        "then": stars_text(reference, _),
        "against": against,
        "gained": stars_text(gained, _),
        "each": yuan(rules.star_gain_reward, _),
        "amount": yuan(gained * rules.star_gain_reward, _),
    }
    return Entry(RewardKind.STAR_GAIN, money(gained * rules.star_gain_reward), computation, since)


def _pension_entry(facts: SecretaryYear, rules: RewardRules, start: date, _) -> Entry:
    def label(stars: int) -> str:
        return _("%(stars)s × %(each)s = %(amount)s") % {
            "stars": stars_text(stars, _),
            "each": yuan(rules.pension_subsidy_per_star, _),
            "amount": yuan(stars * rules.pension_subsidy_per_star, _),
        }

    amount, computation = _by_days(facts, lambda stars: stars * rules.pension_subsidy_per_star, label, _)
    cap = rules.pension_subsidy_yearly_cap
    if cap is not None and amount > cap:
        computation += _("; capped at the yearly limit of %(cap)s") % {"cap": yuan(cap, _)}
        amount = money(cap)
    return Entry(RewardKind.PENSION_SUBSIDY, amount, computation, start)


def _departure_entry(facts: SecretaryYear, rules: RewardRules, stars: int, _) -> Entry | None:
    """Seed 001: a village secretary leaving normally with five or more stars gained over the first rating of the
    term gets 50 yuan a month more on the monthly departure subsidy: in the year of leaving for the months after the
    departure, in every later year for twelve months."""
    if facts.community:
        return None
    if facts.departed is not None:
        stars, first, months = facts.departed.stars, facts.departed.first_rating_stars, 12
        effective_from = date(facts.year, 1, 1)
        period = _("%(months)s months of %(year)s (left office on %(date)s)") % {
            "months": months,
            "year": facts.year,
            "date": facts.departed.ended_on.isoformat(),
        }
    else:
        if facts.ended_on is None or not facts.left_normally or facts.first_rating_stars is None:
            return None
        first, months, effective_from = facts.first_rating_stars, 12 - facts.ended_on.month, facts.ended_on
        period = _("%(months)s months after leaving") % {"months": months}
    gained = stars - first
    if gained < rules.departure_min_stars_gained:
        return None
    amount = money(months * rules.departure_extra_monthly)
    computation = _(
        "%(now)s − %(first)s (first rating of the term) = %(gained)s ≥ %(minimum)s: %(each)s a month × %(period)s "
        "= %(amount)s"
    ) % {
        "now": stars_text(stars, _),
        "first": stars_text(first, _),
        "gained": stars_text(gained, _),
        "minimum": stars_text(rules.departure_min_stars_gained, _),
        "each": yuan(rules.departure_extra_monthly, _),
        "period": period,
        "amount": yuan(amount, _),
    }
    return Entry(RewardKind.DEPARTURE_SUBSIDY, amount, computation, effective_from)


@dataclass(frozen=True)
class Removal:
    """Stars removed at any time (随时摘星), from a date."""

    effective_on: date
    stars: int
    reason: str


def year_periods(
    *, year: int, tenure_start: date, tenure_end: date | None, rated_level: int, removals: Sequence[Removal]
) -> tuple[StarPeriod, ...]:
    """The star level over the year: the year's rating (before any removal) from the start of the year or tenure,
    then one period from each removal's date. Seed 001: 摘星 changes the rewards from that date."""
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    start = max(first_day, tenure_start)
    end = min(last_day, tenure_end) if tenure_end else last_day
    if start > end:
        return ()
    current = rated_level
    periods = [StarPeriod(start, current)]
    for removal in sorted(removals, key=lambda removal: removal.effective_on):
        if removal.effective_on > end:
            continue
        current = max(0, current - removal.stars)
        on = max(start, removal.effective_on)
        if periods[-1].starts_on == on:
            periods[-1] = StarPeriod(on, current, periods[-1].reason or removal.reason)
        else:
            periods.append(StarPeriod(on, current, removal.reason))
    return tuple(periods)


def secretary_rewards(facts: SecretaryYear, rules: RewardRules, _: Callable[[str], str] | None = None) -> list[Entry]:
    """The year's entries of one secretary, each with its computation; a secretary without a star level in the
    year gets none but the departure subsidy of an earlier normal departure. Community secretaries are paid under the
    community workers' scale, so no pay entries here."""
    _ = _ or translator()
    if not facts.periods:
        departure = _departure_entry(facts, rules, 0, _) if facts.departed is not None else None
        return [] if departure is None else [departure]
    start = facts.periods[0].starts_on
    final = facts.periods[-1]
    since = final.starts_on if len(facts.periods) > 1 else start
    entries = [] if facts.community else _pay_entries(facts, rules, start, _)
    gain = _star_gain_entry(facts, rules, final.stars, since, _)
    if gain is not None:
        entries.append(gain)
    if facts.education_upgrade_stars:
        amount = money(facts.education_upgrade_stars * rules.education_upgrade_reward)
        computation = _("%(stars)s × %(each)s = %(amount)s") % {
            "stars": stars_text(facts.education_upgrade_stars, _),
            "each": yuan(rules.education_upgrade_reward, _),
            "amount": yuan(amount, _),
        }
        entries.append(Entry(RewardKind.EDUCATION_UPGRADE, amount, computation, start))
    entries.append(_pension_entry(facts, rules, start, _))
    departure = _departure_entry(facts, rules, final.stars, _)
    if departure is not None:
        entries.append(departure)
    if facts.collective_economy_growth and not facts.community:
        computation = _("one-off reward for marked growth of the collective economy = %(amount)s") % {
            "amount": yuan(rules.collective_economy_reward, _)
        }
        entries.append(Entry(RewardKind.COLLECTIVE_ECONOMY, money(rules.collective_economy_reward), computation, start))
    reasons = tuple(period.reason for period in facts.periods[1:] if period.reason)
    changed_from = final.starts_on if len(facts.periods) > 1 else None
    return [Entry(e.kind, e.amount, e.computation, e.effective_from, reasons, changed_from) for e in entries]


def adjustments(
    expected: Sequence[Entry],
    recorded: Mapping[str, Decimal],
    default_reason: str,
    on: date,
    _: Callable[[str], str] = gettext,
) -> list[tuple[Entry, bool, str]]:
    """What to append so that the ledger's sum per kind equals the expected amount: ``(entry, is_adjustment,
    reason)``. A kind never recorded gets its entry as computed; a recorded kind that differs gets an adjusting
    entry for the difference; a recorded kind no longer expected is brought back to zero."""
    appended = []
    expected_kinds = {entry.kind for entry in expected}
    for entry in expected:
        if entry.kind not in recorded:
            appended.append((entry, False, ""))
            continue
        difference = entry.amount - recorded[entry.kind]
        if difference:
            text = _("%(due)s due − %(recorded)s recorded = %(difference)s; %(computation)s") % {
                "due": yuan(entry.amount, _),
                "recorded": yuan(recorded[entry.kind], _),
                "difference": yuan(difference, _),
                "computation": entry.computation,
            }
            reason = "；".join(entry.reasons) or default_reason
            on_date = entry.changed_from or entry.effective_from
            appended.append((Entry(entry.kind, difference, text, on_date), True, reason))
    for kind, amount in recorded.items():
        if kind not in expected_kinds and amount:
            text = _("no longer due: 0 − %(recorded)s recorded") % {"recorded": yuan(amount, _)}
            appended.append((Entry(kind, -amount, text, on), True, default_reason))
    return appended
