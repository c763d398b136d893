"""Loading indicator templates: validate, store a version, flatten its items; frozen versions never change."""

import re
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction

from orgs.models import User
from orgs.services.audit import audit_record
from scoring.audit import ScoringAuditAction
from scoring.definitions import Item, SubItem, Template
from scoring.models import IndicatorItem, IndicatorTemplate, ItemLevel
from scoring.template_format.problems import TemplateError
from scoring.template_format.reading import parse_template, parse_templates
from scoring.template_format.writing import dump_template, template_to_dict

DOCUMENT_SEPARATOR = re.compile(r"^---[ \t]*$", re.MULTILINE)


def _content(definition: dict) -> dict:
    """A definition without its version number: two versions with equal content are the same template."""
    return {key: value for key, value in definition.items() if key != "version"}


def _scored_fields(node: Item | SubItem) -> dict:
    """The fields an item and a sub-item store alike: what is scored and how."""
    return {
        "code": node.code,
        "name": node.name,
        "points_max": node.points_max,
        "points_min": node.points_min,
        "kind": node.kind,
        "standard": node.standard,
    }


def _item_rows(stored: IndicatorTemplate, template: Template) -> list[IndicatorItem]:
    rows: list[IndicatorItem] = []

    def add(**fields) -> None:
        rows.append(IndicatorItem(template=stored, order=len(rows) + 1, **fields))

    for dimension in template.dimensions:
        add(
            code=dimension.code,
            dimension_code=dimension.code,
            level=ItemLevel.DIMENSION,
            name=dimension.name,
            points_max=dimension.points_max,
            personalised=dimension.personalised,
        )
        for item in dimension.items:
            add(
                **_scored_fields(item),
                parent_code=dimension.code,
                dimension_code=dimension.code,
                level=ItemLevel.ITEM,
                is_leaf=item.is_leaf,
                personalised=dimension.personalised,
            )
            for sub_item in item.sub_items:
                add(
                    **_scored_fields(sub_item),
                    parent_code=item.code,
                    dimension_code=dimension.code,
                    level=ItemLevel.SUB_ITEM,
                    is_leaf=True,
                )
    for veto in template.vetoes:
        add(
            code=veto.code,
            parent_code=veto.sub_item or veto.dimension or "",
            dimension_code=veto.dimension or "",
            level=ItemLevel.VETO,
            name=veto.name,
            standard=veto.standard,
            is_veto=True,
        )
    return rows


def _store(*, template: Template, source_yaml: str, by: User | None) -> IndicatorTemplate:
    definition = template_to_dict(template)
    existing = list(IndicatorTemplate.objects.select_for_update().filter(code=template.code).order_by("version"))
    unchanged = next((row for row in existing if _content(row.definition) == _content(definition)), None)
    if unchanged is not None:
        return unchanged
    same_version = next((row for row in existing if row.version == template.version), None)
    if same_version is not None and same_version.is_frozen:
        template = replace(template, version=existing[-1].version + 1)
        definition = template_to_dict(template)
        source_yaml = dump_template(template)
    stored = same_version if same_version is not None and not same_version.is_frozen else IndicatorTemplate()
    outcome = "updated" if stored.pk else "created"
    stored.code, stored.version, stored.name, stored.year = (
        template.code,
        template.version,
        template.name,
        template.year,
    )
    stored.scheme = template.scheme.name
    stored.applies_to = definition.get("applies_to", {})
    stored.definition = definition
    stored.source_yaml = source_yaml
    stored.is_example = template.example
    stored.save()
    stored.items.all().delete()
    IndicatorItem.objects.bulk_create(_item_rows(stored, template))
    audit_record(
        action=ScoringAuditAction.TEMPLATE_LOAD,
        actor=by,
        object_type="indicator_template",
        object_id=stored.pk,
        detail={"code": stored.code, "version": stored.version, "outcome": outcome},
    )
    return stored


def _documents(source_yaml: str, count: int) -> list[str]:
    """The text of each document of a file, so each version keeps its own source with its comments."""
    if count == 1:
        return [source_yaml]
    chunks = [chunk for chunk in DOCUMENT_SEPARATOR.split(source_yaml) if chunk.strip()]
    return chunks if len(chunks) == count else [""] * count


def _parsed(source_yaml: str) -> list[Template]:
    try:
        return parse_templates(source_yaml)
    except TemplateError as error:
        raise ValidationError([str(problem) for problem in error.problems]) from error


def templates_load(*, source_yaml: str, by: User | None) -> list[IndicatorTemplate]:
    """Validate every template of a YAML file and store them all or none.

    Unchanged content returns the existing version; a changed frozen version gets a new version number.
    """
    templates = _parsed(source_yaml)
    sources = _documents(source_yaml, len(templates))
    with transaction.atomic():
        return [
            _store(template=template, source_yaml=source or dump_template(template), by=by)
            for template, source in zip(templates, sources, strict=True)
        ]


def template_load(*, source_yaml: str, by: User | None) -> IndicatorTemplate:
    """Validate and store the one template of a YAML text (see templates_load)."""
    try:
        template = parse_template(source_yaml)
    except TemplateError as error:
        raise ValidationError([str(problem) for problem in error.problems]) from error
    with transaction.atomic():
        return _store(template=template, source_yaml=source_yaml, by=by)


def template_freeze(*, template: IndicatorTemplate) -> IndicatorTemplate:
    """Freeze a version once an open campaign uses it: a later load of changed content makes a new version."""
    if not template.is_frozen:
        template.is_frozen = True
        template.save(update_fields=["is_frozen"])
    return template
