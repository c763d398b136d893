"""Award nominations (评先评优) in a user's scope, their filters and counts; whom a user may nominate; and the
consequences in force that bar or recommend a subject for a year, read in one query for a whole page."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from evaluations.models import AwardNomination, Consequence, ConsequenceStatus, NominationStatus
from evaluations.nomination_permissions import NOMINATE_CAPABILITY
from evaluations.rules.nominations import BARRING_ACTIONS, RECOMMENDING_ACTIONS, bars, recommends, term_years
from orgs.models import Level, Member, Organization, Secretary, User
from orgs.permissions import Capability, capability_paths, subtree_condition
from orgs.tree import STEPLEN, street_path_of
from scoring.engine.consequences import Action
from scoring.models import ConsequenceTarget

# The organizations that are nominated as advanced grassroots party organizations.
NOMINATED_LEVELS = (Level.STREET, Level.COMMUNITY, Level.BRANCH)


def nominations_visible_to(user: User) -> QuerySet:
    """The nominations of the organizations (and their people) in the user's subtrees."""
    condition = subtree_condition(user, Capability.VIEW_EVALUATIONS, "organization__path")
    nominations = AwardNomination.objects.all()
    if condition is not None:
        nominations = nominations.filter(condition)
    return nominations.select_related("organization", "nominated_by", "decided_by")


@dataclass(frozen=True)
class NominationFilters:
    """What the list is narrowed to: a year, an award, a street, a status."""

    year: int | None = None
    award: str = ""
    street: Organization | None = None
    status: str = ""

    def apply(self, nominations: QuerySet, *, with_status: bool = True) -> QuerySet:
        if self.year is not None:
            nominations = nominations.filter(year=self.year)
        if self.award:
            nominations = nominations.filter(award=self.award)
        if self.street is not None:
            nominations = nominations.filter(organization__path__startswith=self.street.path)
        if with_status and self.status:
            nominations = nominations.filter(status=self.status)
        return nominations.order_by("-year", "award", "organization__path", "person_name", "pk")


def nomination_counts(nominations: QuerySet) -> dict[str, int]:
    """How many nominations of the list are in each status, in one query."""
    return nominations.order_by().aggregate(
        **{status.value: Count("pk", filter=Q(status=status)) for status in NominationStatus}
    )


def years_of(nominations: QuerySet) -> list[int]:
    return sorted(set(nominations.order_by().values_list("year", flat=True).distinct()), reverse=True)


def street_names(nominations: list[AwardNomination]) -> dict[str, str]:
    """The street of each nomination on a page, by the street's path (one query)."""
    paths = {street_path_of(nomination.organization.path) for nomination in nominations}
    return dict(Organization.objects.filter(path__in=paths, level=Level.STREET).values_list("path", "name"))


