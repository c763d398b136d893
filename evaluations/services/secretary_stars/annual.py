"""Base-star proposals from the annual assessment (Jinyuan, seed 001: the quarterly scoring feeds the annual
assessment, which sets the 年度考核星 of rule B1): for a year and a street or the district, every assessable secretary
gets a proposal of their base stars with the computation as its reason, and one below 合格 a proposal of the reduced
star of 年度考核较差; the district decides them as any other proposal.

Running it again changes nothing that did not change: an undecided proposal it made is brought up to date (or
withdrawn when the assessment no longer supports it); a decided change and a proposal made by hand are left as they
are and reported. One audit event and one notice to the district per run; the records are locked while it writes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretaryStarRule,
    SecretaryStarRuleSet,
    SecretaryStarYear,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.rules.annual_assessment import AnnualAssessment, score_text
from evaluations.selectors.annual_assessment import (
    GRADE_LABELS,
    AssessmentRow,
    ProposalState,
    annual_assessment_table,
    assessment_proposals,
)
from evaluations.selectors.secretary_stars import active_rule_set
from evaluations.services.notifications import notify
from evaluations.services.secretary_stars.changes import PROPOSE_CAPABILITY
from orgs.models import Level, Organization, User
from orgs.permissions import has_any_capability, refuse
from orgs.roles import Role
from orgs.selectors import role_holders_over
from orgs.services.audit import audit_record
from orgs.tree import STEPLEN

QUARTER_COUNTS = {
    1: gettext_lazy("one quarter"),
    2: gettext_lazy("two quarters"),
    3: gettext_lazy("three quarters"),
    4: gettext_lazy("four quarters"),
}


@dataclass
class AnnualProposalOutcome:
    """What a run did, by secretary name: proposals created, updated, withdrawn, left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    not_assessable: int = 0
    decided: list[str] = field(default_factory=list)  # "name: rule status", left untouched
    by_hand: list[str] = field(default_factory=list)  # undecided proposals made by hand, left untouched
    change_ids: list[int] = field(default_factory=list)


def _rule(rule_set: SecretaryStarRuleSet, code: str, kind: StarRuleKind) -> SecretaryStarRule:
    rule = rule_set.rules.filter(code=code, kind=kind).first()
    if rule is None:
        raise ValidationError(
            _("The rule set has no %(kind)s rule %(code)s for the annual assessment: correct it in the admin.")
            % {"kind": kind.label, "code": code}
        )
    return rule


def _check_rules(rule_set: SecretaryStarRuleSet) -> tuple[SecretaryStarRule, SecretaryStarRule]:
    base = _rule(rule_set, rule_set.annual_base_rule_code, StarRuleKind.BASE)
    poor = _rule(rule_set, rule_set.annual_poor_rule_code, StarRuleKind.REDUCED)
    most = max(rule_set.annual_excellent_stars, rule_set.annual_good_stars, rule_set.annual_qualified_stars)
    for rule, stars in ((base, most), (poor, rule_set.annual_poor_reduced_stars)):
        if stars > rule.stars:
            raise ValidationError(
                _("%(rule)s gives 1 to %(most)s stars.") % {"rule": f"{rule.code} {rule.name}", "most": rule.stars}
            )
    return base, poor


def _scores_sentence(assessment: AnnualAssessment) -> str:
    scores = pgettext("list separator", ", ").join(score_text(score) for _quarter, score in assessment.scores)
    return _("%(year)s: %(count)s scored %(scores)s, mean %(mean)s, annual assessment %(grade)s") % {
        "year": assessment.year,
        "count": QUARTER_COUNTS[len(assessment.scores)],
        "scores": scores,
        "mean": f"{assessment.mean:.2f}",
        "grade": GRADE_LABELS[assessment.grade],
    }


