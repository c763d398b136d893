"""The numbers of a template a district may change without writing YAML, and the template with them changed.

Pure: a template in, its settings out; a template and new values in, the draft and the problems of each value out.
The settings are the star threshold of a dimension, the lower bounds of the star or grade bands (each band ends
where the next begins, so they always cover the scale), the star cap of a veto, the satisfaction gate's share, the
weights and whether each veto item stays in force. Shares and weights are shown as percentages.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

from scoring.definitions import GradeBand, SchemeName, StarBand, Template, is_half_step
from scoring.template_format.problems import number_text

HUNDRED = Decimal(100)
EDITABLE_SCHEMES = (SchemeName.DIMENSION_STARS, SchemeName.SCORE_BANDS, SchemeName.WEIGHTED_GRADE)


class SettingKind(StrEnum):
    POINTS = "points"
    PERCENT = "percent"
    STARS = "stars"
    SWITCH = "switch"


@dataclass(frozen=True)
class Setting:
    """One editable number: its key, what kind of value, the current value and what it is about (a band's stars or
    grade, a rater group's or a veto item's name) for its label."""

    key: str
    kind: SettingKind
    value: Decimal | int | bool
    about: str = ""


def _percent(share: Decimal) -> Decimal:
    return Decimal(number_text(share * HUNDRED))


def _ordered(bands):
    return sorted(bands, key=lambda band: band.lower)


def template_settings(template: Template) -> list[Setting]:
    """The editable numbers of a template, in the order a clerk reads the template."""
    scheme = template.scheme
    settings: list[Setting] = []
    if scheme.name == SchemeName.DIMENSION_STARS:
        settings.append(Setting("threshold", SettingKind.POINTS, scheme.threshold))
    elif scheme.name == SchemeName.SCORE_BANDS:
        for band in _ordered(scheme.star_bands)[1:]:
            settings.append(Setting(f"star_band_{band.stars}", SettingKind.POINTS, band.lower, str(band.stars)))
        settings.append(Setting("veto_cap", SettingKind.STARS, scheme.veto_cap))
    elif scheme.name == SchemeName.WEIGHTED_GRADE:
        settings.append(Setting("indicator_weight", SettingKind.PERCENT, _percent(scheme.indicator_weight)))
        for index, band in enumerate(_ordered(scheme.grade_bands)[1:], start=1):
            settings.append(Setting(f"grade_band_{index}", SettingKind.POINTS, band.lower, band.grade))
    satisfaction = template.satisfaction
    if satisfaction is not None and satisfaction.gate_share is not None:
        settings.append(
            Setting("gate_share", SettingKind.PERCENT, _percent(satisfaction.gate_share), str(satisfaction.gate_stars))
        )
    if satisfaction is not None:
        for index, group in enumerate(satisfaction.rater_groups):
            settings.append(Setting(f"rater_group_{index}", SettingKind.PERCENT, _percent(group.weight), group.name))
    for index, veto in enumerate(template.vetoes):
        settings.append(Setting(f"veto_{index}", SettingKind.SWITCH, True, f"{veto.code} {veto.name}"))
    return settings


def _bands_problems(template: Template, values: Mapping, prefix: str, bands, scale: Decimal) -> dict[str, str]:
    problems = {}
    previous = _ordered(bands)[0].lower
    for index, band in enumerate(_ordered(bands)[1:], start=1):
        key = f"{prefix}_{band.stars if prefix == 'star_band' else index}"
        lower = values.get(key, band.lower)
        if not previous < lower < scale:
            problems[key] = _(
                "The lowest score of a band lies above the band below it (%(low)s) and below %(high)s."
            ) % {
                "low": number_text(previous),
                "high": number_text(scale),
            }
        else:
            previous = lower
    return problems


def draft_problems(template: Template, values: Mapping[str, Decimal | int | bool]) -> dict[str, str]:
    """What is wrong with each new value, by key, in words a clerk understands; empty when the draft can be built."""
    problems: dict[str, str] = {}
    threshold = values.get("threshold")
    if threshold is not None:
        too_high = [dimension for dimension in template.dimensions if dimension.points_max < threshold]
        if threshold <= 0 or not is_half_step(threshold):
            problems["threshold"] = _("Give the threshold in whole or half points above 0: %(value)s.") % {
                "value": number_text(threshold)
            }
        elif too_high:
            problems["threshold"] = _(
                "The threshold %(threshold)s is above the full points of the dimension %(dimension)s (%(max)s): "
                "it could never light its star."
            ) % {
                "threshold": number_text(threshold),
                "dimension": too_high[0].name,
                "max": number_text(too_high[0].points_max),
            }
    scheme = template.scheme
    if scheme.name == SchemeName.SCORE_BANDS:
        problems |= _bands_problems(template, values, "star_band", scheme.star_bands, template.points_max)
    if scheme.name == SchemeName.WEIGHTED_GRADE:
        problems |= _bands_problems(template, values, "grade_band", scheme.grade_bands, HUNDRED)
    for key, value in values.items():
        is_share = key in ("indicator_weight", "gate_share") or key.startswith("rater_group_")
        if is_share and not 0 <= value <= HUNDRED:
            problems[key] = _("A share or weight lies between 0 and 100%%: %(value)s.") % {"value": number_text(value)}
    groups = [key for key in values if key.startswith("rater_group_")]
    if groups:
        total = sum((values[key] for key in groups), Decimal(0))
        if total != HUNDRED:
            problems.setdefault(
                groups[0],
                _("The weights of the rater groups add up to %(total)s%% instead of 100%%.")
                % {"total": number_text(total)},
            )
    return problems


def _new_bands(bands, values: Mapping, prefix: str, band_class: type) -> tuple:
    ordered = _ordered(bands)
    lowers = [ordered[0].lower]
    for index, band in enumerate(ordered[1:], start=1):
        lowers.append(values.get(f"{prefix}_{band.stars if band_class is StarBand else index}", band.lower))
    uppers = [*lowers[1:], ordered[-1].upper]
    label = "stars" if band_class is StarBand else "grade"
    by_lower = {
        getattr(band, label): band_class(getattr(band, label), lower, upper)
        for band, lower, upper in zip(ordered, lowers, uppers, strict=True)
    }
    return tuple(by_lower[getattr(band, label)] for band in bands)  # in the template's own order


def template_with_settings(template: Template, values: Mapping[str, Decimal | int | bool]) -> Template:
    """The template with the new values (checked by ``draft_problems`` first); what is not given stays."""
    scheme = template.scheme
    if "threshold" in values:
        scheme = replace(scheme, threshold=values["threshold"])
    if scheme.name == SchemeName.SCORE_BANDS:
        scheme = replace(
            scheme,
            star_bands=_new_bands(scheme.star_bands, values, "star_band", StarBand),
            veto_cap=values.get("veto_cap", scheme.veto_cap),
        )
    if scheme.name == SchemeName.WEIGHTED_GRADE:
        weight = values.get("indicator_weight", _percent(scheme.indicator_weight)) / HUNDRED
        scheme = replace(
            scheme,
            indicator_weight=weight,
            evaluation_weight=Decimal(1) - weight,
            grade_bands=_new_bands(scheme.grade_bands, values, "grade_band", GradeBand),
        )
    satisfaction = template.satisfaction
    if satisfaction is not None:
        satisfaction = replace(
            satisfaction,
            gate_share=values["gate_share"] / HUNDRED if "gate_share" in values else satisfaction.gate_share,
            rater_groups=tuple(
                replace(group, weight=values.get(f"rater_group_{index}", _percent(group.weight)) / HUNDRED)
                for index, group in enumerate(satisfaction.rater_groups)
            ),
        )
    vetoes = tuple(veto for index, veto in enumerate(template.vetoes) if values.get(f"veto_{index}", True))
    return replace(template, scheme=scheme, satisfaction=satisfaction, vetoes=vetoes)


def sharing_with(current: Template, draft: Template) -> Template:
    """The draft holding the current template's own objects wherever they are equal (the tree, the satisfaction
    options and rater groups), so that the engine computes what they decide once for both (``compute``'s memo)."""
    if draft.dimensions == current.dimensions:
        draft = replace(draft, dimensions=current.dimensions)
    if draft.satisfaction is not None and current.satisfaction is not None:
        satisfaction = draft.satisfaction
        if satisfaction.options == current.satisfaction.options:
            satisfaction = replace(satisfaction, options=current.satisfaction.options)
        if satisfaction.rater_groups == current.satisfaction.rater_groups:
            satisfaction = replace(satisfaction, rater_groups=current.satisfaction.rater_groups)
        draft = replace(draft, satisfaction=satisfaction)
    return draft
