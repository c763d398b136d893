"""Loading templates into the database: versions, frozen templates, flattened items, and the two commands."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from orgs.models import AuditEvent
from scoring.models import IndicatorItem, IndicatorTemplate, ItemLevel
from scoring.services import template_freeze, template_load, templates_load
from scoring.template_format.reading import parse_template, parse_templates
from tests.support.scoring import SHIPPED_FILES, TEMPLATES_DIR

pytestmark = pytest.mark.django_db

YUCHENG_FILE = TEMPLATES_DIR / "yucheng_4plus1_2018.yaml"


def _yucheng_text() -> str:
    return YUCHENG_FILE.read_text(encoding="utf-8")


def test_every_shipped_file_loads():
    for path in SHIPPED_FILES:
        stored = templates_load(source_yaml=path.read_text(encoding="utf-8"), by=None)
        assert [template.version for template in stored] == [1] * len(stored)
    assert IndicatorTemplate.objects.count() == 1 + 4 + 5 + 1 + 4


def test_the_yucheng_items_are_flattened_for_score_rows():
    stored = template_load(source_yaml=_yucheng_text(), by=None)
    items = IndicatorItem.objects.filter(template=stored)
    counts = {level: items.filter(level=level).count() for level in ItemLevel.values}
    assert counts == {"dimension": 5, "item": 15, "sub_item": 37, "veto": 12}
    assert items.filter(level=ItemLevel.ITEM, dimension_code__in="ABCD").count() == 12
    sub_item = items.get(code="A1.3")
    assert (sub_item.parent_code, sub_item.dimension_code, sub_item.points_max, sub_item.is_leaf) == (
        "A1",
        "A",
        1.5,
        True,
    )
    assert items.get(code="E1").is_leaf and items.get(code="E1").personalised
    veto = items.get(code="V04")
    assert (veto.is_veto, veto.dimension_code, veto.parent_code) == (True, "B", "B1.2")
    assert stored.scheme == "dimension_stars" and stored.is_example
    assert stored.as_definition() == parse_template(_yucheng_text())
    assert stored.source_yaml == _yucheng_text()


def test_loading_unchanged_content_returns_the_same_version():
    first = template_load(source_yaml=_yucheng_text(), by=None)
    again = template_load(source_yaml=_yucheng_text() + "\n# 只改了注释\n", by=None)
    assert again.pk == first.pk and IndicatorTemplate.objects.count() == 1


def test_a_template_not_yet_frozen_changes_in_place():
    first = template_load(source_yaml=_yucheng_text(), by=None)
    changed = template_load(source_yaml=_yucheng_text().replace("threshold: 18 ", "threshold: 17 "), by=None)
    assert changed.pk == first.pk and changed.version == 1
    assert changed.definition["scheme"]["threshold"] == 17


def test_a_frozen_template_gets_a_new_version_instead_of_changing():
    first = template_freeze(template=template_load(source_yaml=_yucheng_text(), by=None))
    changed_text = _yucheng_text().replace("threshold: 18 ", "threshold: 17 ")
    second = template_load(source_yaml=changed_text, by=None)
    first.refresh_from_db()
    assert (first.version, first.definition["scheme"]["threshold"]) == (1, 18)
    assert (second.version, second.definition["scheme"]["threshold"], second.is_frozen) == (2, 17, False)
    assert second.as_definition().version == 2
    assert IndicatorItem.objects.filter(template=first).count() == IndicatorItem.objects.filter(template=second).count()
    assert template_load(source_yaml=changed_text, by=None).pk == second.pk
    assert AuditEvent.objects.filter(object_type="indicator_template").count() == 2


def test_a_bad_file_changes_nothing_and_names_the_node():
    bad = _yucheng_text().replace("dimension: D, sub_item: D1.1", "dimension: Z, sub_item: D1.1")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        template_load(source_yaml=bad, by=None)
    assert "vetoes[V10].dimension: 否定项所挂的维度 Z 在指标体系中不存在。" in error.value.messages
    assert not IndicatorTemplate.objects.exists()


def test_one_bad_document_keeps_the_others_of_the_file_out():
    text = (TEMPLATES_DIR / "lengshuijiang_fortress_2023.yaml").read_text(encoding="utf-8")
    bad = text.replace("code: lengshuijiang_fortress_2023_two_new", "code: lengshuijiang_fortress_2023_village")
    with pytest.raises(ValidationError):
        templates_load(source_yaml=bad, by=None)
    assert not IndicatorTemplate.objects.exists()


def test_each_document_keeps_its_own_source():
    stored = templates_load(source_yaml=(TEMPLATES_DIR / "yantian_quality.yaml").read_text(encoding="utf-8"), by=None)
    for template in stored:
        assert parse_templates(template.source_yaml)[0].code == template.code


def test_the_load_command_prints_the_loaded_versions():
    out = StringIO()
    with translation.override("zh-hans"):
        call_command("load_template", str(YUCHENG_FILE), stdout=out)
    assert "已载入 yucheng_4plus1 第 1 版" in out.getvalue()


def test_the_load_command_fails_with_located_chinese_errors(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        _yucheng_text().replace("points: 7\n        sub_items", "points: 5\n        sub_items", 1), encoding="utf-8"
    )
    err = StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError, match="未载入"):
        call_command("load_template", str(bad), stderr=err)
    assert "dimensions[A].items[A1]: 各小项合计 7 分，超过所属大项的 5 分。" in err.getvalue()
    assert not IndicatorTemplate.objects.exists()


def test_the_load_command_exits_non_zero(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "load_template", str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "YAML" in result.stderr


def test_export_writes_what_load_reads(tmp_path):
    template_freeze(template=template_load(source_yaml=_yucheng_text(), by=None))
    template_load(source_yaml=_yucheng_text().replace("threshold: 18 ", "threshold: 17 "), by=None)
    target = tmp_path / "out.yaml"
    call_command("export_template", "yucheng_4plus1", "--version", "1", "-o", str(target), stderr=StringIO())
    assert parse_template(target.read_text(encoding="utf-8")) == parse_template(_yucheng_text())
    out = StringIO()
    call_command("export_template", "yucheng_4plus1", stdout=out)
    assert parse_template(out.getvalue()).version == 2
    with pytest.raises(CommandError):
        call_command("export_template", "nope")