def assessment_reason(assessment: AnnualAssessment, rule: SecretaryStarRule) -> str:
    """The computation as the proposal's reason: "2026年四个季度得分 92.5、88.0、91.0、90.5，平均 90.50，年度考核优秀，
    定 3 星"; below 合格, the reduced star suggested under its rule."""
    sentence = _scores_sentence(assessment)
    if rule.kind == StarRuleKind.BASE:
        return _("%(assessment)s, %(stars)s base stars") % {"assessment": sentence, "stars": assessment.base_stars}
    return _("%(assessment)s, no base star; %(stars)s star reduced under %(rule)s suggested") % {
        "assessment": sentence,
        "stars": assessment.reduced_stars,
        "rule": f"{rule.code} {rule.name}",
    }


def _computation(assessment: AnnualAssessment) -> dict:
    return {
        "source": "annual_assessment",
        "quarters": {str(quarter): str(score) for quarter, score in assessment.scores},
        "missing": list(assessment.missing),
        "mean": str(assessment.mean),
        "grade": assessment.grade,
    }


def _year_filed(scope: Organization, year: int) -> bool:
    ancestors = [scope.path[:end] for end in range(STEPLEN, len(scope.path) + 1, STEPLEN)]
    return SecretaryStarCycle.objects.filter(year=year, filed_at__isnull=False, scope__path__in=ancestors).exists()


def _check(scope: Organization, year: int, by: User | None) -> None:
    if by is not None and not has_any_capability(by, (PROPOSE_CAPABILITY,), scope):
        refuse(
            by,
            capability=PROPOSE_CAPABILITY,
            object_type="organization",
            object_id=scope.pk,
            not_found=False,
            message=_(
                "Only the district, or a street for its own secretaries, proposes the annual assessment's stars."
            ),
        )
    if scope.level not in (Level.DISTRICT, Level.STREET):
        raise ValidationError({"scope": _("The annual assessment is proposed for a street or the whole district.")})
    if _year_filed(scope, year):
        raise ValidationError(_("The star levels of %(year)s are filed: they no longer change.") % {"year": year})


def _locked_records(rows: list[AssessmentRow], year: int, rule_set: SecretaryStarRuleSet) -> dict[str, int]:
    """The persons' records of the year, created where missing and locked, by person."""
    keys = [row.person_key for row in rows]
    existing = set(
        SecretaryStarYear.objects.filter(year=year, person_key__in=keys).values_list("person_key", flat=True)
    )
    SecretaryStarYear.objects.bulk_create(
        [
            SecretaryStarYear(person_key=row.person_key, year=year, secretary_id=row.secretary_id, rule_set=rule_set)
            for row in rows
            if row.person_key not in existing
        ],
        ignore_conflicts=True,
    )
    locked = (
        SecretaryStarYear.objects.select_for_update()
        .filter(year=year, person_key__in=keys)
        .order_by("pk")
        .values_list("person_key", "pk")
    )
    return dict(locked)


