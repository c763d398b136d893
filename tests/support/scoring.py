"""Support for the scoring tests (no tests here): the shipped templates, and inputs that reach given points."""

from decimal import Decimal
from functools import cache
from pathlib import Path

from scoring.definitions import Kind, Template
from scoring.template_format.reading import parse_templates

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "templates"
SHIPPED_FILES = sorted(TEMPLATES_DIR.glob("*.yaml"))


@cache
def shipped(name: str) -> tuple[Template, ...]:
    return tuple(parse_templates((TEMPLATES_DIR / name).read_text(encoding="utf-8")))


def yucheng() -> Template:
    return shipped("yucheng_4plus1_2018.yaml")[0]


def scores_for(template: Template, points_by_dimension: dict[str, Decimal | int | str]) -> dict[str, Decimal]:
    """Leaf scores (filled in order, half points) that give each listed dimension exactly its points."""
    scores: dict[str, Decimal] = {}
    for dimension in template.dimensions:
        left = Decimal(str(points_by_dimension.get(dimension.code, 0)))
        for leaf in dimension.leaves():
            if leaf.kind not in (Kind.POINTS,):
                continue
            given = min(left, leaf.points_max)
            if given:
                scores[leaf.code] = given
            left -= given
        assert left == 0, f"{dimension.code} cannot reach {points_by_dimension[dimension.code]}"
    return scores
