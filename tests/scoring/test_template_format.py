"""The YAML format of indicator templates: the shipped files load and round-trip; bad files get located Chinese
messages. No database."""

from decimal import Decimal

import pytest
from django.utils import translation

from scoring.template_format.problems import TemplateError
from scoring.template_format.reading import parse_template, parse_templates
from scoring.template_format.writing import dump_templates
from tests.support.scoring import SHIPPED_FILES, shipped, yucheng

MINIMAL = """
code: sample
name: 测试指标体系
version: 1
scheme: {name: dimension_stars, threshold: 18}
dimensions:
  - code: A
    name: 组织建设
    points: 20
    items:
      - code: A1
        name: 组织覆盖
        points: 10
        sub_items:
          - {code: A1.1, name: 组织设置, points: 5}
          - {code: A1.2, name: 支部覆盖, points: 5}
      - {code: A2, name: 班子建设, points: 10}
vetoes:
  - {code: V1, name: 未按期换届, dimension: A}
"""

WEIGHTED = """
code: weighted
name: 加权
version: 1
scheme:
  name: weighted_grade
  indicator_weight: 0.6
  evaluation_weight: 0.4
  bands:
    - {grade: 好, from: 90, to: 100}
    - {grade: 较好, from: 80, to: 90}
    - {grade: 一般, from: 60, to: 80}
    - {grade: 差, from: 0, to: 60}
satisfaction:
  options: [{code: satisfied, label: 满意, points: 100, fair_or_above: true}]
dimensions:
  - {code: A, name: 带头人, points: 100, items: [{code: A1, name: 书记, points: 100}]}
"""

BANDS = """
code: bands
name: 分档
version: 1
scheme:
  name: score_bands
  veto_cap: 1
  bands:
    - {stars: 5, from: 90, to: 100}
    - {stars: 4, from: 80, to: 90}
    - {stars: 3, from: 70, to: 80}
    - {stars: 2, from: 60, to: 70}
    - {stars: 1, from: 0, to: 60}
dimensions:
  - {code: A, name: 基本组织设置, points: 100, items: [{code: A1, name: 设置, points: 100}]}
"""


def _problems(text: str) -> list[str]:
    with translation.override("zh-hans"), pytest.raises(TemplateError) as error:
        parse_templates(text)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda path: path.name)
def test_each_shipped_file_loads_and_round_trips(path):
    templates = parse_templates(path.read_text(encoding="utf-8"))
    assert templates
    assert parse_templates(dump_templates(templates)) == templates


def test_the_yucheng_template_has_the_seed_counts():
    template = yucheng()
    party_affairs, governance = template.dimensions[:4], template.dimensions[4]
    assert [dimension.name for dimension in party_affairs] == ["党组织建设", "队伍管理", "制度执行", "保障落实"]
    assert {dimension.points_max for dimension in template.dimensions} == {20}
    assert sum(len(dimension.items) for dimension in party_affairs) == 12
    assert sum(len(item.sub_items) for dimension in party_affairs for item in dimension.items) == 37
    item_names = {item.name for dimension in party_affairs for item in dimension.items}
    assert {"组织覆盖", "班子建设", "发展党员", "组织生活", "阵地保障"} <= item_names
    assert len(template.vetoes) == 12 and all(veto.dimension for veto in template.vetoes)
    assert governance.personalised and [item.name for item in governance.items] == ["目标任务", "公开测评", "其他"]
    assert template.scheme.threshold == 18
    assert (template.satisfaction.gate_share, template.satisfaction.gate_stars) == (Decimal("0.7"), 5)
    assert template.example


def test_the_other_seed_systems():
    fortress = shipped("lengshuijiang_fortress_2023.yaml")
    assert sorted(template.applies_to.domains[0] for template in fortress) == sorted(
        ["village", "urban_community", "agency_institution", "two_new"]
    )
    six_basics = ["基本组织设置", "基本队伍建设", "基本组织生活", "基本制度保障", "基本公共服务", "基本作用发挥"]
    assert all([d.name for d in template.dimensions] == six_basics for template in fortress)
    yantian = shipped("yantian_quality.yaml")
    assert len(yantian) == 5 and all(len(template.dimensions) == 6 for template in yantian)
    assert [group.name for group in yantian[0].satisfaction.rater_groups] == [
        "相关单位领导",
        "“两代表一委员”",
        "党员代表",
        "群众代表",
        "服务对象",
    ]
    jinyuan = shipped("jinyuan_secretary_quarterly.yaml")[0]
    assert len(jinyuan.dimensions) == 8 and sum(1 for _ in jinyuan.leaves()) > 40


