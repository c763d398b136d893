"""Reads of policy what-ifs: the runs and templates a user may try, and a run's outcome as the page shows it."""

from dataclasses import dataclass, field

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from evaluations.models import Campaign, Evaluation, PolicyWhatIf
from evaluations.selectors.campaigns import campaigns_visible_to
from orgs.models import Organization, User
from orgs.permissions import Capability, capability_paths, subtree_condition
from scoring.definitions import Subject
from scoring.drafts import EDITABLE_SCHEMES
from scoring.models import ConsequenceAction, ConsequenceRuleSet, ConsequenceTarget, IndicatorTemplate

WHAT_IF_CAPABILITY = Capability.MANAGE_CAMPAIGNS


def what_ifs_visible_to(user: User) -> QuerySet:
    """The runs on campaigns whose scope lies where the user manages campaigns (the district's organization
    department); nobody else sees them."""
    condition = subtree_condition(user, WHAT_IF_CAPABILITY, "campaign__scope__path")
    runs = PolicyWhatIf.objects.filter(rule_set__isnull=True).select_related("campaign", "template", "adopted_template")
    return runs if condition is None else runs.filter(condition)


def rule_set_what_ifs_visible_to(user: User) -> QuerySet:
    """The runs of rule set drafts over organizations where the user manages campaigns."""
    condition = subtree_condition(user, WHAT_IF_CAPABILITY, "scope__path")
    runs = PolicyWhatIf.objects.filter(rule_set__isnull=False).select_related("rule_set", "scope", "adopted_rule_set")
    return runs if condition is None else runs.filter(condition)


def what_if_scopes(user: User) -> QuerySet:
    """The organizations whose subtree a rule set's draft can be tried on: the top ones where the user manages
    campaigns (the district, for its organization department)."""
    if user.is_superuser:
        return Organization.objects.filter(depth=1).order_by("path")
    return Organization.objects.filter(path__in=capability_paths(user, WHAT_IF_CAPABILITY)).order_by("path")


def what_if_rule_sets() -> QuerySet:
    """The rule sets in use, whose rules a what-if can change."""
    return ConsequenceRuleSet.objects.filter(is_active=True).order_by("code")


def campaigns_for_what_if(user: User, template: IndicatorTemplate) -> QuerySet:
    """The campaigns, past or current, that rated organizations on this template version and that the user
    manages."""
    condition = subtree_condition(user, WHAT_IF_CAPABILITY, "scope__path")
    campaigns = campaigns_visible_to(user).filter(pk__in=Campaign.objects.filter(evaluations__template=template))
    return (campaigns if condition is None else campaigns.filter(condition)).order_by("-year", "-pk")


def what_if_templates() -> QuerySet:
    """The template versions whose numbers a what-if can change (organizations' star and grade schemes): the newest
    of each template and every version a campaign rated on, so a past campaign can be tried on its own version."""
    newest = IndicatorTemplate.objects.values("code").annotate(newest=Max("version"))
    pairs = {(row["code"], row["newest"]) for row in newest}
    used = set(Evaluation.objects.values_list("template_id", flat=True).distinct().order_by())
    templates = IndicatorTemplate.objects.filter(scheme__in=[str(name) for name in EDITABLE_SCHEMES])
    ids = [
        pk
        for pk, code, version in templates.values_list("pk", "code", "version")
        if (code, version) in pairs or pk in used
    ]
    return IndicatorTemplate.objects.filter(pk__in=ids).order_by("code", "-version")


def template_may_try(template: IndicatorTemplate) -> bool:
    definition = template.definition
    return (
        template.scheme in EDITABLE_SCHEMES and definition.get("subject", Subject.ORGANIZATION) == Subject.ORGANIZATION
    )


def reason_text(reason: dict) -> str:
    """One reason of a change as a sentence."""
    kind = reason["kind"]
    values = {key: reason.get(key, "") for key in ("name", "points", "before", "after")}
    if kind == "dimension_lit":
        return _("%(name)s: %(points)s points now reach the threshold %(after)s (was %(before)s)") % values
    if kind == "dimension_below_threshold":
        return _("%(name)s: %(points)s points are below the threshold %(after)s (was %(before)s)") % values
    if kind == "dimension_vetoed":
        return _("%(name)s: a veto item now keeps its star out") % values
    if kind == "band":
        return _("total %(points)s now falls in the band %(after)s (was %(before)s)") % values
    if kind == "veto_cap":
        return _("the cap of a veto item is now %(after)s (was %(before)s)") % values
    if kind == "weighted_score":
        return _("weighted score %(after)s (was %(before)s)") % values
    if kind == "gate_applied":
        return _("the fair-or-above share %(points)s is below the gate %(after)s") % values
    return _("the fair-or-above share %(points)s now passes the gate %(after)s (was %(before)s)") % values