class _Writer:
    """Brings one person's proposal under one rule to what the assessment asks, recording what it did."""

    def __init__(self, *, year: int, by: User | None, outcome: AnnualProposalOutcome):
        self.year, self.by, self.outcome, self.now = year, by, outcome, timezone.now()
        self.created: list[SecretaryStarChange] = []
        self.updated: list[SecretaryStarChange] = []
        self.withdrawn: list[int] = []

    def apply(self, row: AssessmentRow, rule: SecretaryStarRule, stars: int, states: list[ProposalState], record: int):
        decided = [state for state in states if not state.undecided]
        if decided:
            self.outcome.decided.append(f"{row.name}: {rule.code} {decided[-1].status_label}")
            return
        if any(not state.computed for state in states):
            self.outcome.by_hand.append(f"{row.name}: {rule.code}")
            return
        if not stars:
            self.withdrawn.extend(state.change_id for state in states)
            return
        computation = _computation(row.assessment)
        if states:
            self.withdrawn.extend(state.change_id for state in states[1:])
            # The reason follows from the stars and the computation: an unchanged proposal is left untouched.
            if (states[0].stars, states[0].assessment) == (stars, computation):
                self.outcome.unchanged += 1
                return
            reason = assessment_reason(row.assessment, rule)
            change = SecretaryStarChange(pk=states[0].change_id, stars=stars, reason=reason, assessment=computation)
            self.updated.append(change)
            return
        reason = assessment_reason(row.assessment, rule)
        self.created.append(
            SecretaryStarChange(
                record_id=record,
                secretary_id=row.secretary_id,
                kind=rule.kind,
                rule=rule,
                stars=stars,
                effective_on=date(self.year, 1, 1),
                reason=reason,
                proposed_by=self.by,
                proposed_at=self.now,
                assessment=computation,
            )
        )

    def write(self) -> None:
        SecretaryStarChange.objects.bulk_update(self.updated, ["stars", "reason", "assessment"])
        created = SecretaryStarChange.objects.bulk_create(self.created)
        SecretaryStarChange.objects.filter(pk__in=self.withdrawn, status=StarChangeStatus.PROPOSED).exclude(
            assessment={}
        ).delete()
        self.outcome.created, self.outcome.updated = len(created), len(self.updated)
        self.outcome.withdrawn = len(self.withdrawn)
        self.outcome.change_ids = [change.pk for change in (*created, *self.updated)]


def _notify_district(scope: Organization, year: int, outcome: AnnualProposalOutcome, by: User | None) -> None:
    if not (outcome.created or outcome.updated):
        return
    holders = role_holders_over([scope.path], (Role.DISTRICT_ADMIN,))[scope.path]
    users = set().union(*holders.values()) if holders else set()
    users.discard(getattr(by, "pk", None))
    text = _("%(scope)s: %(count)s base-star proposals of the %(year)s annual assessment wait for approval.") % {
        "scope": scope.name,
        "count": outcome.created + outcome.updated,
        "year": year,
    }
    key = f"secretary-annual-assessment:{scope.pk}:{year}:{timezone.now().isoformat()}"
    notify(users=users, key=key, text=text, url=reverse("evaluations:secretary_star_board") + f"?year={year}")


def annual_assessment_propose(*, scope: Organization, year: int, by: User | None) -> AnnualProposalOutcome:
    """Propose the base stars of the year's annual assessment for the secretaries of a street or the district (the
    street for its own, the district for all), and the reduced star of a poor assessment; idempotent."""
    _check(scope, year, by)
    rule_set = active_rule_set()
    if rule_set is None:
        raise ValidationError(_("No secretary star rule set is in use: load one first."))
    base_rule, poor_rule = _check_rules(rule_set)
    outcome = AnnualProposalOutcome()
    with transaction.atomic():
        table = annual_assessment_table(scope=scope, year=year, rule_set=rule_set)
        outcome.not_assessable = len(table.not_assessable)
        concerned = [row for row in table.rows if row.assessment.assessable or row.proposed]
        records = _locked_records(concerned, year, rule_set)
        # Read again under the lock: a run that finished meanwhile is seen whole.
        proposals = assessment_proposals(list(records), year, rule_set)
        writer = _Writer(year=year, by=by, outcome=outcome)
        for row in concerned:
            assessment = row.assessment
            for rule, stars in ((base_rule, assessment.base_stars), (poor_rule, assessment.reduced_stars)):
                states = proposals.get((row.person_key, rule.code), [])
                if stars or states:
                    writer.apply(row, rule, stars, states, records[row.person_key])
        writer.write()
        audit_record(
            action=EvaluationAuditAction.STAR_ASSESSMENT_PROPOSE,
            actor=by,
            object_type="organization",
            object_id=scope.pk,
            detail={
                "year": year,
                "created": outcome.created,
                "updated": outcome.updated,
                "withdrawn": outcome.withdrawn,
                "not_assessable": outcome.not_assessable,
                "decided_kept": len(outcome.decided),
                "by_hand_kept": len(outcome.by_hand),
                "changes": outcome.change_ids,
            },
        )
        _notify_district(scope, year, outcome, by)
    return outcome
