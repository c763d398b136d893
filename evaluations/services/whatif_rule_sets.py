"""What-ifs of a consequence rule set (issue 13, item 6): the district drafts a change to the rules, runs it on the
approved results of every organization of its district (a task with progress), sees per street which consequences
would appear or vanish, and adopts the draft as the rule set's next version, which queues the consequence job.
Nothing is written to the consequences by the run."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import ComputationStatus, PolicyWhatIf
from evaluations.services.consequence_runs import consequences_request
from orgs.models import Organization, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from scoring.consequence_rule_sets import consequence_rule_set_revise, rule_set_content_same
from scoring.models import ConsequenceRuleSet
from scoring.template_format.consequences import parse_rule_set
from scoring.template_format.problems import TemplateError

WHAT_IF_CAPABILITY = Capability.MANAGE_CAMPAIGNS


def _check(by: User | None, scope: Organization, object_id: object) -> None:
    check_actor(by, WHAT_IF_CAPABILITY, scope, object_type="policy_what_if", object_id=object_id)


def rule_set_draft_problems(rule_set: ConsequenceRuleSet, source_yaml: str) -> list[str]:
    """Why a draft cannot be tried, each problem located: unreadable, another code, or the rules unchanged."""
    try:
        document = parse_rule_set(source_yaml)
    except TemplateError as error:
        return [str(problem) for problem in error.problems]
    if document.code != rule_set.code:
        return [
            _("code: the code of a rule set cannot change (it is %(code)s).") % {"code": rule_set.code},
        ]
    if rule_set_content_same(rule_set, document):
        return [
            _("The draft has the same rules as version %(version)s: change a rule first.")
            % {"version": rule_set.version}
        ]
    return []


def rule_set_what_if_request(
    *, rule_set: ConsequenceRuleSet, scope: Organization, source_yaml: str, edits: list[dict], by: User | None
) -> PolicyWhatIf:
    """Ask for a run of the draft rules on the approved results under the scope; the task starts after the commit."""
    from evaluations.tasks import policy_what_if  # lazily: the task module imports the services

    _check(by, scope, rule_set.pk)
    problems = rule_set_draft_problems(rule_set, source_yaml)
    if problems:
        raise ValidationError({"source_yaml": problems})
    with transaction.atomic():
        what_if = PolicyWhatIf.objects.create(
            rule_set=rule_set, scope=scope, draft={"source_yaml": source_yaml}, edits=edits, requested_by=by
        )
        audit_record(
            action=EvaluationAuditAction.WHAT_IF_RUN,
            actor=by,
            object_type="policy_what_if",
            object_id=what_if.pk,
            detail={"rule_set": rule_set.pk, "scope": scope.pk, "edits": [edit["field"] for edit in edits]},
        )
    what_if_id = what_if.pk
    transaction.on_commit(lambda: policy_what_if.delay(what_if_id))
    return what_if


def rule_set_next_version(what_if: PolicyWhatIf) -> int:
    """The version number adopting the draft would make."""
    newest = ConsequenceRuleSet.objects.filter(code=what_if.rule_set.code).aggregate(newest=Max("version"))
    return newest["newest"] + 1


def rule_set_draft_adopt(*, what_if: PolicyWhatIf, by: User | None) -> ConsequenceRuleSet:
    """Store the draft as the rule set's next version, the one in use (the consequences made by earlier versions
    keep theirs), and queue the consequence job over every organization; audited."""
    _check(by, what_if.scope, what_if.pk)
    with transaction.atomic():
        locked = PolicyWhatIf.objects.select_for_update().get(pk=what_if.pk)
        if locked.adopted_rule_set_id is not None:
            raise ValidationError(
                _("This draft was adopted already, as version %(version)s.")
                % {"version": locked.adopted_rule_set.version}
            )
        if locked.status != ComputationStatus.SUCCEEDED:
            raise ValidationError(_("Only a draft whose run has finished can be adopted."))
        stored = consequence_rule_set_revise(rule_set=what_if.rule_set, source_yaml=locked.draft["source_yaml"], by=by)
        if stored.pk == what_if.rule_set_id:
            raise ValidationError(
                _("The draft has the same rules as version %(version)s: change a rule first.")
                % {"version": stored.version}
            )
        locked.adopted_rule_set, locked.adopted_by, locked.adopted_at = stored, by, timezone.now()
        locked.save(update_fields=["adopted_rule_set", "adopted_by", "adopted_at"])
        audit_record(
            action=EvaluationAuditAction.WHAT_IF_ADOPT,
            actor=by,
            object_type="policy_what_if",
            object_id=locked.pk,
            detail={"rule_set": stored.code, "version": stored.version, "from_version": what_if.rule_set.version},
        )
        consequences_request(organization_ids=None, cause="rule_set_revised", by=by)
    what_if.refresh_from_db()
    return stored
