"""Each app owns the names of its audit actions: orgs stores any of them, shows their registered labels, and needs
no migration when an app adds one."""

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from evaluations.audit import EvaluationAuditAction
from orgs.audit_labels import audit_action_label, audit_action_labels, audit_action_labels_register
from orgs.models import AuditAction, AuditEvent
from orgs.services.audit import audit_record
from scoring.audit import ScoringAuditAction

ROOT = Path(__file__).resolve().parents[3]
APPS = ("orgs", "scoring", "evaluations", "starrating")
ENUMS = {enum.__name__: enum for enum in (AuditAction, EvaluationAuditAction, ScoringAuditAction)}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _source_trees():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def test_every_action_of_every_app_has_a_chinese_label():
    labels = audit_action_labels()
    with translation.override("zh-hans"):
        for enum in ENUMS.values():
            for action in enum:
                assert action.value in labels, f"{enum.__name__}.{action.name} has no registered label"
                assert CHINESE.search(audit_action_label(action)), f"{action} is not translated"


def test_every_action_named_in_the_code_is_a_registered_member_of_an_app_enum():
    labels = audit_action_labels()
    problems = []
    for path, tree in _source_trees():
        for node in ast.walk(tree):
            named = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            if named and node.value.id in ENUMS:
                member = ENUMS[node.value.id].__members__.get(node.attr)
                if member is None or member.value not in labels:
                    problems.append(f"{path}:{node.lineno} {node.value.id}.{node.attr}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "audit_record":
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        problems.append(f"{path}:{node.lineno} a bare string action {keyword.value.value!r}")
    assert not problems, "\n".join(problems)


def test_the_actions_of_the_apps_do_not_overlap_and_fit_the_column():
    values = [action.value for enum in ENUMS.values() for action in enum]
    assert len(values) == len(set(values))
    assert max(map(len, values)) <= AuditEvent._meta.get_field("action").max_length


def test_an_action_no_app_registered_is_not_recorded():
    with pytest.raises(ValueError, match="not registered"):
        audit_record(action="made_up_action", username="alice")


def test_an_action_cannot_be_registered_again_with_another_label_or_too_long():
    with pytest.raises(ImproperlyConfigured):
        audit_action_labels_register({AuditAction.LOGIN: "Something else"})
    with pytest.raises(ImproperlyConfigured):
        audit_action_labels_register({"an_action_name_longer_than_the_column": "Too long"})
    assert audit_action_label(AuditAction.LOGIN) == str(audit_action_labels()[AuditAction.LOGIN])


def test_a_new_action_needs_no_migration_of_orgs(db):
    """The column has no choices: adding a member to an app's enum changes no model, so makemigrations finds
    nothing (it fails with SystemExit when a migration is missing)."""
    field = AuditEvent._meta.get_field("action")
    assert not field.choices
    assert "choices" not in field.deconstruct()[3]
    call_command("makemigrations", "orgs", check=True, dry_run=True, verbosity=0)


@pytest.mark.django_db
def test_the_admin_lists_events_with_the_label_of_the_app_that_owns_the_action(district, client):
    audit_record(action=EvaluationAuditAction.CAMPAIGN_SETUP, username="alice")
    audit_record(action=ScoringAuditAction.TEMPLATE_LOAD, username="bob")
    client.force_login(district.users["superuser"])
    url = reverse("admin:orgs_auditevent_changelist")

    page = client.get(url, {"action": EvaluationAuditAction.CAMPAIGN_SETUP}).content.decode()

    assert "设置评定环节和联审部门" in page
    assert "bob" not in page
    assert "载入指标体系" in client.get(url).content.decode()
