"""Forecasts (后果预警) for an organization's, a secretary's or a member's page: what the next result would trigger
under the rule sets in use, computed by the pure rules (scoring.engine.forecasts) on the inputs the consequence job
reads (consequence_inputs.gather), in a fixed number of queries, and put in words."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import MemberGrade
from evaluations.selectors.consequence_inputs import Gathered, RuleSetInput, active_rule_sets, gather
from orgs.models import Member, Organization, Secretary
from orgs.selectors import current_secretary
from scoring.engine.consequences import Action, ConditionKind, Period, Target
from scoring.engine.forecasts import Forecast, ForecastFiring, forecast
from scoring.models import ConsequenceAction, ConsequenceSubject

# The grades a grade rule set is tried with, best first (the rules name them; this is only their order).
GRADE_ORDER = ("好", "较好", "一般", "差", *MemberGrade.values)
FOLLOW_UPS = (Action.PIONEER_FOLLOW_UP, Action.SECRETARY_FOLLOW_UP)


@dataclass
class ForecastItem:
    actions: str  # "取消任期内评先评优资格（本组织、书记张三）"
    counted: str  # "本届任期（2021–2025年）内已有：2022年 3星", or ""
    rule: str  # "Y2 任期内两次及以上三星：…"


@dataclass
class ForecastValue:
    label: str  # "3星", "差", "0星或1星"
    items: list[ForecastItem] = field(default_factory=list)


@dataclass
class ForecastBlock:
    """One rule set's forecast for one subject: the next period and, per value it could take, what would follow."""

    rule_set: str
    period: str
    new_term: bool
    term: str
    values: list[ForecastValue]


def period_label(period: Period) -> str:
    if period.kind == "month":
        return _("%(year)s, month %(number)s") % {"year": period.year, "number": period.number}
    if period.kind == "quarter":
        return _("%(year)s, quarter %(number)s") % {"year": period.year, "number": period.number}
    return _("year %(year)s") % {"year": period.year}