def organizations_to_nominate(user: User) -> QuerySet:
    """The organizations the user nominates (or whose people): active ones strictly below the user's level."""
    if user.is_superuser:
        below = Q(depth__gt=1)
    else:
        below = Q(pk__in=[])
        for path in capability_paths(user, NOMINATE_CAPABILITY):
            below |= Q(path__startswith=path, depth__gt=len(path) // STEPLEN)
    return Organization.objects.filter(below, level__in=NOMINATED_LEVELS, is_active=True).order_by("path")


def people_of(organization: Organization) -> list[tuple[str, str, str]]:
    """The people of the organization's subtree one may nominate, as (choice, label, person key): the secretaries in
    office ("s<id>") and the active members ("m<id>"; of a street, its own members only); a member who is also a
    secretary is listed once, as secretary."""
    secretaries = list(
        Secretary.objects.filter(organization__path__startswith=organization.path, ended_on__isnull=True)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    keys = {secretary.id_card_hash for secretary in secretaries}
    # A street's whole membership would make a list of thousands: its members are chosen through their community.
    below = (
        Q(branch=organization) if organization.level == Level.STREET else Q(branch__path__startswith=organization.path)
    )
    members = (
        Member.objects.filter(below, is_active=True)
        .exclude(id_card_hash__in=keys)
        .select_related("branch")
        .order_by("branch__path", "name")
    )
    people = [
        (
            f"s{secretary.pk}",
            _("%(name)s, secretary of %(organization)s")
            % {"name": secretary.name, "organization": secretary.organization.name},
            secretary.id_card_hash,
        )
        for secretary in secretaries
    ]
    people += [
        (
            f"m{member.pk}",
            _("%(name)s, member of %(organization)s") % {"name": member.name, "organization": member.branch.name},
            member.id_card_hash,
        )
        for member in members
    ]
    return people


@dataclass(frozen=True)
class Subject:
    """Whom a nomination is about: the organization, or a person by the person key."""

    organization_id: int
    person_key: str = ""


def _consequences_about(subjects: Iterable[Subject], actions: Iterable[str]) -> list[Consequence]:
    """The consequences in force with one of the actions on the organizations (as organizations) or on the persons
    (as leader or member, wherever they were), one query."""
    subjects = list(subjects)
    organizations = {subject.organization_id for subject in subjects if not subject.person_key}
    persons = {subject.person_key for subject in subjects if subject.person_key}
    if not organizations and not persons:
        return []
    about = Q(target=ConsequenceTarget.ORGANIZATION, organization_id__in=organizations) | (
        ~Q(target=ConsequenceTarget.ORGANIZATION) & Q(person_key__in=persons)
    )
    return list(
        Consequence.objects.filter(about, status=ConsequenceStatus.ACTIVE, action__in=list(actions))
        .select_related("organization", "rule")
        .order_by("year", "pk")
    )


def _concerns(consequence: Consequence, subject: Subject) -> bool:
    if subject.person_key:
        return consequence.target != ConsequenceTarget.ORGANIZATION and consequence.person_key == subject.person_key
    return (
        consequence.target == ConsequenceTarget.ORGANIZATION and consequence.organization_id == subject.organization_id
    )


def _matching(subjects: dict[object, tuple[Subject, int]], actions, holds) -> dict[object, list[Consequence]]:
    """For each key's (subject, award year), the consequences in force with one of the actions that hold for the
    year (one query for all)."""
    found = _consequences_about((subject for subject, _year in subjects.values()), actions)
    return {
        key: [
            consequence
            for consequence in found
            if _concerns(consequence, subject)
            and holds(
                action=consequence.action, occasion=consequence.occasion, consequence_year=consequence.year, year=year
            )
        ]
        for key, (subject, year) in subjects.items()
    }


def barring(subjects: dict[object, tuple[Subject, int]]) -> dict[object, list[Consequence]]:
    """For each key's (subject, award year), the consequences in force that take its award eligibility."""
    return _matching(subjects, BARRING_ACTIONS, bars)


def recommending(subjects: dict[object, tuple[Subject, int]]) -> dict[object, list[Consequence]]:
    """For each key's (subject, award year), the consequences in force that recommend it for commendation."""
    return _matching(subjects, RECOMMENDING_ACTIONS, recommends)


def subject_of(nomination: AwardNomination) -> Subject:
    return Subject(nomination.organization_id, nomination.person_key)


def ineligibility(nominations: list[AwardNomination]) -> dict[int, list[Consequence]]:
    """The consequences in force that now bar each standing nomination of a page (one query): a result approved
    after the nomination may have taken the eligibility away."""
    standing = {
        nomination.pk: (subject_of(nomination), nomination.year)
        for nomination in nominations
        if nomination.status in (NominationStatus.SUBMITTED, NominationStatus.CONFIRMED)
    }
    return barring(standing) if standing else {}


def barring_reason(consequence: Consequence, subject_name: str) -> str:
    """Why a consequence bars a subject, naming the rule, its version and the results behind it."""
    if consequence.target != ConsequenceTarget.ORGANIZATION:
        subject_name = _("%(name)s (leader of %(organization)s at the time)") % {
            "name": subject_name,
            "organization": consequence.organization.name,
        }
    term = term_years(consequence.occasion)
    if consequence.action == Action.AWARD_INELIGIBLE_TERM and term is not None:
        when = _("in the committee term %(start)s–%(end)s") % {"start": term[0], "end": term[1]}
    else:
        when = _("in %(year)s") % {"year": consequence.year}
    return _("%(subject)s %(when)s: %(action)s. %(explanation)s (rule %(rule)s, version %(version)s)") % {
        "subject": subject_name,
        "when": when,
        "action": consequence.get_action_display(),
        "explanation": consequence.explanation,
        "rule": consequence.rule.code,
        "version": consequence.rule_version,
    }
