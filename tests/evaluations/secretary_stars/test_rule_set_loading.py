"""The rule set is data: loaded from fixtures/rule_sets/ with messages that name the rule, kept as edited after."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from evaluations.models import SecretaryStarRule, SecretaryStarRuleSet, StarRuleKind
from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from tests.support.secretary_stars import RULE_SET_FILE

pytestmark = pytest.mark.django_db


def test_the_jinyuan_rule_set_lists_the_three_base_three_added_and_ten_reduced_stars():
    call_command("load_secretary_star_rules", str(RULE_SET_FILE), stdout=StringIO())
    rules = SecretaryStarRule.objects.filter(rule_set__code="jinyuan_secretary_stars")
    kinds = {
        kind: rules.filter(kind=kind).count() for kind in (StarRuleKind.BASE, StarRuleKind.ADDED, StarRuleKind.REDUCED)
    }
    assert kinds == {StarRuleKind.BASE: 3, StarRuleKind.ADDED: 3, StarRuleKind.REDUCED: 10}
    assert rules.get(is_education_upgrade=True).name == "学历提升星"


def test_loading_again_keeps_what_was_edited_in_the_admin():
    call_command("load_secretary_star_rules", str(RULE_SET_FILE), stdout=StringIO())
    SecretaryStarRuleSet.objects.update(honour_stars_at_least=8)
    call_command("load_secretary_star_rules", str(RULE_SET_FILE), stdout=StringIO())
    assert list(SecretaryStarRuleSet.objects.values_list("honour_stars_at_least", flat=True)) == [8]


def test_a_bad_rule_is_named_and_nothing_is_loaded(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "code: x\nname: 规则\nrules:\n  added:\n"
        "    - {code: A1, name: 增收致富星, stars: 0}\n    - {code: A1, name: 重复}\n",
        encoding="utf-8",
    )
    errors = StringIO()
    with pytest.raises(CommandError, match="2"):
        call_command("load_secretary_star_rules", str(bad), stdout=StringIO(), stderr=errors)
    assert "rules.added[1] A1 stars" in errors.getvalue()
    assert "代码A1重复" in errors.getvalue()
    assert not SecretaryStarRuleSet.objects.exists()


def test_the_annual_assessment_defaults_are_loaded_and_a_bad_section_is_named(tmp_path):
    call_command("load_secretary_star_rules", str(RULE_SET_FILE), stdout=StringIO())
    loaded = SecretaryStarRuleSet.objects.get(code="jinyuan_secretary_stars")
    rule = loaded.annual_assessment_rule()
    assert (rule.quarters_required, rule.excellent_from, rule.good_from, rule.qualified_from) == (
        4,
        Decimal(90),
        Decimal(80),
        Decimal(60),
    )
    assert (loaded.annual_base_rule_code, loaded.annual_poor_rule_code) == ("B1", "R01")
    source = (
        "code: y\nname: 规则\nannual_assessment: {quarters_required: 5, good_from: 95, base_rule: A1}\n"
        "rules:\n  base:\n    - {code: B1, name: 年度考核星, stars: 3}\n  added:\n    - {code: A1, name: 增收致富星}\n"
    )
    with pytest.raises(ValidationError) as refused:
        star_rule_set_load(source_yaml=source, by=None)
    messages = " ".join(refused.value.messages)
    assert "quarters_required" in messages and "依次降低" in messages and "A1 不是本规则中的“定星”规则" in messages
    assert not SecretaryStarRuleSet.objects.filter(code="y").exists()
