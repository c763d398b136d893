"""Loading a secretaries' star rule set from YAML (fixtures/rule_sets/): validated with messages that name the rule,
stored once; later edits are made in the admin, so loading the same code and version again changes nothing."""

from decimal import Decimal

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import SecretaryStarRule, SecretaryStarRuleSet, StarRuleKind
from orgs.models import User
from orgs.services.audit import audit_record

SETTINGS = ("max_stars", "honour_stars_at_least", "supervision_stars_at_most", "rectification_days")
RULE_KINDS = (StarRuleKind.BASE, StarRuleKind.ADDED, StarRuleKind.REDUCED)


def _whole_number(value: object, where: str, errors: list[str], *, least: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        errors.append(_("%(where)s: give a whole number of at least %(least)s.") % {"where": where, "least": least})
        return least
    return value


ANNUAL_THRESHOLDS = ("excellent_from", "good_from", "qualified_from", "basically_qualified_from")
ANNUAL_COUNTS = ("quarters_required", "excellent_stars", "good_stars", "qualified_stars", "poor_reduced_stars")
ANNUAL_RULES = {"base_rule": StarRuleKind.BASE, "poor_rule": StarRuleKind.REDUCED}


def _annual_assessment(document: dict, rules: list[SecretaryStarRule], errors: list[str]) -> dict:
    """The ``annual_assessment`` section as the rule set's ``annual_*`` fields (absent: the model's defaults)."""
    section = document.get("annual_assessment")
    if section is None:
        return {}
    if not isinstance(section, dict):
        errors.append(_("annual_assessment: give the thresholds and stars as a mapping."))
        return {}
    values: dict = {}
    for name in ANNUAL_COUNTS:
        if name in section:
            least = 1 if name == "quarters_required" else 0
            values[f"annual_{name}"] = _whole_number(section[name], f"annual_assessment.{name}", errors, least=least)
    if values.get("annual_quarters_required", 4) > 4:
        errors.append(_("annual_assessment.quarters_required: a year has 4 quarters."))
    for name in ANNUAL_THRESHOLDS:
        if name in section:
            value = section[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 999:
                errors.append(_("annual_assessment.%(name)s: give a score from 0 to 999.") % {"name": name})
                continue
            values[f"annual_{name}"] = Decimal(str(value)).quantize(Decimal("0.01"))
    try:
        SecretaryStarRuleSet(**values).annual_assessment_rule()
    except ValueError:
        errors.append(_("annual_assessment: the thresholds must fall from excellent to basically qualified."))
    codes = {rule.code: rule for rule in rules}
    for name, kind in ANNUAL_RULES.items():
        if name in section:
            code = str(section[name])
            if code not in codes or codes[code].kind != kind:
                errors.append(
                    _("annual_assessment.%(name)s: %(code)s is not a %(kind)s rule of this rule set.")
                    % {"name": name, "code": code, "kind": kind.label}
                )
            values[f"annual_{name}_code"] = code
    return values


def _rules(document: dict, errors: list[str]) -> list[SecretaryStarRule]:
    rules: list[SecretaryStarRule] = []
    codes: set[str] = set()
    sections = document.get("rules")
    if not isinstance(sections, dict):
        errors.append(_("rules: list the base, added and reduced stars."))
        return rules
    for kind in RULE_KINDS:
        entries = sections.get(kind.value) or []
        if not isinstance(entries, list):
            errors.append(_("rules.%(kind)s: give a list of rules.") % {"kind": kind.value})
            continue
        for order, entry in enumerate(entries, start=1):
            where = f"rules.{kind.value}[{order}]"
            if not isinstance(entry, dict) or not entry.get("code") or not entry.get("name"):
                errors.append(_("%(where)s: every rule needs a code and a name.") % {"where": where})
                continue
            code = str(entry["code"])
            if code in codes:
                errors.append(_("%(where)s: the code %(code)s is used twice.") % {"where": where, "code": code})
            codes.add(code)
            rules.append(
                SecretaryStarRule(
                    kind=kind,
                    code=code,
                    name=str(entry["name"])[:100],
                    stars=_whole_number(entry.get("stars", 1), f"{where} {code} stars", errors, least=1),
                    is_education_upgrade=bool(entry.get("education_upgrade", False)),
                    note=str(entry.get("note", ""))[:300],
                    order=order,
                )
            )
    return rules


def star_rule_set_load(*, source_yaml: str, by: User | None) -> SecretaryStarRuleSet:
    """Validate and store a rule set; the same code and version already stored is returned unchanged, so edits
    made in the admin survive a reload."""
    try:
        document = yaml.safe_load(source_yaml)
    except yaml.YAMLError as error:
        raise ValidationError(_("The rule set is not valid YAML: %(error)s") % {"error": error}) from None
    if not isinstance(document, dict) or not document.get("code") or not document.get("name"):
        raise ValidationError(_("The rule set needs a code and a name."))
    errors: list[str] = []
    values = {name: _whole_number(document.get(name), name, errors) for name in SETTINGS if name in document}
    version = _whole_number(document.get("version", 1), "version", errors, least=1)
    rules = _rules(document, errors)
    values |= _annual_assessment(document, rules, errors)
    if values.get("supervision_stars_at_most", 2) >= values.get("honour_stars_at_least", 7):
        errors.append(_("supervision_stars_at_most must be below honour_stars_at_least."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = SecretaryStarRuleSet.objects.filter(code=document["code"], version=version).first()
        if existing is not None:
            return existing
        rule_set = SecretaryStarRuleSet.objects.create(
            code=document["code"], version=version, name=document["name"], source=source_yaml, **values
        )
        for rule in rules:
            rule.rule_set = rule_set
        SecretaryStarRule.objects.bulk_create(rules)
        audit_record(
            action=EvaluationAuditAction.STAR_RULE_SET_LOAD,
            actor=by,
            object_type="secretary_star_rule_set",
            object_id=rule_set.pk,
            detail={"code": rule_set.code, "version": rule_set.version, "rules": len(rules)},
        )
    return rule_set
