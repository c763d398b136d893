"""Demo data of secretaries' star management for the demo district (``seed_demo_campaigns``): the Jinyuan rule set,
two filed years of base, added and reduced stars for the current secretaries of the communities, this year's open
cycle with proposals waiting for the district, one removal at any time and one admonition supervision. Every write
goes through the services, as the system administrator; nothing is made twice."""

import random
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import SecretaryStarCycle, SecretaryStarRule, StarRuleKind
from evaluations.selectors.secretary_star_history import star_lists
from evaluations.selectors.secretary_stars import star_records_in
from evaluations.services.secretary_stars.changes import star_change_decide, star_change_propose, star_remove
from evaluations.services.secretary_stars.cycle import star_cycle_open, star_levels_approve, star_levels_file
from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from evaluations.services.secretary_stars.supervision import supervision_set
from orgs.models import Level, Organization, Secretary, User
from scoring.models import IndicatorTemplate

RULE_SET_FILE = settings.BASE_DIR / "fixtures" / "rule_sets" / "jinyuan_secretary_stars.yaml"
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASONS = {
    "B1": "年度考核结果",
    "B2": "获区级表彰",
    "B3": "任职年限",
    "A1": "村集体经济收入同比增长",
    "A2": "防汛救灾中表现突出",
    "A3": "取得本科学历",
    "R02": "重点任务推进缓慢",
    "R04": "发生越级访",
}


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _change(secretary, rules, code, stars, year, admin, rng, *, decide=True):
    rule = rules[code]
    change = star_change_propose(
        secretary=secretary,
        year=year,
        rule=rule,
        stars=stars,
        effective_on=date(year, rng.randint(3, 11), rng.randint(1, 28)),
        reason=REASONS[code],
        uploads=[] if rule.kind == StarRuleKind.BASE else [_file(f"{rule.name}佐证.pdf")],
        by=admin,
    )
    if decide:
        star_change_decide(change=change, approve=True, note="", by=admin)
    return change


def secretary_stars_demo_seed(*, district: Organization, year: int, admin: User, rng: random.Random) -> bool:
    """Seed two filed years and the current one; False when the demo district has them already."""
    if SecretaryStarCycle.objects.filter(scope=district, year=year).exists():
        return False
    rule_set = star_rule_set_load(source_yaml=RULE_SET_FILE.read_text(encoding="utf-8"), by=admin)
    rules = {rule.code: rule for rule in SecretaryStarRule.objects.filter(rule_set=rule_set)}
    secretaries = list(
        Secretary.objects.filter(
            organization__path__startswith=district.path, organization__level=Level.COMMUNITY, ended_on__isnull=True
        ).order_by("organization__path", "pk")
    )
    template = IndicatorTemplate.objects.filter(code="jinyuan_secretary_quarterly").order_by("-version").first()
    first_year = year - 2
    for index, secretary in enumerate(secretaries):
        _change(secretary, rules, "B1", rng.randint(1, 3), first_year, admin, rng)
        if index % 3 == 0:
            _change(secretary, rules, "B2", 1, first_year, admin, rng)
        _change(secretary, rules, "B3", rng.randint(1, 2), first_year, admin, rng)
        for code in rng.sample(["A1", "A2", "A3", "R02", "R04"], k=2):
            _change(secretary, rules, code, 1, first_year + 1, admin, rng)
    for cycle_year in (first_year, first_year + 1):
        cycle = star_cycle_open(
            scope=district,
            year=cycle_year,
            rule_set=rule_set,
            template=template if cycle_year == first_year else None,
            trained_on=date(cycle_year, 3, 15),
            by=admin,
        )
        star_levels_approve(cycle=cycle, by=admin)
        star_levels_file(cycle=cycle, by=admin)
    star_cycle_open(scope=district, year=year, rule_set=rule_set, template=None, trained_on=date(year, 3, 15), by=admin)
    for secretary in secretaries[:6]:
        _change(secretary, rules, rng.choice(["A1", "A2", "A3"]), 1, year, admin, rng, decide=False)
    if len(secretaries) > 6:
        star_remove(
            secretary=secretaries[6],
            stars=1,
            effective_on=date(year, 1, 10),
            reason="村级重大事项未经“四议两公开”擅自决策，造成较大影响",
            uploads=[_file("调查报告.pdf")],
            by=admin,
            rule_set=rule_set,
        )
    _honours, low = star_lists(records=star_records_in(district), year=first_year + 1)
    if low:
        record = star_records_in(district).get(person_key=low[0].level.person_key, year=first_year + 1)
        supervision_set(record=record, deadline=None, note="诫勉谈话，限期整改", by=admin)
    return True
