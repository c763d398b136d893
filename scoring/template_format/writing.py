"""Templates written back as YAML in the file's layout, leaving out fields at their defaults."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import yaml

from scoring.definitions import Item, Kind, Satisfaction, Scheme, SchemeName, SubItem, Subject, Template
from scoring.template_format.pioneer import democratic_vote_to_dict, pioneer_to_dict


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() else float(number)


def _leaf_dict(leaf: SubItem | Item) -> dict:
    data: dict[str, Any] = {"code": leaf.code, "name": leaf.name}
    if leaf.kind != Kind.POINTS:
        data["kind"] = str(leaf.kind)
    if leaf.kind != Kind.DEDUCTION or leaf.points_max:
        data["points"] = _plain(leaf.points_max)
    if leaf.points_min:
        data["min"] = _plain(leaf.points_min)
    if leaf.standard:
        data["standard"] = leaf.standard
    return data


def _item_dict(item: Item) -> dict:
    if item.is_leaf:
        return _leaf_dict(item)
    data: dict[str, Any] = {"code": item.code, "name": item.name, "points": _plain(item.points_max)}
    if item.standard:
        data["standard"] = item.standard
    data["sub_items"] = [_leaf_dict(sub_item) for sub_item in item.sub_items]
    return data


def _scheme_dict(scheme: Scheme) -> dict:
    data: dict[str, Any] = {"name": str(scheme.name)}
    if scheme.name == SchemeName.DIMENSION_STARS:
        data["threshold"] = _plain(scheme.threshold)
    elif scheme.name == SchemeName.SCORE_BANDS:
        data["bands"] = [{"stars": b.stars, "from": _plain(b.lower), "to": _plain(b.upper)} for b in scheme.star_bands]
        data["veto_cap"] = scheme.veto_cap
    elif scheme.name == SchemeName.WEIGHTED_GRADE:
        data["indicator_weight"] = _plain(scheme.indicator_weight)
        data["evaluation_weight"] = _plain(scheme.evaluation_weight)
        data["bands"] = [{"grade": b.grade, "from": _plain(b.lower), "to": _plain(b.upper)} for b in scheme.grade_bands]
        if scheme.veto_grade is not None:
            data["veto_grade"] = scheme.veto_grade
    elif scheme.name == SchemeName.RANKED_SCORE:
        data["behind_share"] = _plain(scheme.behind_share)
    return data


def _satisfaction_dict(satisfaction: Satisfaction) -> dict:
    data: dict[str, Any] = {
        "options": [
            {"code": o.code, "label": o.label, "points": _plain(o.points), "fair_or_above": o.fair_or_above}
            for o in satisfaction.options
        ]
    }
    if satisfaction.rater_groups:
        data["rater_groups"] = [
            {"code": g.code, "name": g.name, "weight": _plain(g.weight)} for g in satisfaction.rater_groups
        ]
    if satisfaction.gate_share is not None:
        data["gate"] = {"share": _plain(satisfaction.gate_share), "stars": satisfaction.gate_stars}
    return data


def template_to_dict(template: Template) -> dict:
    """The template as plain data in the file's layout, leaving out fields at their defaults."""
    data: dict[str, Any] = {"code": template.code, "name": template.name}
    if template.year is not None:
        data["year"] = template.year
    data["version"] = template.version
    if template.example:
        data["example"] = True
    if template.subject != Subject.ORGANIZATION:
        data["subject"] = str(template.subject)
    if template.description:
        data["description"] = template.description
    applies_to = {key: list(getattr(template.applies_to, key)) for key in ("domains", "org_types", "levels")}
    if any(applies_to.values()):
        data["applies_to"] = {key: values for key, values in applies_to.items() if values}
    data["scheme"] = _scheme_dict(template.scheme)
    if template.satisfaction is not None:
        data["satisfaction"] = _satisfaction_dict(template.satisfaction)
    data["dimensions"] = [
        {"code": d.code, "name": d.name, "points": _plain(d.points_max)}
        | ({"personalised": True} if d.personalised else {})
        | {"items": [_item_dict(item) for item in d.items]}
        for d in template.dimensions
    ]
    if template.pioneer is not None:
        data["democratic_vote"] = democratic_vote_to_dict(template.pioneer)
        data["pioneer"] = pioneer_to_dict(template.pioneer)
    if template.vetoes:
        data["vetoes"] = [
            {key: value for key, value in vars(veto).items() if value not in (None, "")} for veto in template.vetoes
        ]
    return data


def dump_templates(templates: Iterable[Template]) -> str:
    """YAML text that parse_templates reads back into equal templates."""
    documents = [template_to_dict(template) for template in templates]
    return yaml.safe_dump_all(
        documents,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=120,
        explicit_start=len(documents) > 1,
    )


def dump_template(template: Template) -> str:
    """The YAML text of one template."""
    return dump_templates([template])