def level_text(stars: int | None, grade: str) -> str:
    if grade:
        return grade
    return "—" if stars is None else _("%(stars)s stars") % {"stars": stars}


@dataclass
class StreetOutcome:
    street: Organization | None
    gain: int
    lose: int
    keep: int
    uncomputed: int
    gained: list[dict] = field(default_factory=list)
    lost: list[dict] = field(default_factory=list)


def _described(row: dict) -> dict:
    return row | {
        "before": level_text(row["stars_before"], row["grade_before"]),
        "after": level_text(row["stars_after"], row["grade_after"]),
        "why": "；".join(reason_text(reason) for reason in row["reasons"]),
    }


def what_if_outcome(what_if: PolicyWhatIf, column: str = "results") -> dict:
    """The run's outcome for the page and the export: per street (in tree order) the counts and who moved, the
    district's totals, and the distribution of levels before and after."""
    compared = what_if.comparison.get(column)
    if not compared:
        return {}
    streets = Organization.objects.in_bulk([row["street"] for row in compared["streets"] if row["street"]])
    by_street = {}
    for row in compared["streets"]:
        by_street[row["street"]] = StreetOutcome(
            streets.get(row["street"]), row["gain"], row["lose"], row["keep"], row["uncomputed"]
        )
    for row in sorted(what_if.changed, key=lambda each: each["code"]):
        outcome = by_street.get(row["street"])
        if outcome is not None:
            (outcome.gained if row["direction"] == "gain" else outcome.lost).append(_described(row))
    total = compared["total"]
    levels = sorted(set(total["before"]) | set(total["after"]), key=lambda level: (len(level), level))
    distribution = [
        {
            "level": level_text(int(level), "") if level.isdigit() else (level or "—"),
            "before": total["before"].get(level, 0),
            "after": total["after"].get(level, 0),
            "difference": total["after"].get(level, 0) - total["before"].get(level, 0),
        }
        for level in levels
    ]
    ordered = sorted(by_street.values(), key=lambda outcome: outcome.street.path if outcome.street else "")
    return {"streets": ordered, "total": total, "distribution": distribution}


@dataclass
class ListChange:
    """One list (an action: the weak-and-lax list, award ineligibility …) in one street: how many entries would
    appear and vanish, and which."""

    action: str
    label: str
    appear: int
    vanish: int
    rows: list[dict] = field(default_factory=list)


@dataclass
class StreetConsequences:
    street: Organization | None
    appear: int
    vanish: int
    lists: list[ListChange]


def _lists(actions: dict, rows: list[dict]) -> list[ListChange]:
    labels = dict(ConsequenceAction.choices)
    targets = dict(ConsequenceTarget.choices)
    order = list(labels)
    shown = []
    for action in sorted(actions, key=lambda action: order.index(action) if action in order else len(order)):
        picked = [
            row | {"label": labels.get(row["action"], row["action"]), "whom": _whom(row, targets)}
            for row in rows
            if row["action"] == action
        ]
        counts = actions[action]
        shown.append(ListChange(action, str(labels.get(action, action)), counts["appear"], counts["vanish"], picked))
    return shown


def _whom(row: dict, targets: dict) -> str:
    if row["target"] == "organization":
        return str(targets["organization"])
    return f"{targets.get(row['target'], row['target'])}：{row['person_name'] or '—'}"


def consequence_outcome(what_if: PolicyWhatIf) -> dict:
    """The consequence column as the page and the export show it: per street (in tree order) and for the district,
    each list's entries that would appear and vanish, with the organizations, persons and results behind them."""
    column = what_if.comparison.get("consequences")
    if column is None:
        return {}
    rows_of: dict[int | None, list[dict]] = {}
    for row in column["rows"]:
        rows_of.setdefault(row["street"], []).append(row)
    streets = Organization.objects.in_bulk([row["street"] for row in column["streets"] if row["street"]])
    by_street = [
        StreetConsequences(
            streets.get(row["street"]), row["appear"], row["vanish"], _lists(row["actions"], rows_of[row["street"]])
        )
        for row in column["streets"]
    ]
    by_street.sort(key=lambda outcome: outcome.street.path if outcome.street else "")
    return {
        "approved": column["approved"],
        "rule_sets": column["rule_sets"],
        "streets": by_street,
        "total": column["total"],
        "lists": _lists(column["total"]["actions"], []),
    }
