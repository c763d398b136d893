"""Loading the shipped consequence rule sets, refusing a bad one with the place of each problem, and the admin's
edit that stores a new version instead of changing the one consequences point at."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from orgs.models import AuditEvent
from scoring.consequence_rule_sets import consequence_rule_set_load, consequence_rule_set_revise
from scoring.models import ConsequenceRule, ConsequenceRuleSet

pytestmark = pytest.mark.django_db

RULES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "consequence_rules"
FILES = sorted(RULES_DIR.glob("*.yaml"))


def test_the_command_loads_every_shipped_rule_set_once():
    call_command("load_consequence_rules", *FILES, stdout=StringIO())
    call_command("load_consequence_rules", *FILES, stdout=StringIO())
    assert ConsequenceRuleSet.objects.count() == len(FILES) == 5
    yucheng = ConsequenceRuleSet.objects.get(code="yucheng_3plus2")
    assert list(yucheng.rules.values_list("code", flat=True)) == [f"Y{number}" for number in range(1, 9)]
    handling = yucheng.rules.get(code="Y8")
    assert (handling.values, handling.condition, handling.times) == (["0", "1"], "consecutive", 2)
    assert "含零星" in handling.name  # 0 stars counted with 1 star, said where the rule is shown
    assert handling.actions_display() == "组织处理（负责人（当时在任的书记））"
    assert AuditEvent.objects.filter(action="consequence_rules_load").count() == 5


def test_the_command_loads_the_jinyuan_secretaries_rule_set_over_their_star_levels():
    out = StringIO()
    call_command("load_consequence_rules", RULES_DIR / "jinyuan_secretaries.yaml", stdout=out)
    assert "jinyuan_secretaries" in out.getvalue()
    jinyuan = ConsequenceRuleSet.objects.get(code="jinyuan_secretaries")
    assert (jinyuan.subject, jinyuan.get_subject_display(), jinyuan.templates, jinyuan.period_kind) == (
        "secretary",
        "书记",
        ["jinyuan_secretary_stars"],
        "year",
    )
    rules = {rule.code: rule for rule in jinyuan.rules.all()}
    assert list(rules) == ["J1", "J2", "J3"]
    assert rules["J1"].values == ["10", "7", "8", "9"]
    assert (
        rules["J2"].actions_display()
        == "书记诫勉监督（负责人（当时在任的书记））；限期整改（负责人（当时在任的书记））"
    )
    assert rules["J2"].actions[1]["deadline_days"] == 90
    assert (rules["J3"].values, rules["J3"].condition, rules["J3"].times) == (["0", "1", "2"], "in_term", 2)


def test_a_bad_rule_set_is_refused_with_the_place_of_every_problem_and_nothing_stored():
    source = """
code: broken
name: 有错的规则
reads: {subject: organization, templates: [yucheng_4plus1], period: decade}
rules:
  - code: X1
    name: 七星
    when: {stars: [7], in_term: 0}
    then: [{action: promotion, to: organization}]
  - code: X1
    name: 限期整改
    when: {grades: [差]}
    then: [{action: rectification, to: organization}]
"""
    with pytest.raises(ValidationError) as refused:
        consequence_rule_set_load(source_yaml=source, by=None)
    messages = refused.value.messages
    assert "reads.period: period 应为 year、quarter 或 month。" in messages
    assert "rules[X1].when.stars: 7 不是 0 至 5 的星级。" in messages
    assert "rules[X1].when.in_term: 应填写不小于 1 的整数。" in messages
    assert "rules[X1].then[1].action: 无法识别的措施 promotion。" in messages
    assert "rules[X1].code: 编码 X1 重复使用。" in messages
    assert "rules[X1].then[1].deadline_days: 限期整改须填写期限天数（deadline_days）。" in messages
    assert not ConsequenceRuleSet.objects.exists()


def test_a_rule_set_over_secretaries_reads_yearly_stars_up_to_their_own_most_and_acts_on_the_secretary():
    source = """
code: secretaries
name: 书记星级
reads: {subject: secretary, templates: [jinyuan_secretary_stars], period: quarter}
rules:
  - code: S1
    name: 十星
    when: {stars: [10, 31]}
    then: [{action: honours_first, to: organization}]
  - code: S2
    name: 差
    when: {grades: [差]}
    then: [{action: secretary_follow_up, to: leader}]
"""
    with pytest.raises(ValidationError) as refused:
        consequence_rule_set_load(source_yaml=source, by=None)
    assert refused.value.messages == [
        "reads.period: 书记星级每年评定一次：period 应为 year。",
        "rules[S1].when.stars: 31 不是 0 至 30 的星级。",
        "rules[S1].then[1].to: 措施的对象应为以下之一：leader。",
        "rules[S2].when.grades: 书记星级没有等次，请填写 stars（星级）。",
    ]
    assert not ConsequenceRuleSet.objects.exists()


def test_the_command_names_the_file_it_could_not_load(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: y\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.yaml"):
        call_command("load_consequence_rules", bad, stdout=StringIO(), stderr=StringIO())


def test_editing_a_rule_set_in_the_admin_stores_the_next_version_and_keeps_the_old(client, django_user_model):
    stored = consequence_rule_set_load(source_yaml=(RULES_DIR / "yantian.yaml").read_text(encoding="utf-8"), by=None)
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("admin:scoring_consequenceruleset_change", args=[stored.pk])
    assert client.get(url).status_code == 200
    edited = stored.source_yaml.replace("name: 评定为“好”：党建经费适当上浮", "name: 评定为“好”：党建经费上浮10%")
    response = client.post(url, {"source_yaml": edited, "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    versions = list(ConsequenceRuleSet.objects.filter(code="yantian_quality").order_by("version"))
    assert [(each.version, each.is_active) for each in versions] == [(1, False), (2, True)]
    assert ConsequenceRule.objects.get(rule_set=versions[0], code="T5").name == "评定为“好”：党建经费适当上浮"
    assert ConsequenceRule.objects.get(rule_set=versions[1], code="T5").name == "评定为“好”：党建经费上浮10%"
    refused = client.post(url, {"source_yaml": "code: other\n", "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0"})
    assert refused.status_code == 200 and ConsequenceRuleSet.objects.count() == 2


def test_a_revision_without_a_change_stores_nothing():
    stored = consequence_rule_set_load(source_yaml=(RULES_DIR / "yantian.yaml").read_text(encoding="utf-8"), by=None)
    assert consequence_rule_set_revise(rule_set=stored, source_yaml=stored.source_yaml, by=None) == stored
    assert ConsequenceRuleSet.objects.count() == 1
