"""民主测评 (democratic vote) of the pioneer index, pure: its options, its quorum and the tally of one member.

Lengshuijiang 先锋指数 (seed 004): 党员自评 → 民主测评 → 支部评议 → 公示; every member of the branch rates every
other member. The seed names the grades but gives no quorum; the defaults below are the documented ones a
template may replace under ``democratic_vote`` (``options``: a list of ``{code, label}``; ``quorum``: a share
such as "2/3" or "0.8" of the branch's members who must have voted before the vote can close).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil

from django.utils.translation import gettext_lazy as _

DEFAULT_OPTIONS = (
    ("excellent", _("Excellent")),
    ("qualified", _("Qualified")),
    ("basically_qualified", _("Basically qualified")),
    ("unqualified", _("Unqualified")),
)
# Two thirds of the branch's members, the usual quorum of a branch meeting; the template may set another.
DEFAULT_QUORUM = "2/3"

SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class DemocraticVoteSettings:
    options: tuple[tuple[str, str], ...]
    quorum: str

    @property
    def option_codes(self) -> list[str]:
        return [code for code, _label in self.options]

    def label(self, code: str) -> str:
        return next((str(label) for option_code, label in self.options if option_code == code), code)


def quorum_share(quorum: str) -> Fraction | None:
    """The quorum as a fraction in (0, 1], or None when the text is not one."""
    try:
        share = Fraction(str(quorum).strip())
    except (ValueError, ZeroDivisionError):
        return None
    return share if 0 < share <= 1 else None


def democratic_vote_settings(stored: dict | None) -> DemocraticVoteSettings:
    """The template's ``democratic_vote`` section, or the defaults for what it does not say."""
    stored = stored or {}
    options = tuple((str(o["code"]), str(o["label"])) for o in stored.get("options") or ()) or DEFAULT_OPTIONS
    quorum = str(stored.get("quorum") or DEFAULT_QUORUM)
    return DemocraticVoteSettings(options, quorum if quorum_share(quorum) else DEFAULT_QUORUM)


def quorum_required(eligible_voters: int, quorum: str) -> int:
    """How many members must have voted: the quorum share of the eligible voters, rounded up."""
    share = quorum_share(quorum) or Fraction(DEFAULT_QUORUM)
    return ceil(eligible_voters * share)


@dataclass(frozen=True)
class VoteTally:
    """The democratic vote about one member: counts per option (online and paper together), how many voters took
    part in the branch, the quorum, and the share of each option among the choices made about this member."""

    evaluation_id: int
    vote_id: int | None
    status: str  # "not_opened", "open" or "closed"
    options: tuple[tuple[str, str], ...]
    counts: dict[str, int]
    paper_counts: dict[str, int]
    ballots_counted: int  # choices made about this member
    voters_counted: int  # members of the branch who voted, online or at the meeting
    eligible_voters: int
    quorum: str
    quorum_required: int
    quorum_met: bool
    shares: dict[str, Decimal] = field(default_factory=dict)


def tally(
    *,
    evaluation_id: int,
    vote_id: int | None,
    status: str,
    options: tuple[tuple[str, str], ...],
    online_counts: dict[str, int],
    paper_counts: dict[str, int],
    voters_counted: int,
    eligible_voters: int,
    quorum: str,
) -> VoteTally:
    """Add the online and paper counts, work out the shares (4 places) and whether the quorum is met."""
    counts = {code: online_counts.get(code, 0) + paper_counts.get(code, 0) for code, _label in options}
    ballots = sum(counts.values())
    shares = {
        code: (Decimal(count) / Decimal(ballots)).quantize(SHARE_PLACES, ROUND_HALF_UP) if ballots else Decimal(0)
        for code, count in counts.items()
    }
    required = quorum_required(eligible_voters, quorum)
    return VoteTally(
        evaluation_id=evaluation_id,
        vote_id=vote_id,
        status=status,
        options=options,
        counts=counts,
        paper_counts={code: paper_counts.get(code, 0) for code, _label in options},
        ballots_counted=ballots,
        voters_counted=voters_counted,
        eligible_voters=eligible_voters,
        quorum=quorum,
        quorum_required=required,
        quorum_met=vote_id is not None and eligible_voters > 0 and voters_counted >= required,
        shares=shares,
    )
