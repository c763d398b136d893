"""Loading and revising consequence rule sets: validated with located problems, stored as a version; a change to a
stored version never edits it but stores the next version and puts the old one out of use, so the consequences
it made keep pointing at the rules that made them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from orgs.models import User
from orgs.services.audit import audit_record
from scoring.audit import ScoringAuditAction
from scoring.models import ConsequenceRule, ConsequenceRuleSet
from scoring.template_format.consequences import RuleSetDocument, parse_rule_set
from scoring.template_format.problems import TemplateError


def _parsed(source_yaml: str) -> RuleSetDocument:
    try:
        return parse_rule_set(source_yaml)
    except TemplateError as error:
        raise ValidationError([str(problem) for problem in error.problems]) from error


def _content(document: RuleSetDocument) -> tuple:
    """What decides whether two versions are the same rules: everything but the version number."""
    return (document.name, document.subject, document.templates, document.period, document.rules)


def _stored_content(rule_set: ConsequenceRuleSet) -> tuple:
    return _content(_parsed(rule_set.source_yaml))


def rule_set_content_same(rule_set: ConsequenceRuleSet, document: RuleSetDocument) -> bool:
    """Whether a document holds the same rules as a stored version (the version number aside)."""
    return _stored_content(rule_set) == _content(document)


def _store(document: RuleSetDocument, source_yaml: str, version: int, by: User | None, outcome: str):
    ConsequenceRuleSet.objects.filter(code=document.code, is_active=True).update(is_active=False)
    rule_set = ConsequenceRuleSet.objects.create(
        code=document.code,
        version=version,
        name=document.name,
        subject=document.subject,
        templates=list(document.templates),
        period_kind=document.period,
        source_yaml=source_yaml,
    )
    ConsequenceRule.objects.bulk_create(
        ConsequenceRule(
            rule_set=rule_set,
            code=entry.rule.code,
            name=entry.rule.name,
            values=sorted(entry.rule.values),
            condition=entry.rule.kind.value,
            times=entry.rule.times,
            actions=[
                {"action": spec.action.value, "to": spec.target.value}
                | ({"deadline_days": spec.deadline_days} if spec.deadline_days else {})
                for spec in entry.rule.actions
            ],
            note=entry.note,
            order=order,
        )
        for order, entry in enumerate(document.rules, start=1)
    )
    audit_record(
        action=ScoringAuditAction.CONSEQUENCE_RULES_LOAD,
        actor=by,
        object_type="consequence_rule_set",
        object_id=rule_set.pk,
        detail={"code": rule_set.code, "version": rule_set.version, "rules": len(document.rules), "outcome": outcome},
    )
    return rule_set


def consequence_rule_set_load(*, source_yaml: str, by: User | None) -> ConsequenceRuleSet:
    """Store a rule set from its YAML. The same content already stored is returned unchanged (a reload keeps the
    edits made since); changed content gets the next free version number and becomes the one in use."""
    document = _parsed(source_yaml)
    with transaction.atomic():
        existing = list(ConsequenceRuleSet.objects.select_for_update().filter(code=document.code).order_by("version"))
        for row in existing:
            if _stored_content(row) == _content(document) and (row.is_active or row.version == document.version):
                return row
        versions = [row.version for row in existing]
        version = document.version if document.version not in versions else max(versions) + 1
        if existing and version < max(versions):
            version = max(versions) + 1
        return _store(document, source_yaml, version, by, "created")


def consequence_rule_set_revise(*, rule_set: ConsequenceRuleSet, source_yaml: str, by: User | None):
    """An edit of a stored version (the admin): the text is validated and stored as the next version, which is then
    the one in use; the code cannot change. Unchanged rules store nothing and return the version given."""
    document = _parsed(source_yaml)
    if document.code != rule_set.code:
        raise ValidationError(
            _("code: the code of a rule set cannot change (it is %(code)s).") % {"code": rule_set.code}
        )
    with transaction.atomic():
        ConsequenceRuleSet.objects.select_for_update().filter(code=rule_set.code).order_by("pk").first()
        if _stored_content(rule_set) == _content(document) and rule_set.is_active:
            return rule_set
        latest = ConsequenceRuleSet.objects.filter(code=rule_set.code).aggregate(last=Max("version"))["last"] or 0
        return _store(document, source_yaml, latest + 1, by, "revised")
