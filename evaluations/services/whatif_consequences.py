"""The consequence column of policy what-ifs (issue 13, item 6): which consequences would appear or vanish.

Two questions, one answer's shape. A template's draft changes some organizations' stars or grades in a campaign:
the rule sets in use run on each such organization's approved results with the campaign's result as it is now and
as the draft would make it. A rule set's draft changes the rules: the rules in use and the draft run on the approved
results of every organization. Both only read (selectors/consequence_inputs.py) and call the pure comparison
(scoring.whatif.consequence_changes): no consequence is written.
"""

from collections.abc import Callable, Iterable, Sequence

from evaluations.models import Campaign, Evaluation, EvaluationStatus, PolicyWhatIf
from evaluations.selectors.consequence_inputs import Gathered, RuleSetInput, active_rule_sets, gather, result_label
from orgs.models import Level, Organization
from orgs.tree import street_path_of
from scoring.engine.consequences import Firing, Period, ResultValue
from scoring.models import ConsequenceRule, ConsequenceRuleSet, ConsequenceSubject, IndicatorTemplate
from scoring.template_format.consequences import RuleSetDocument, parse_rule_set, template_code_matches
from scoring.whatif import Appearance, consequence_changes, consequence_tally

CONSEQUENCE_COLUMN = "consequences"
CHUNK_ORGANIZATIONS = 2000


def _row(organization: tuple, street_id: int | None, rule: ConsequenceRule, change: tuple[Appearance, Firing]):
    organization_id, code, name = organization
    appearance, firing = change
    return {
        "street": street_id,
        "organization": organization_id,
        "code": code,
        "name": name,
        "rule": rule.code,
        "rule_name": rule.name,
        "action": firing.action.value,
        "target": firing.target.value,
        "person_name": firing.person_name,
        "occasion": firing.occasion,
        "change": appearance.value,
        "results": "、".join(result_label(result) for result in firing.results),
    }


def _column(rows: list[dict], **facts) -> dict:
    """The stored column: the counts per street and for the district, by action, and the rows behind them."""
    groups, total = consequence_tally((row["street"], Appearance(row["change"]), row["action"]) for row in rows)
    ordered = sorted(rows, key=lambda row: (row["code"], row["change"], row["rule"], row["action"], row["occasion"]))
    return facts | {
        "streets": [{"street": street_id} | counts.as_dict() for street_id, counts in groups.items()],
        "total": total.as_dict(),
        "rows": ordered,
    }


def _rules_of(rule_sets: Sequence[RuleSetInput]) -> dict[int, tuple[list, dict[str, ConsequenceRule]]]:
    return {
        each.rule_set.pk: ([pure for _rule, pure in each.rules], {pure.code: rule for rule, pure in each.rules})
        for each in rule_sets
    }


def _reads_template(rule_set: ConsequenceRuleSet, template: IndicatorTemplate, period_kind: str) -> bool:
    return (
        rule_set.subject == ConsequenceSubject.ORGANIZATION
        and rule_set.period_kind == period_kind
        and template_code_matches(rule_set.templates, template.code)
    )


def campaign_results_approved(campaign: Campaign, template: IndicatorTemplate) -> bool:
    """Whether the campaign's results on the template are approved; if not, a what-if takes its current computed
    results as the approved ones would be."""
    return Evaluation.objects.filter(campaign=campaign, template=template, status=EvaluationStatus.APPROVED).exists()


def template_consequence_column(*, campaign: Campaign, template: IndicatorTemplate, changed: list[dict]) -> dict:
    """For the organizations whose level the draft changes: the consequences the rule sets in use would add or take
    away if the campaign's result were the draft's instead of the current one (nothing written)."""
    rule_sets = [each for each in active_rule_sets() if _reads_template(each.rule_set, template, campaign.period_kind)]
    rules = _rules_of(rule_sets)
    rows: list[dict] = []
    moved = sorted(
        (row for row in changed if row["direction"] in ("gain", "lose")), key=lambda row: row["organization"]
    )
    for start in range(0, len(moved) if rule_sets else 0, CHUNK_ORGANIZATIONS):
        part = moved[start : start + CHUNK_ORGANIZATIONS]
        gathered = gather(rule_sets, [row["organization"] for row in part])
        for row in part:
            rows.extend(_template_rows(row, campaign, rule_sets, rules, gathered))
    return _column(
        rows,
        approved=campaign_results_approved(campaign, template),
        rule_sets=[f"{each.rule_set.name} v{each.rule_set.version}" for each in rule_sets],
    )


def _template_rows(row: dict, campaign: Campaign, rule_sets, rules: dict, gathered: Gathered) -> Iterable[dict]:
    organization_id, evaluation_id = row["organization"], row["evaluation"]
    organization = (organization_id, row["code"], row["name"])
    terms = gathered.terms.get(organization_id, ())
    for each in rule_sets:
        pure, by_code = rules[each.rule_set.pk]
        subject = gathered.subjects.get((each.rule_set.pk, organization_id, None))
        others = [result for result in (subject.results if subject else []) if result.result_id != evaluation_id]
        period = Period(each.rule_set.period_kind, campaign.year, campaign.period_number)

        def results(stars: int | None, grade: str, others=others, period=period) -> list[ResultValue]:
            return [*others, gathered.result_of(organization_id, evaluation_id, period, stars, grade)]

        now = results(row["stars_before"], row["grade_before"])
        draft = results(row["stars_after"], row["grade_after"])
        for change in consequence_changes((pure, now), (pure, draft), terms=terms):
            yield _row(organization, row["street"], by_code[change[1].rule_code], change)


