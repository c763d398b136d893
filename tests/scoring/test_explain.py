"""The explanation in Chinese sentences ("为什么是3星"), from the engine's result alone. No database."""

from django.utils import translation

from scoring.engine import Inputs, compute
from scoring.explain import explain, why
from tests.support.scoring import scores_for, shipped, yucheng


def test_why_three_stars_names_each_dimension_and_the_veto():
    template = yucheng()
    scores = scores_for(template, {"A": 20, "B": 20, "C": "17.5", "D": 18, "E": 19})
    result = compute(
        template, Inputs(scores=scores, vetoes_hit=frozenset({"V10"}), votes={"fair": 7, "unsatisfied": 3})
    )
    with translation.override("zh-hans"):
        lines = explain(result)
    assert lines == [
        "为什么是3星：",
        "党组织建设：得分 20/20，达到 18 分，亮星。",
        "队伍管理：得分 20/20，达到 18 分，亮星。",
        "制度执行：得分 17.5/20，不足 18 分，无星。",
        "保障落实：得分 18/20，但触发否定项“无固定党群服务阵地”，此维度无星。",
        "作用发挥（抓党建促社区治理）：得分 19/20，达到 18 分，亮星。",
        "共 3 个维度亮星。",
        "满意度测评“一般”及以上占 70%，达到 70%，满意度要求不影响星级。",  # a 3 never says five were allowed
    ]


def test_only_a_five_star_result_says_the_gate_allowed_five():
    template = yucheng()
    scores = scores_for(template, dict.fromkeys("ABCDE", 20))
    for votes, stars in (({"fair": 7, "unsatisfied": 3}, 5), ({"satisfied": 69, "unsatisfied": 31}, 4)):
        with translation.override("zh-hans"):
            text = why(compute(template, Inputs(scores=scores, votes=votes)))
        assert text.startswith(f"为什么是{stars}星：")
        assert ("可评为5星" in text) == (stars == 5)
    below = scores_for(template, {"A": 20, "B": 20, "C": 20, "D": 20, "E": 10})
    with translation.override("zh-hans"):
        text = why(compute(template, Inputs(scores=below, votes={"satisfied": 10})))
    assert text.startswith("为什么是4星：") and "可评为5星" not in text and "不影响星级" in text


def test_why_four_stars_when_the_gate_holds_five_back():
    template = yucheng()
    scores = scores_for(template, dict.fromkeys("ABCDE", 20))
    with translation.override("zh-hans"):
        text = why(compute(template, Inputs(scores=scores, votes={"satisfied": 69, "unsatisfied": 31})))
    assert text.startswith("为什么是4星：")
    assert text.endswith("满意度测评“一般”及以上占 69%，低于 70%，不能评为5星，由 5 星降为 4 星。")


def test_why_a_grade_shows_the_weighted_sum():
    template = shipped("yantian_quality.yaml")[0]
    scores = scores_for(template, {"L": 20, "R": 15, "P": 15, "G": 15, "A": 20})
    result = compute(template, Inputs(scores=scores, evaluation_score=90))
    with translation.override("zh-hans"):
        lines = explain(result)
    assert lines[0] == "为什么评为“较好”："
    assert "指标量化考评 85/100 分。" in lines
    assert "85 × 0.6 + 90 × 0.4 = 87（指标量化考评得分与党员群众评议得分）。" in lines
    assert (result.total, result.points_max) == (87, 100)  # the total is the weighted one


def test_why_a_capped_fortress_star():
    template = shipped("lengshuijiang_fortress_2023.yaml")[0]
    scores = scores_for(template, {"S1": 15, "S2": 20, "S3": 20, "S4": 15, "S5": 15, "S6": 10})
    with translation.override("zh-hans"):
        lines = explain(compute(template, Inputs(scores=scores, vetoes_hit=frozenset({"V1"}))))
    assert lines == [
        "为什么是1星：",
        "总分 95/100。",
        "得分在 90 至 100 分档内，评为5星。",
        "触发否定项“党组织班子成员严重违纪违法”，最高评为1星。",
    ]