def current_period(kind: str, today: date) -> Period:
    """The period of that kind holding today: the next result's period when there is no result yet."""
    if kind == "month":
        return Period(kind, today.year, today.month)
    if kind == "quarter":
        return Period(kind, today.year, (today.month - 1) // 3 + 1)
    return Period(kind, today.year)


def _value_label(value: str) -> str:
    if value.isdigit():
        return _("%(stars)s stars") % {"stars": value}
    return str(dict(MemberGrade.choices).get(value, value))


def _target_label(target: Target, name: str) -> str:
    if target is Target.LEADER:
        return _("secretary %(name)s") % {"name": name} if name else _("the secretary")
    if target is Target.MEMBER:
        return _("the member")
    return _("this organization")


def _counted(found: ForecastFiring, labels: dict[int, str]) -> str:
    if not found.counted:
        return ""
    results = "、".join(labels.get(result.result_id, result.period.key) for result in found.counted)
    term = found.firing.term
    if found.rule.kind == ConditionKind.IN_TERM and term is not None:
        return _("Already in the committee term %(start)s–%(end)s (%(count)s): %(results)s") % {
            "start": term.start_year,
            "end": term.end_year,
            "count": len(found.counted),
            "results": results,
        }
    return _("Before it: %(results)s") % {"results": results}


def _items(each: Forecast, labels: dict[int, str]) -> list[ForecastItem]:
    """One item per rule: its actions on whom, the real results that count with the next one, the rule."""
    action_labels = dict(ConsequenceAction.choices)
    by_rule: dict[str, list[ForecastFiring]] = {}
    for found in each.firings:
        by_rule.setdefault(found.rule.code, []).append(found)
    items = []
    for code, held in by_rule.items():
        targets: dict[str, list[str]] = {}
        for found in held:
            firing = found.firing
            whom = _target_label(firing.target, firing.person_name)
            targets.setdefault(str(action_labels[firing.action.value]), [])
            if whom not in targets[str(action_labels[firing.action.value])]:
                targets[str(action_labels[firing.action.value])].append(whom)
        actions = "；".join(f"{label}（{'、'.join(whom)}）" for label, whom in targets.items())
        counted = max((_counted(found, labels) for found in held), key=len)
        rule = held[0].rule
        if all(found.firing.action in FOLLOW_UPS for found in held):
            # A follow-up says nothing by itself: the rule's name says what it is ("优秀党员：予以表彰").
            items.append(ForecastItem(rule.name, counted, f"{code} · {actions}"))
        else:
            items.append(ForecastItem(actions, counted, f"{code} {rule.name}"))
    return items


def _values_label(values: list[str]) -> str:
    """ "3星", "0星或1星", or a run of three or more star counts as a range ("7–10星")."""
    numbers = [int(value) for value in values if value.isdigit()]
    if len(numbers) == len(values) > 2 and sorted(numbers) == list(range(min(numbers), max(numbers) + 1)):
        return _("%(low)s–%(high)s stars") % {"low": min(numbers), "high": max(numbers)}
    label = _value_label(values[0])
    for value in values[1:]:
        label = _("%(first)s or %(second)s") % {"first": label, "second": _value_label(value)}
    return label


def _block(rule_set: RuleSetInput, forecasts: list[Forecast], labels: dict[int, str]) -> ForecastBlock | None:
    """The forecasts in words; values that would bring the same are said once ("0星或1星")."""
    if not forecasts:
        return None
    grouped: list[tuple[list[str], list[ForecastItem]]] = []
    for each in forecasts:
        items = _items(each, labels)
        same = next((values for values, held in grouped if held == items), None)
        if same is not None:
            same.append(each.value)
        else:
            grouped.append(([each.value], items))
    values = [ForecastValue(_values_label(names), items) for names, items in grouped]
    first = forecasts[0]
    term = _("%(start)s–%(end)s") % {"start": first.term.start_year, "end": first.term.end_year} if first.term else ""
    return ForecastBlock(rule_set.rule_set.name, period_label(first.period), first.new_term, term, values)


def _blocks(
    rule_sets: list[RuleSetInput],
    gathered: Gathered,
    organization_id: int,
    *,
    member: Member | None = None,
    leader: Secretary | None = None,
    person: str = "",
    today: date,
) -> list[tuple[RuleSetInput, list[Forecast]]]:
    """Each rule set's forecasts for the subject (the organization, a member, or a secretary by ``person`` under
    the rule sets over secretaries' own stars), for the rule sets under which it has a result (a member of a
    rated campaign without a final grade yet is forecast from the current period)."""
    found = []
    for rule_set in rule_sets:
        subject = gathered.subjects.get(
            (rule_set.rule_set.pk, organization_id, member.pk if member else (person or None))
        )
        if subject is None and member is None:
            continue
        forecasts = forecast(
            [pure for _rule, pure in rule_set.rules],
            subject.results if subject else [],
            terms=gathered.terms.get(organization_id, ()),
            fallback=current_period(rule_set.rule_set.period_kind, today),
            leader=leader.id_card_hash if leader else "",
            leader_name=leader.name if leader else "",
            subject_person=member.id_card_hash if member else "",
            order=GRADE_ORDER,
        )
        found.append((rule_set, forecasts))
    return found


def _of_subject(subject: str) -> list[RuleSetInput]:
    return [each for each in active_rule_sets() if each.rule_set.subject == subject]


def organization_forecasts(organization: Organization, *, today: date | None = None) -> list[ForecastBlock]:
    """What the organization's next result would bring it and its secretary in office, per rule set."""
    rule_sets = _of_subject(ConsequenceSubject.ORGANIZATION)
    if not rule_sets:
        return []
    gathered = gather(rule_sets, [organization.pk])
    found = _blocks(
        rule_sets,
        gathered,
        organization.pk,
        leader=current_secretary(organization),
        today=today or timezone.localdate(),
    )
    return [block for rule_set, forecasts in found if (block := _block(rule_set, forecasts, gathered.facts.labels))]


def secretary_forecasts(secretary: Secretary, *, today: date | None = None) -> list[ForecastBlock]:
    """What the next result of the organization the secretary leads now would bring the person, and what the
    person's own next star level would (Jinyuan); none once the tenure has ended: the next result is a
    successor's."""
    if secretary.ended_on is not None or not secretary.id_card_hash:
        return []
    organization = secretary.organization
    in_use = active_rule_sets()
    rule_sets = [each for each in in_use if each.rule_set.subject == ConsequenceSubject.ORGANIZATION]
    own_stars = [each for each in in_use if each.rule_set.subject == ConsequenceSubject.SECRETARY]
    if not (rule_sets or own_stars) or current_secretary(organization) != secretary:
        return []
    today = today or timezone.localdate()
    blocks = []
    if rule_sets:
        gathered = gather(rule_sets, [organization.pk])
        for rule_set, forecasts in _blocks(rule_sets, gathered, organization.pk, leader=secretary, today=today):
            own = [
                Forecast(
                    each.value,
                    each.period,
                    each.term,
                    each.new_term,
                    tuple(
                        found
                        for found in each.firings
                        if found.firing.target is Target.LEADER and found.firing.person == secretary.id_card_hash
                    ),
                )
                for each in forecasts
            ]
            block = _block(rule_set, [each for each in own if each.firings], gathered.facts.labels)
            if block is not None:
                blocks.append(block)
    if own_stars:
        gathered = gather(own_stars, [organization.pk])
        found = _blocks(
            own_stars, gathered, organization.pk, leader=secretary, person=secretary.id_card_hash, today=today
        )
        blocks += [
            block
            for rule_set, forecasts in found
            if (block := _block(rule_set, forecasts, gathered.star_year_facts.labels))
        ]
    return blocks


def member_forecasts(member: Member, *, today: date | None = None) -> list[ForecastBlock]:
    """What the member's next pioneer-index grade would bring (Lengshuijiang: commendation, paired help, disposal)."""
    rule_sets = _of_subject(ConsequenceSubject.MEMBER)
    if not rule_sets:
        return []
    gathered = gather(rule_sets, [member.branch_id])
    found = _blocks(rule_sets, gathered, member.branch_id, member=member, today=today or timezone.localdate())
    return [block for rule_set, forecasts in found if (block := _block(rule_set, forecasts, gathered.facts.labels))]
