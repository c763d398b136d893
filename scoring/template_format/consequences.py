"""The YAML format of consequence rule sets (fixtures/consequence_rules/): read into plain values with every problem
located (``rules[Y3].when.in_term``), and written back from stored rows so the admin edits the same text.

    code: yucheng_3plus2
    name: 雨城区“3+2”动态管理
    version: 1
    reads: {subject: organization, templates: [yucheng_4plus1], period: year}
    rules:
      - code: Y2
        name: 任期内两次及以上三星
        when: {stars: [3], in_term: 2}          # or {grades: [差]}; current (default), in_term: N, consecutive: N
        then:
          - {action: award_ineligible_term, to: organization}
          - {action: award_ineligible_term, to: leader}
        note: 原文……

``templates`` are template codes; one ending in ``*`` matches every code that starts with what precedes it.

The subject ``secretary`` reads the secretaries' filed yearly star levels (Jinyuan, seed 001) instead of campaign
results: ``templates`` then names the codes of the secretary star rule sets (fixtures/rule_sets/), the period is a
year, a star count goes up to ``SECRETARY_MOST_STARS`` and every action goes to the secretary (``to: leader``).
"""

from dataclasses import dataclass

import yaml
from django.utils.translation import gettext as _

from scoring.engine.consequences import PERIODS_PER_YEAR, Action, ActionSpec, ConditionKind, Rule, Target
from scoring.template_format.problems import Problem, TemplateError, segment

SUBJECTS = ("organization", "member", "secretary")
TARGETS_OF_SUBJECT = {
    "organization": (Target.ORGANIZATION, Target.LEADER),
    "member": (Target.MEMBER,),
    "secretary": (Target.LEADER,),
}
MOST_STARS = 5
# A bound against typing errors only: a secretary's level reaches the star rule set's max_stars (10 in Jinyuan).
SECRETARY_MOST_STARS = 30


@dataclass(frozen=True)
class RuleEntry:
    rule: Rule
    note: str = ""


