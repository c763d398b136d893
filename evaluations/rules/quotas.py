"""The five-star caps of a recommended list, pure: plain values in, plain values out.

Yucheng (seed 000): the district caps the share of five-star organizations (default 30 %, editable); Suxian
(seed 002) takes 3–5 points of the top-grade quota from a street weak in routine assessment. The list is approved
in batches as streets finish, so the caps hold for the whole campaign: the five-star places come from all its rated
organizations, and the batch's five stars count together with those already approved.
"""

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class StreetQuota:
    street_id: int
    street: str
    organizations: int
    five_star: int
    penalty: Decimal
    allowed: int

    @property
    def ok(self) -> bool:
        return self.five_star <= self.allowed


@dataclass(frozen=True)
class QuotaChecks:
    """The caps over the whole campaign: ``organizations`` are the campaign's rated organizations (withdrawn ones
    left out), ``five_star`` the five stars of the approved ones and of the batch together."""

    organizations: int
    five_star: int
    cap: Decimal
    streets: tuple[StreetQuota, ...]
    batch: int = 0
    approved: int = 0
    batch_five_star: int = 0

    @property
    def share(self) -> Decimal:
        if not self.organizations:
            return Decimal(0)
        return (Decimal(self.five_star) * 100 / self.organizations).quantize(Decimal("0.1"))

    @property
    def allowed(self) -> int:
        """Five-star places of the whole campaign: floor(organizations × cap / 100)."""
        return max(math.floor(self.organizations * self.cap / 100), 0)

    @property
    def district_ok(self) -> bool:
        return self.five_star <= self.allowed

    @property
    def ok(self) -> bool:
        return self.district_ok and all(street.ok for street in self.streets)

    def failures(self) -> list[str]:
        """One sentence per failing check, naming the street, the cap and the numbers."""
        messages = []
        if not self.district_ok and not self.batch:
            messages.append(
                _(
                    "District: %(five)d of the campaign's %(count)d organizations have five stars (%(share)s%%), "
                    "more than the cap of %(cap)s%% (at most %(allowed)d)."
                )
                % {
                    "five": self.five_star,
                    "count": self.organizations,
                    "share": self.share,
                    "cap": plain_number(self.cap),
                    "allowed": self.allowed,
                }
            )
        elif not self.district_ok:
            messages.append(
                _(
                    "District: %(five)d of the campaign's %(count)d organizations would have five stars "
                    "(%(share)s%%: %(batch_five)d in this batch of %(batch)d, %(approved_five)d of the %(approved)d "
                    "approved before), more than the cap of %(cap)s%% (at most %(allowed)d)."
                )
                % {
                    "five": self.five_star,
                    "count": self.organizations,
                    "share": self.share,
                    "batch_five": self.batch_five_star,
                    "batch": self.batch,
                    "approved_five": self.five_star - self.batch_five_star,
                    "approved": self.approved,
                    "cap": plain_number(self.cap),
                    "allowed": self.allowed,
                }
            )
        for street in self.streets:
            if not street.ok:
                messages.append(
                    _(
                        "%(street)s: %(five)d five-star organizations, at most %(allowed)d allowed "
                        "(%(count)d organizations × (%(cap)s%% − %(penalty)s points) = %(exact)s, rounded down)."
                    )
                    % {
                        "street": street.street,
                        "five": street.five_star,
                        "allowed": street.allowed,
                        "count": street.organizations,
                        "cap": plain_number(self.cap),
                        "penalty": plain_number(street.penalty),
                        "exact": plain_number(
                            (street.organizations * (self.cap - street.penalty) / 100).quantize(Decimal("0.01"))
                        ),
                    }
                )
        return messages

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "batch": self.batch,
            "batch_five_star": self.batch_five_star,
            "approved": self.approved,
            "organizations": self.organizations,
            "five_star": self.five_star,
            "share": str(self.share),
            "cap": plain_number(self.cap),
            "allowed": self.allowed,
            "district_ok": self.district_ok,
            "streets": [
                asdict(street) | {"penalty": plain_number(street.penalty), "ok": street.ok} for street in self.streets
            ],
            "failures": self.failures(),
        }


def plain_number(number: Decimal) -> str:
    text = format(Decimal(number).normalize(), "f")
    return "0" if text == "-0" else text


def quota_checks(
    *,
    entries: list[tuple[int, int]],
    streets: dict[int, str],
    cap: Decimal,
    penalties: dict[int, Decimal],
    approved: Sequence[tuple[int, int]] = (),
    rated: Sequence[int] | None = None,
) -> QuotaChecks:
    """The five-star caps over the whole campaign: its five stars ≤ floor(organizations × cap / 100), and per street
    ≤ floor(the street's organizations × (cap − penalty) / 100).

    ``entries`` are the batch's (street id, stars) pairs and ``approved`` those of the campaign's evaluations approved
    before: their five stars count together. ``rated`` holds the street id of every organization the campaign rates
    (withdrawn ones left out): the places are shared out over all of them, so the batches approved as streets finish
    use up one quota. Without ``rated``, the organizations are the batch and the approved ones. Suxian (seed 002): a
    street weak in routine assessment loses 3–5 points of its top-grade share.
    """
    cap = Decimal(cap)
    starred = [*approved, *entries]
    rated = [street_id for street_id, _stars in starred] if rated is None else list(rated)
    organizations_of: dict[int, int] = {}
    for street_id in rated:
        organizations_of[street_id] = organizations_of.get(street_id, 0) + 1
    five_of: dict[int, int] = {}
    for street_id, stars in starred:
        five_of.setdefault(street_id, 0)
        if stars == 5:
            five_of[street_id] += 1
    quotas = []
    for street_id, name in streets.items():
        if street_id not in five_of:
            continue
        count = max(organizations_of.get(street_id, 0), sum(1 for street, _stars in starred if street == street_id))
        penalty = Decimal(penalties.get(street_id, 0))
        allowed = max(math.floor(count * (cap - penalty) / 100), 0)
        quotas.append(StreetQuota(street_id, name, count, five_of[street_id], penalty, allowed))
    return QuotaChecks(
        organizations=max(len(rated), len(starred)),
        five_star=sum(five_of.values()),
        cap=cap,
        streets=tuple(quotas),
        batch=len(entries),
        approved=len(approved),
        batch_five_star=sum(1 for _street, stars in entries if stars == 5),
    )
