"""How the review checked each item (实地查看, 查阅资料, 个别访谈): reading the methods chosen, and writing them
with their audit."""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import CheckMethod, Evaluation, ReviewCheck
from evaluations.rules.tree import Tree
from orgs.models import User
from orgs.services.audit import audit_record

METHODS = tuple(CheckMethod.values)


def review_methods_parse(
    tree: Tree, methods: Mapping[str, Iterable[str]]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """How the review checked each named item (实地查看, 查阅资料, 个别访谈; several allowed, none clears it), in the
    order of CheckMethod; and a message for each unknown item or method, naming the item."""
    leaves = tree.leaf_by_code()
    wanted: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for code, chosen in methods.items():
        leaf = leaves.get(code)
        if leaf is None:
            errors[code] = _("%(code)s: not an item of this evaluation.") % {"code": code}
            continue
        chosen = list(dict.fromkeys(chosen))
        unknown = [method for method in chosen if method not in METHODS]
        if unknown:
            errors[code] = _("%(item)s: %(method)s is not a way of checking (on-site, documents, interview).") % {
                "item": leaf.label,
                "method": unknown[0],
            }
            continue
        wanted[code] = [method for method in METHODS if method in chosen]
    return wanted, errors


def review_checks_write(*, evaluation: Evaluation, wanted: Mapping[str, list[str]], by: User | None) -> None:
    """Write how each item of ``wanted`` was checked, audited; the caller holds the evaluation's row lock."""
    existing = {check.code: check for check in ReviewCheck.objects.filter(evaluation=evaluation, code__in=wanted)}
    to_create, to_update, to_delete = [], [], []
    changed: dict[str, list[str]] = {}
    for code, chosen in wanted.items():
        check = existing.get(code)
        if not chosen:
            if check is not None:
                to_delete.append(check.pk)
                changed[code] = []
        elif check is None:
            to_create.append(ReviewCheck(evaluation=evaluation, code=code, methods=chosen, updated_by=by))
            changed[code] = chosen
        elif check.methods != chosen:
            check.methods, check.updated_by = chosen, by
            to_update.append(check)
            changed[code] = chosen
    ReviewCheck.objects.filter(pk__in=to_delete).delete()
    ReviewCheck.objects.bulk_create(to_create)
    ReviewCheck.objects.bulk_update(to_update, ["methods", "updated_by", "updated_at"])
    if changed:
        audit_record(
            action=EvaluationAuditAction.REVIEW_CHECK,
            actor=by,
            object_type="evaluation",
            object_id=evaluation.pk,
            detail={
                "created": len(to_create),
                "updated": len(to_update),
                "cleared": len(to_delete),
                "methods": dict(sorted(changed.items())),
            },
        )
