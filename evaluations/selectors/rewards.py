"""Reads of the rewards ledger (seed 001), scoped to a user: one secretary's ledger year by year, and the table of a
street or the district for one year with each secretary's totals by kind (a constant number of queries)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum

from evaluations.models import (
    RewardCircumstance,
    RewardCircumstanceChange,
    RewardEntry,
    RewardEntryKind,
    SecretaryStarYear,
)
from evaluations.rules.rewards import RewardKind
from evaluations.selectors.reward_inputs import reward_inputs
from orgs.models import Level, Organization, Secretary, User
from orgs.permissions import Capability, subtree_condition
from orgs.tree import street_path_of


def reward_entries_visible_to(user: User, capability: Capability = Capability.VIEW_EVALUATIONS) -> QuerySet:
    """The ledger entries of the secretaries whose organization lies in the user's subtrees."""
    condition = subtree_condition(user, capability, "secretary__organization__path")
    entries = RewardEntry.objects.all()
    return entries if condition is None else entries.filter(condition)


@dataclass
class LedgerYear:
    year: int
    entries: list[RewardEntry] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((entry.amount for entry in self.entries), Decimal(0))


def secretary_ledger(secretary: Secretary) -> list[LedgerYear]:
    """A tenure's ledger, newest year first, each year's entries in the order they were recorded."""
    years: dict[int, LedgerYear] = {}
    entries = RewardEntry.objects.filter(secretary=secretary).select_related("recorded_by").order_by("-year", "pk")
    for entry in entries:
        years.setdefault(entry.year, LedgerYear(entry.year)).entries.append(entry)
    return list(years.values())


@dataclass(frozen=True)
class RewardsRow:
    secretary_id: int
    name: str
    organization: str
    street: str
    stars: int | None
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))

    def amount_list(self) -> list[Decimal]:
        return [self.amounts.get(kind, Decimal(0)) for kind in RewardKind.ORDER]


@dataclass(frozen=True)
class RewardsTable:
    scope: Organization
    year: int
    rows: list[RewardsRow]

    @property
    def kinds(self) -> list[tuple[str, str]]:
        labels = dict(RewardEntryKind.choices)
        return [(kind, labels[kind]) for kind in RewardKind.ORDER]

    def totals(self) -> list[Decimal]:
        return [sum((row.amounts.get(kind, Decimal(0)) for row in self.rows), Decimal(0)) for kind in RewardKind.ORDER]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), Decimal(0))


def rewards_table(scope: Organization, year: int) -> RewardsTable:
    """Every secretary of the scope (a street or the district) with a ledger or a star record in the year: their
    totals by kind, the street, and the year's star level."""
    in_scope = {"secretary__organization__path__startswith": scope.path}
    sums = (
        RewardEntry.objects.filter(year=year, **in_scope)
        .values("secretary_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    amounts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in sums:
        amounts[row["secretary_id"]][row["kind"]] = row["total"]
    levels = {
        found.secretary_id: found.facts.periods[-1].stars if found.facts.periods else None
        for found in reward_inputs(year=year, records=SecretaryStarYear.objects.filter(year=year, **in_scope))
    }
    tenures = (
        Secretary.objects.filter(pk__in=set(amounts) | set(levels))
        .select_related("organization")
        .order_by("organization__path", "name", "pk")
    )
    tenures = list(tenures)
    street_paths = {street_path_of(tenure.organization.path) for tenure in tenures}
    streets = dict(Organization.objects.filter(path__in=street_paths, level=Level.STREET).values_list("path", "name"))
    rows = [
        RewardsRow(
            secretary_id=tenure.pk,
            name=tenure.name,
            organization=tenure.organization.name,
            street=streets.get(street_path_of(tenure.organization.path), ""),
            stars=levels.get(tenure.pk),
            amounts=amounts.get(tenure.pk, {}),
        )
        for tenure in tenures
    ]
    return RewardsTable(scope=scope, year=year, rows=rows)


def circumstance_changes_visible_to(user: User, capability: Capability = Capability.VIEW_EVALUATIONS) -> QuerySet:
    """The recorded circumstances of the tenures whose organization lies in the user's subtrees, with what a list
    shows, newest first."""
    condition = subtree_condition(user, capability, "secretary__organization__path")
    changes = RewardCircumstanceChange.objects.all()
    changes = changes if condition is None else changes.filter(condition)
    return changes.select_related("secretary__organization", "proposed_by", "decided_by").prefetch_related("evidence")


def secretary_circumstances(secretary: Secretary) -> tuple[list[RewardCircumstance], list[RewardCircumstanceChange]]:
    """A tenure's confirmed circumstances year by year, and every record of them with its evidence."""
    confirmed = list(RewardCircumstance.objects.filter(secretary=secretary).order_by("-year"))
    changes = list(
        RewardCircumstanceChange.objects.filter(secretary=secretary)
        .select_related("proposed_by", "decided_by")
        .prefetch_related("evidence")
        .order_by("-proposed_at", "-pk")
    )
    return confirmed, changes