def test_the_minimal_template_is_valid():
    assert parse_template(MINIMAL).code == "sample"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            MINIMAL.replace("{code: A2, name: 班子建设, points: 10}", "{code: A2, name: 班子建设, points: 11}"),
            "dimensions[A]: 各大项合计 21 分，超过所属维度的 20 分。",
        ),
        (
            MINIMAL.replace("        points: 10\n        sub_items", "        points: 9\n        sub_items"),
            "dimensions[A].items[A1]: 各小项合计 10 分，超过所属大项的 9 分。",
        ),
        (
            MINIMAL.replace("dimension_stars, threshold", "stars_per_dimension, threshold"),
            "scheme.name: 未知的评星方案 stars_per_dimension；可用方案：dimension_stars, score_bands, weighted_grade, "
            "ranked_score, pioneer_grade。",
        ),
        (
            MINIMAL.replace("code: A1.2", "code: A1.1"),
            "dimensions[A].items[A1].sub_items[#2 A1.1].code: 编码 A1.1 重复（首次出现于 "
            "dimensions[A].items[A1].sub_items[A1.1]）。",
        ),
        (
            MINIMAL.replace("dimension: A}", "dimension: Z}"),
            "vetoes[V1].dimension: 否定项所挂的维度 Z 在指标体系中不存在。",
        ),
        (MINIMAL.replace("    name: 组织建设\n", ""), "dimensions[A].name: 缺少此字段。"),
        (MINIMAL.replace("    points: 20", "    points: 二十"), "dimensions[A].points: 应为数字，实为文本。"),
        (
            MINIMAL.replace("scheme: {name: dimension_stars, threshold: 18}", "scheme: [dimension_stars, 18]"),
            "scheme: 应为映射（键: 值），实为列表。",
        ),
        (
            MINIMAL.replace("{code: A2, name: 班子建设, points: 10}", "{code: A2, name: 班子建设, points: -1}"),
            "dimensions[A].items[A2].points: 分值不能为负数：-1。",
        ),
        (
            MINIMAL.replace("{code: A1.2, name: 支部覆盖, points: 5}", "{code: A1.2, name: 支部覆盖, points: 4.3}"),
            "dimensions[A].items[A1].sub_items[A1.2].points: 分值须为整分或半分：4.3。",
        ),
        (
            MINIMAL.replace(
                "{code: A2, name: 班子建设, points: 10}", "{code: A2, name: 班子建设, points: 10, kind: bonuses}"
            ),
            "dimensions[A].items[A2].kind: 未知的计分方式 bonuses；可用方式：points, deduction, bonus, yes_no。",
        ),
        (MINIMAL.replace("version: 1", "version: 1\ncolour: red"), "colour: 未知字段 colour；此处允许的字段："),
        (WEIGHTED.replace("evaluation_weight: 0.4", "evaluation_weight: 0.5"), "scheme: 权重合计为 1.1，应为 1。"),
        (
            BANDS.replace("{stars: 5, from: 90, to: 100}", "{stars: 5, from: 85, to: 100}"),
            "scheme.bands: 分档 4星 与 5星 在 85 至 90 之间重叠。",
        ),
        (
            BANDS.replace("{stars: 2, from: 60, to: 70}", "{stars: 2, from: 65, to: 70}"),
            "scheme.bands: 60 至 65 之间的得分没有对应的分档。",
        ),
        (
            BANDS.replace("{stars: 5, from: 90, to: 100}", "{stars: 5, from: 90, to: 95}"),
            "scheme.bands: 95 至 100 之间的得分没有对应的分档。",
        ),
        ("code: x\nname: [", "YAML 格式有误，第 2 行："),
    ],
    ids=[
        "items-exceed-dimension",
        "sub-items-exceed-item",
        "unknown-scheme",
        "duplicate-code",
        "veto-on-missing-dimension",
        "missing-field",
        "wrong-type",
        "wrong-type-mapping",
        "negative-points",
        "not-half-points",
        "unknown-kind",
        "unknown-field",
        "weights-not-one",
        "bands-overlap",
        "bands-gap",
        "bands-short-of-top",
        "broken-yaml",
    ],
)
def test_a_bad_file_gets_a_precise_chinese_message_naming_the_node(text, message):
    problems = _problems(text)
    assert any(problem.startswith(message) for problem in problems), problems


def test_rater_group_weights_must_add_up_to_one():
    text = WEIGHTED.replace(
        "  options:",
        "  rater_groups:\n    - {code: leaders, name: 相关单位领导, weight: 0.5}\n"
        "    - {code: members, name: 党员代表, weight: 0.4}\n  options:",
    )
    assert "satisfaction.rater_groups: 权重合计为 0.9，应为 1。" in _problems(text)


def test_the_problems_of_every_document_are_reported_with_their_document():
    text = MINIMAL + "---\n" + MINIMAL.replace("code: sample", "code: other").replace("points: 20", "points: -20")
    problems = _problems(text)
    assert any(problem.startswith("第2个模板：dimensions[A].points: 分值不能为负数") for problem in problems), problems


def test_a_personalised_dimension_leaves_its_sub_items_to_the_street():
    text = MINIMAL.replace("    points: 20\n    items:", "    points: 20\n    personalised: true\n    items:")
    assert "dimensions[A].items[A1].sub_items: 个性化维度的小项由街道为各社区设定，此处不填。" in _problems(text)