def draft_rule_set_input(document: RuleSetDocument, current: ConsequenceRuleSet) -> RuleSetInput:
    """The draft as the reads take a rule set: unsaved rows (never written), keyed apart from the current one."""
    rule_set = ConsequenceRuleSet(
        pk=-current.pk,
        code=document.code,
        version=current.version,
        name=document.name,
        subject=document.subject,
        templates=list(document.templates),
        period_kind=document.period,
    )
    rules = tuple(
        (ConsequenceRule(rule_set=rule_set, code=entry.rule.code, name=entry.rule.name), entry.rule)
        for entry in document.rules
    )
    return RuleSetInput(rule_set, rules)


def rule_set_consequence_column(
    *,
    current: RuleSetInput,
    draft: RuleSetInput,
    scope: Organization,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict, int]:
    """The approved results of every organization under the scope, under the rules in use and under the draft: the
    consequences that would appear or vanish, per street, and how many organizations were read."""
    ids = list(Organization.objects.filter(path__startswith=scope.path).order_by("pk").values_list("pk", flat=True))
    # Reading by id range is much cheaper to plan, and right when no organization outside the scope lies between.
    every_id = len(ids) == Organization.objects.count()
    rules = _rules_of([current, draft])
    rows: list[dict] = []
    chunks = range(0, len(ids), CHUNK_ORGANIZATIONS)
    for done, start in enumerate(chunks, start=1):
        part = ids[start : start + CHUNK_ORGANIZATIONS]
        gathered = gather([current, draft], part, every_id=every_id)
        rows.extend(_rule_set_rows(current, draft, rules, gathered))
        if progress is not None:
            progress(done, len(chunks))
    _name_rows(rows)
    return _column(rows, approved=True, rule_sets=[f"{current.rule_set.name} v{current.rule_set.version}"]), len(ids)


def _rule_set_rows(current: RuleSetInput, draft: RuleSetInput, rules: dict, gathered: Gathered) -> Iterable[dict]:
    now_pure, now_rules = rules[current.rule_set.pk]
    draft_pure, draft_rules = rules[draft.rule_set.pk]
    subjects: dict[tuple[int, int | None], dict[int, list[ResultValue]]] = {}
    for (rule_set_id, organization_id, member_id), subject in gathered.subjects.items():
        subjects.setdefault((organization_id, member_id), {})[rule_set_id] = subject.results
    for (organization_id, member_id), by_set in subjects.items():
        person = gathered.subjects.get(
            (current.rule_set.pk, organization_id, member_id),
            gathered.subjects.get((draft.rule_set.pk, organization_id, member_id)),
        ).person
        changes = consequence_changes(
            (now_pure, by_set.get(current.rule_set.pk, [])),
            (draft_pure, by_set.get(draft.rule_set.pk, [])),
            terms=gathered.terms.get(organization_id, ()),
            subject_person=person,
        )
        for appearance, firing in changes:
            by_code = now_rules if appearance == Appearance.VANISH else draft_rules
            yield _row((organization_id, "", ""), None, by_code[firing.rule_code], (appearance, firing))


def _name_rows(rows: list[dict]) -> None:
    """The organizations' codes, names and streets (by the tree path), read once for the rows that changed."""
    organizations = {
        pk: (code, name, path)
        for pk, code, name, path in Organization.objects.filter(
            pk__in={row["organization"] for row in rows}
        ).values_list("pk", "code", "name", "path")
    }
    prefixes = {street_path_of(path) for _code, _name, path in organizations.values()}
    streets = dict(Organization.objects.filter(path__in=prefixes, level=Level.STREET).values_list("path", "pk"))
    for row in rows:
        code, name, path = organizations[row["organization"]]
        row |= {"code": code, "name": name, "street": streets.get(street_path_of(path))}


def rule_set_input(rule_set: ConsequenceRuleSet) -> RuleSetInput:
    """A stored version with its rules, as the reads take it (one query)."""
    rules = rule_set.rules.order_by("order", "pk")
    return RuleSetInput(rule_set, tuple((rule, rule.as_rule()) for rule in rules))


def rule_set_what_if_outcome(what_if: PolicyWhatIf) -> tuple[dict, list, int]:
    """A rule set's what-if run: the column of consequences, with progress by chunk of organizations."""
    document = parse_rule_set(what_if.draft["source_yaml"])

    def progress(done: int, total: int) -> None:
        PolicyWhatIf.objects.filter(pk=what_if.pk).update(streets_done=done, streets_total=total)

    column, count = rule_set_consequence_column(
        current=rule_set_input(what_if.rule_set),
        draft=draft_rule_set_input(document, what_if.rule_set),
        scope=what_if.scope,
        progress=progress,
    )
    return {CONSEQUENCE_COLUMN: column}, [], count