@dataclass(frozen=True)
class RuleSetDocument:
    code: str
    name: str
    version: int
    subject: str
    templates: tuple[str, ...]
    period: str
    rules: tuple[RuleEntry, ...]


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def text(self, node: dict, key: str, path: str, *, required: bool = True) -> str:
        value = node.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(segment(path, key), _("Give a value here."))
            return ""
        if not isinstance(value, str | int):
            self.fail(segment(path, key), _("Give text here."))
            return ""
        return str(value).strip()

    def whole(self, value: object, path: str, *, least: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            self.fail(path, _("Give a whole number of at least %(least)s.") % {"least": least})
            return least
        return value

    def condition(self, when: object, path: str, subject: str) -> tuple[frozenset[str], ConditionKind, int]:
        if not isinstance(when, dict):
            self.fail(path, _("Give the condition as a mapping, e.g. {stars: [3], in_term: 2}."))
            return frozenset(), ConditionKind.CURRENT, 1
        values: list[str] = []
        if ("stars" in when) == ("grades" in when):
            self.fail(path, _("Give either stars or grades."))
        elif subject == "secretary" and "grades" in when:
            self.fail(segment(path, "grades"), _("A secretary's star level has no grade: give stars."))
        elif "stars" in when:
            stars = when["stars"]
            most = SECRETARY_MOST_STARS if subject == "secretary" else MOST_STARS
            if not isinstance(stars, list) or not stars:
                self.fail(segment(path, "stars"), _("Give a list of star counts from 0 to %(most)s.") % {"most": most})
            else:
                for each in stars:
                    if isinstance(each, bool) or not isinstance(each, int) or not 0 <= each <= most:
                        self.fail(
                            segment(path, "stars"),
                            _("%(value)s is not a star count from 0 to %(most)s.") % {"value": each, "most": most},
                        )
                    else:
                        values.append(str(each))
        else:
            grades = when["grades"]
            if not isinstance(grades, list) or not grades or not all(isinstance(each, str) and each for each in grades):
                self.fail(segment(path, "grades"), _("Give a list of grades."))
            else:
                values = [each.strip() for each in grades]
        kinds = [kind for kind in (ConditionKind.IN_TERM, ConditionKind.CONSECUTIVE) if kind.value in when]
        if len(kinds) > 1:
            self.fail(path, _("Give in_term or consecutive, not both."))
        unknown = set(when) - {"stars", "grades", "in_term", "consecutive"}
        if unknown:
            self.fail(path, _("Unknown keys: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))})
        if not kinds:
            return frozenset(values), ConditionKind.CURRENT, 1
        kind = kinds[0]
        return frozenset(values), kind, self.whole(when[kind.value], segment(path, kind.value), least=1)

    def actions(self, then: object, path: str, subject: str) -> tuple[ActionSpec, ...]:
        if not isinstance(then, list) or not then:
            self.fail(path, _("List at least one action."))
            return ()
        specs = []
        allowed_targets = TARGETS_OF_SUBJECT.get(subject, ())
        for index, entry in enumerate(then, start=1):
            where = f"{path}[{index}]"
            if not isinstance(entry, dict):
                self.fail(where, _("Give the action as a mapping, e.g. {action: rectification, to: organization}."))
                continue
            action, target = entry.get("action"), entry.get("to")
            if action not in Action.__members__.values():
                self.fail(segment(where, "action"), _("Unknown action %(action)s.") % {"action": action})
                continue
            if target not in [each.value for each in allowed_targets]:
                self.fail(
                    segment(where, "to"),
                    _("The action goes to one of: %(targets)s.") % {"targets": ", ".join(allowed_targets)},
                )
                continue
            days = entry.get("deadline_days")
            if days is not None:
                days = self.whole(days, segment(where, "deadline_days"), least=1)
            elif action == Action.RECTIFICATION:
                self.fail(segment(where, "deadline_days"), _("A rectification needs a deadline in days."))
            specs.append(ActionSpec(Action(action), Target(target), days))
        return tuple(specs)

    def rule(self, node: object, index: int, subject: str, codes: set[str]) -> RuleEntry | None:
        path = f"rules[#{index}]"
        if not isinstance(node, dict):
            self.fail(path, _("Give each rule as a mapping."))
            return None
        code = self.text(node, "code", path)
        path = f"rules[{code}]" if code else path
        if code in codes:
            self.fail(segment(path, "code"), _("The code %(code)s is used twice.") % {"code": code})
        codes.add(code)
        name = self.text(node, "name", path)
        values, kind, times = self.condition(node.get("when"), segment(path, "when"), subject)
        actions = self.actions(node.get("then"), segment(path, "then"), subject)
        note = self.text(node, "note", path, required=False)
        return RuleEntry(Rule(code, name[:200], values, kind, actions, times), note[:1000])


def rule_set_from_dict(document: object) -> RuleSetDocument:
    """Validate one rule set given as plain data; every problem is reported with the path of its node."""
    reader = _Reader()
    if not isinstance(document, dict):
        raise TemplateError([Problem("", _("A rule set is a mapping with code, name, reads and rules."))])
    code = reader.text(document, "code", "")
    name = reader.text(document, "name", "")
    version = reader.whole(document.get("version", 1), "version", least=1)
    reads = document.get("reads")
    subject, templates, period = "organization", (), "year"
    if not isinstance(reads, dict):
        reader.fail("reads", _("Say what the rules read: {subject, templates, period}."))
    else:
        subject = reads.get("subject", "organization")
        if subject not in SUBJECTS:
            reader.fail("reads.subject", _("The subject is organization, member or secretary."))
        raw = reads.get("templates")
        if not isinstance(raw, list) or not raw or not all(isinstance(each, str) and each.strip() for each in raw):
            reader.fail("reads.templates", _("List the codes of the templates whose results the rules read."))
        else:
            templates = tuple(each.strip() for each in raw)
        period = reads.get("period", "year")
        if period not in PERIODS_PER_YEAR:
            reader.fail("reads.period", _("The period is year, quarter or month."))
        elif subject == "secretary" and period != "year":
            reader.fail("reads.period", _("A secretary's star level is rated once a year: the period is year."))
    rules_node = document.get("rules")
    entries: list[RuleEntry] = []
    if not isinstance(rules_node, list) or not rules_node:
        reader.fail("rules", _("List at least one rule."))
    else:
        codes: set[str] = set()
        for index, node in enumerate(rules_node, start=1):
            entry = reader.rule(node, index, subject, codes)
            if entry is not None:
                entries.append(entry)
    if reader.problems:
        raise TemplateError(reader.problems)
    return RuleSetDocument(code, name[:200], version, subject, templates, period, tuple(entries))


def parse_rule_set(text: str) -> RuleSetDocument:
    """The rule set of a YAML text."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise TemplateError(
            [Problem("", _("The YAML cannot be read at line %(line)s: %(error)s") % {"line": line, "error": error})]
        ) from error
    return rule_set_from_dict(document)


def template_code_matches(patterns: tuple[str, ...] | list[str], code: str) -> bool:
    """Whether a template code is one the rule set reads (a pattern ending in * matches a prefix)."""
    return any(code.startswith(each[:-1]) if each.endswith("*") else code == each for each in patterns)
