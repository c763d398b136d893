"""The five-star caps of a recommended list, pure: plain values in, plain values out.

Yucheng (seed 000): the district caps the share of five-star organizations (default 30 %, editable); Suxian
(seed 002) takes 3–5 points of the top-grade quota from a street weak in routine assessment. The list is approved
in batches, so the caps count the campaign's organizations already approved together with the batch.
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
    organizations: int
    five_star: int
    cap: Decimal
    streets: tuple[StreetQuota, ...]
    batch: int = 0
    approved: int = 0

    @property
    def share(self) -> Decimal:
        if not self.organizations:
            return Decimal(0)
        return (Decimal(self.five_star) * 100 / self.organizations).quantize(Decimal("0.1"))

    @property
    def district_ok(self) -> bool:
        return self.five_star * 100 <= self.cap * self.organizations

    @property
    def ok(self) -> bool:
        return self.district_ok and all(street.ok for street in self.streets)

    def failures(self) -> list[str]:
        """One sentence per failing check, naming the street and the numbers."""
        messages = []
        if not self.district_ok:
            messages.append(
                _(
                    "District (%(batch)d in this batch and %(approved)d approved before): %(five)d of %(count)d "
                    "organizations have five stars (%(share)s%%), more than the cap of %(cap)s%%."
                )
                % {
                    "batch": self.batch,
                    "approved": self.approved,
                    "five": self.five_star,
                    "count": self.organizations,
                    "share": self.share,
                    "cap": plain_number(self.cap),
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
            "approved": self.approved,
            "organizations": self.organizations,
            "five_star": self.five_star,
            "share": str(self.share),
            "cap": plain_number(self.cap),
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
) -> QuotaChecks:
    """The five-star caps: district-wide share ≤ cap; per street ≤ floor(count × (cap − penalty) / 100).

    ``entries`` are the batch's (street id, stars) pairs, ``approved`` those of the campaign's evaluations approved
    before: the caps hold for the whole campaign, both together. Suxian (seed 002): a street weak in routine
    assessment loses 3–5 points of its top-grade share.
    """
    cap = Decimal(cap)
    batch = len(entries)
    entries = [*approved, *entries]
    per_street: dict[int, list[int]] = {}
    for street_id, stars in entries:
        per_street.setdefault(street_id, []).append(stars)
    quotas = []
    for street_id, name in streets.items():
        stars = per_street.get(street_id)
        if not stars:
            continue
        penalty = Decimal(penalties.get(street_id, 0))
        allowed = max(math.floor(len(stars) * (cap - penalty) / 100), 0)
        quotas.append(StreetQuota(street_id, name, len(stars), stars.count(5), penalty, allowed))
    return QuotaChecks(
        organizations=len(entries),
        five_star=sum(1 for _street, stars in entries if stars == 5),
        cap=cap,
        streets=tuple(quotas),
        batch=batch,
        approved=len(entries) - batch,
    )
