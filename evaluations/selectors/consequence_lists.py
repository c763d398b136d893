"""The consequence lists (结果运用清单) in a user's scope: the active consequences of the organizations in the user's
subtrees, their filters, the size of each list and the streets of a page of rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from evaluations.models import (
    Consequence,
    ConsequenceStatus,
    RectificationCase,
    SecretaryStarYear,
    SecretarySupervision,
)
from evaluations.rules.consequence_lists import LIST_ACTIONS, ConsequenceList
from evaluations.rules.rectification import CONSEQUENCE_SOURCE
from evaluations.selectors.rectification import organizations_to_open_on
from orgs.models import Level, Organization, User
from orgs.permissions import Capability, subtree_condition
from orgs.tree import street_path_of
from scoring.engine.consequences import Action
from scoring.models import ConsequenceRule

CASE_ACTIONS = (Action.WEAK_AND_LAX, Action.RECTIFICATION)
ORDER = ("-year", "organization__path", "rule__order", "target", "person_name", "pk")


def consequences_visible_to(user: User) -> QuerySet:
    """The consequences in force of the organizations in the user's subtrees (a withdrawn one is on no list)."""
    condition = subtree_condition(user, Capability.VIEW_EVALUATIONS, "organization__path")
    consequences = Consequence.objects.filter(status=ConsequenceStatus.ACTIVE)
    if condition is not None:
        consequences = consequences.filter(condition)
    return consequences.select_related("organization", "rule", "rule_set")


@dataclass(frozen=True)
class ConsequenceFilters:
    """What the lists are narrowed to: a street, a year, a rule; and which list is shown."""

    street: Organization | None = None
    year: int | None = None
    rule: ConsequenceRule | None = None
    list_code: str = ""

    def apply(self, consequences: QuerySet, *, with_list: bool = True) -> QuerySet:
        if self.street is not None:
            consequences = consequences.filter(organization__path__startswith=self.street.path)
        if self.year is not None:
            consequences = consequences.filter(year=self.year)
        if self.rule is not None:
            consequences = consequences.filter(rule=self.rule)
        if with_list and self.list_code:
            consequences = consequences.filter(action__in=LIST_ACTIONS[ConsequenceList(self.list_code)])
        return consequences.order_by(*ORDER)


def list_counts(consequences: QuerySet) -> dict[str, int]:
    """How many rows each list holds, in one query."""
    return consequences.order_by().aggregate(
        **{code.value: Count("pk", filter=Q(action__in=actions)) for code, actions in LIST_ACTIONS.items()}
    )


def years_of(consequences: QuerySet) -> list[int]:
    return sorted(set(consequences.order_by().values_list("year", flat=True).distinct()), reverse=True)


def rules_of(consequences: QuerySet) -> QuerySet:
    """The rules that made a consequence in scope, to narrow the list to one."""
    rule_ids = consequences.order_by().values("rule_id")
    return (
        ConsequenceRule.objects.filter(pk__in=rule_ids)
        .select_related("rule_set")
        .order_by("rule_set__code", "-rule_set__version", "order", "pk")
    )


def street_names(consequences: list[Consequence]) -> dict[str, str]:
    """The street of each row on a page of a list, by the street's path (one query)."""
    paths = {street_path_of(consequence.organization.path) for consequence in consequences}
    return dict(Organization.objects.filter(path__in=paths, level=Level.STREET).values_list("path", "name"))


def street_of(consequence: Consequence, streets: dict[str, str]) -> str:
    return streets.get(street_path_of(consequence.organization.path), "")


def opening_rectification(user: User, rows: list[Consequence]) -> set[int]:
    """The rows that ask for a rectification case (a weak-and-lax organization, a rectification within a deadline)
    on an organization the user may open one on (one query)."""
    asking = [row for row in rows if row.action in CASE_ACTIONS]
    if not asking:
        return set()
    organizations = set(
        organizations_to_open_on(user)
        .filter(pk__in={row.organization_id for row in asking})
        .values_list("pk", flat=True)
    )
    return {row.pk for row in asking if row.organization_id in organizations}


def _firing(row: Consequence) -> tuple[int, int, str]:
    """What names one firing of a rule on an organization: its weak-and-lax row and its rectification row share it."""
    return (row.rule_id, row.organization_id, row.occasion)


def same_firing(rows: list[Consequence]) -> QuerySet:
    """The consequences in force asking for a case that the same firings as the rows made (one L2 firing puts the
    organization on the weak-and-lax list and gives it a deadline to rectify: one case serves both)."""
    condition = Q(pk__in=[])
    for rule_id, organization_id, occasion in {_firing(row) for row in rows}:
        condition |= Q(rule_id=rule_id, organization_id=organization_id, occasion=occasion)
    return Consequence.objects.filter(condition, action__in=CASE_ACTIONS, status=ConsequenceStatus.ACTIVE)


def cases_opened_from(rows: list[Consequence]) -> dict[int, RectificationCase]:
    """The rectification case opened from each row that has one, or from a row of the same firing (one query)."""
    asking = [row for row in rows if row.action in CASE_ACTIONS]
    if not asking:
        return {}
    source = Consequence.objects.filter(pk=OuterRef("source_id"))
    cases = (
        RectificationCase.objects.filter(source_kind=CONSEQUENCE_SOURCE, source_id__in=same_firing(asking).values("pk"))
        .annotate(firing_rule=Subquery(source.values("rule_id")), firing_occasion=Subquery(source.values("occasion")))
        .only("pk", "status", "source_id", "source_kind", "organization_id")
        .order_by("pk")
    )
    by_firing: dict[tuple[int, int, str], RectificationCase] = {}
    for case in cases:
        by_firing.setdefault((case.firing_rule, case.organization_id, case.firing_occasion), case)
    opened = {row.pk: by_firing.get(_firing(row)) for row in asking}
    return {pk: case for pk, case in opened.items() if case is not None}


@dataclass(frozen=True)
class SupervisionLink:
    """Where a secretary follow-up row (书记诫勉监督) is carried out: the person's star record of the year on the
    honour and supervision lists, and the deadline of the supervision once the district has set it."""

    record_id: int
    deadline: date | None


def supervisions_of(rows: list[Consequence]) -> dict[int, SupervisionLink]:
    """The star record and the supervision of each secretary follow-up row (one query, none without such a row)."""
    following = [row for row in rows if row.action == Action.SECRETARY_FOLLOW_UP and row.person_key]
    if not following:
        return {}
    supervision = SecretarySupervision.objects.filter(person_key=OuterRef("person_key"), year=OuterRef("year"))
    records = (
        SecretaryStarYear.objects.filter(
            person_key__in={row.person_key for row in following}, year__in={row.year for row in following}
        )
        .annotate(deadline=Subquery(supervision.values("deadline")[:1]))
        .values_list("person_key", "year", "pk", "deadline")
    )
    found = {(person_key, year): SupervisionLink(pk, deadline) for person_key, year, pk, deadline in records}
    links = {row.pk: found.get((row.person_key, row.year)) for row in following}
    return {pk: link for pk, link in links.items() if link is not None}


def consequences_to_open_from(user: User) -> QuerySet:
    """The consequences in force that ask for a rectification case, on an organization the user may open one on."""
    return Consequence.objects.filter(
        status=ConsequenceStatus.ACTIVE,
        action__in=CASE_ACTIONS,
        organization__in=organizations_to_open_on(user),
    ).select_related("organization")
