"""The rule set is data: loaded from fixtures/rule_sets/ with messages that name the rule, kept as edited after."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from evaluations.models import SecretaryStarRule, SecretaryStarRuleSet, StarRuleKind
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
