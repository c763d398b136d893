"""The money rules of seed 001 as values: the pay table and the amounts, read from the fixture YAML
(fixtures/rules/jinyuan_rewards.yaml) or from the rule set the admin edits. Pure: no database."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

REWARD_RULES_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rules" / "jinyuan_rewards.yaml"


class PayKind:
    ONE_SHOULDER = "one_shoulder"
    VILLAGE = "village"


@dataclass(frozen=True)
class PayScale:
    """One row of the pay table: the year's standard pay (its base share is the base pay) and the performance pay
    of each star level."""

    standard_pay: Decimal
    performance: Mapping[int, Decimal]

    def performance_at(self, stars: int) -> Decimal:
        """The performance pay of a level; a level above the table's highest gets the highest."""
        return self.performance[min(stars, max(self.performance))]


@dataclass(frozen=True)
class RewardRules:
    base_share: Decimal
    star_gain_reward: Decimal
    education_upgrade_reward: Decimal
    pension_subsidy_per_star: Decimal
    pension_subsidy_yearly_cap: Decimal | None
    departure_extra_monthly: Decimal
    departure_min_stars_gained: int
    collective_economy_reward: Decimal
    pay_table: Mapping[str, PayScale]


def rules_from_dict(data: Mapping) -> RewardRules:
    """The rules as the fixture (or the admin's stored copy) writes them."""

    def optional(value) -> Decimal | None:
        return None if value in (None, "") else Decimal(str(value))

    pay_table = {
        kind: PayScale(
            standard_pay=Decimal(str(row["standard_pay"])),
            performance={int(stars): Decimal(str(amount)) for stars, amount in row["performance"].items()},
        )
        for kind, row in data["pay_table"].items()
    }
    return RewardRules(
        base_share=Decimal(str(data["base_share"])),
        star_gain_reward=Decimal(str(data["star_gain_reward"])),
        education_upgrade_reward=Decimal(str(data["education_upgrade_reward"])),
        pension_subsidy_per_star=Decimal(str(data["pension_subsidy_per_star"])),
        pension_subsidy_yearly_cap=optional(data.get("pension_subsidy_yearly_cap")),
        departure_extra_monthly=Decimal(str(data["departure_extra_monthly"])),
        departure_min_stars_gained=int(data["departure_min_stars_gained"]),
        collective_economy_reward=Decimal(str(data["collective_economy_reward"])),
        pay_table=pay_table,
    )


def rule_set_fields_from_yaml(text: str) -> dict:
    """The fixture's fields as the rule set stores them; its leading comment (the seed's figures and the
    documented defaults) becomes the source."""
    comment = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment.append(line.removeprefix("#").strip())
    fields = yaml.safe_load(text)
    fields["source"] = "\n".join(comment)
    return fields
