"""The doors of the secretaries' star management and of the rewards ledger that follows it (seed 001): every page
and API of a star change, its evidence, a district's year, a star record and a ledger reaches its object here, as the
process's objects are reached in evaluations/permissions.py."""

from django.http import Http404

from evaluations.models.rewards import RewardCircumstanceChange, RewardCircumstanceEvidence
from evaluations.models.secretary_stars import (
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretaryStarEvidence,
    SecretaryStarYear,
)
from evaluations.permissions import get_secretary_for_user
from orgs.models import Level, Organization, Secretary, User
from orgs.permissions import (
    NOT_IN_SCOPE,
    Capability,
    check_capability_on,
    get_organization_for_user,
    has_any_capability,
    refuse,
)

# The rewards ledger (seed 001): money is shown to those who run the rating, review it in the street or approve it,
# and a secretary's own ledger to their organization; computing and correcting is the district's.
REWARDS_VIEW_CAPABILITIES = (Capability.MANAGE_CAMPAIGNS, Capability.REVIEW_SCORES, Capability.APPROVE_RESULTS)
LEDGER_VIEW_CAPABILITIES = (*REWARDS_VIEW_CAPABILITIES, Capability.ENTER_SELF_ASSESSMENT)


def get_secretary_ledger_for_user(user: User, pk: object, *, correct: bool = False) -> Secretary:
    """A secretary's rewards ledger: out of scope 404; without a capability to read it (or, to correct it, the
    district's) 403; both audited."""
    secretary = get_secretary_for_user(user, pk, Capability.VIEW_EVALUATIONS)
    capabilities = (Capability.MANAGE_CAMPAIGNS,) if correct else LEDGER_VIEW_CAPABILITIES
    if not has_any_capability(user, capabilities, secretary.organization):
        refuse(user, capability=capabilities[0], object_type="secretary", object_id=pk, not_found=False)
    return secretary


def get_rewards_scope_for_user(user: User, pk: object, *, compute: bool = False) -> Organization:
    """The street or district whose rewards table the user reads (or, to compute it, the district manages): another
    level or out of scope 404, not allowed 403; both audited."""
    scope = get_organization_for_user(user, pk, Capability.VIEW_EVALUATIONS)
    if scope.level not in (Level.DISTRICT, Level.STREET):
        raise Http404(NOT_IN_SCOPE)
    capabilities = (Capability.MANAGE_CAMPAIGNS,) if compute else REWARDS_VIEW_CAPABILITIES
    if not has_any_capability(user, capabilities, scope):
        refuse(user, capability=capabilities[0], object_type="organization", object_id=pk, not_found=False)
    return scope


# Secretaries' star management (Jinyuan, seed 001): a change, its evidence and a district's year are reached only
# through these doors; the tenure's organization (the district for a year) decides the scope.


def get_star_change_for_user(user: User, pk: object, capability: Capability) -> SecretaryStarChange:
    """A star change of a tenure in the user's scope (404 otherwise), acted on with the capability (403)."""
    change = (
        SecretaryStarChange.objects.select_related("secretary__organization", "record__rule_set", "rule")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(
        user, capability, change.secretary.organization, object_type="secretary_star_change", object_id=pk
    )
    return change


def get_star_evidence_for_user(user: User, pk: object, capability: Capability) -> SecretaryStarEvidence:
    """An evidence file of a star change in the user's scope."""
    evidence = SecretaryStarEvidence.objects.select_related("change__secretary__organization").filter(pk=pk).first()
    if evidence is None:
        raise Http404(NOT_IN_SCOPE)
    organization = evidence.change.secretary.organization
    check_capability_on(user, capability, organization, object_type="secretary_star_evidence", object_id=pk)
    return evidence


def get_star_cycle_for_user(user: User, pk: object, capability: Capability) -> SecretaryStarCycle:
    """A district's star year, for those who hold the capability on the district."""
    cycle = SecretaryStarCycle.objects.select_related("scope", "rule_set").filter(pk=pk).first()
    if cycle is None:
        raise Http404(NOT_IN_SCOPE)
    check_capability_on(user, capability, cycle.scope, object_type="secretary_star_cycle", object_id=pk)
    return cycle


def get_star_record_for_user(user: User, pk: object, capability: Capability) -> SecretaryStarYear:
    """A secretary's star record of a year, by the organization of the tenure it is kept in."""
    record = SecretaryStarYear.objects.select_related("secretary__organization", "rule_set").filter(pk=pk).first()
    if record is None:
        raise Http404(NOT_IN_SCOPE)
    organization = record.secretary.organization
    check_capability_on(user, capability, organization, object_type="secretary_star_record", object_id=pk)
    return record


# The annual assessment (年度考核) from the quarterly scoring: read and proposed by those who propose base stars, the
# street for its own secretaries and the district for all.
ASSESSMENT_CAPABILITY = Capability.REVIEW_SCORES


def get_assessment_scope_for_user(user: User, pk: object) -> Organization:
    """The street or district whose annual assessment the user reads and proposes: out of scope or another level
    404, without the capability 403; both audited."""
    scope = get_organization_for_user(user, pk, ASSESSMENT_CAPABILITY)
    if scope.level not in (Level.DISTRICT, Level.STREET):
        raise Http404(NOT_IN_SCOPE)
    return scope


# The circumstances the money needs (正常离任, 村级集体经济增幅明显): a record and its evidence, by the tenure's
# organization.


def get_circumstance_change_for_user(user: User, pk: object, capability: Capability) -> RewardCircumstanceChange:
    """A recorded circumstance of a tenure in the user's scope (404 otherwise), acted on with the capability (403)."""
    change = RewardCircumstanceChange.objects.select_related("secretary__organization").filter(pk=pk).first()
    if change is None:
        raise Http404(NOT_IN_SCOPE)
    organization = change.secretary.organization
    check_capability_on(user, capability, organization, object_type="reward_circumstance_change", object_id=pk)
    return change


def get_circumstance_evidence_for_user(user: User, pk: object) -> RewardCircumstanceEvidence:
    """An evidence file of a recorded circumstance, for those who may read the secretary's ledger."""
    evidence = (
        RewardCircumstanceEvidence.objects.select_related("change__secretary__organization").filter(pk=pk).first()
    )
    if evidence is None:
        raise Http404(NOT_IN_SCOPE)
    get_secretary_ledger_for_user(user, evidence.change.secretary_id)
    return evidence
