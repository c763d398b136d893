"""The Jinyuan quarterly ranking of 2,000 secretaries (seed 001: each street's secretaries ranked high to low, the
last ones reminded) and the year's star levels of 2,000 secretaries, on PostgreSQL.

Issue 12: ranking the quarter of 2,000 secretaries within their streets takes at most 1 s (``street_ranks``, the
ranking the history page and the reminders use, and the district ranking rows). The secretaries are written in
bulk, the quarterly campaign is opened through the service and the totals are given by INSERT … SELECT.
"""

import statistics
import time
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.models import Campaign, SecretaryStarChange, SecretaryStarYear, StarChangeStatus
from evaluations.selectors.ranking import RankingFilters, campaign_ranking, street_ranks
from evaluations.selectors.secretary_stars import secretary_star_levels
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from orgs.models import Level, Organization, Secretary
from orgs.permissions import assign_role
from orgs.roles import Role
from orgs.services.synthetic.build import synthetic_district_build
from scoring.services import template_load
from tests.bench import figure
from tests.factories import UserFactory
from tests.support.scoring import TEMPLATES_DIR
from tests.support.secretary_stars import RULE_SET_FILE

SECRETARIES = 2_000
STREETS = 20
RUNS = 5
TARGET_S = 1.0

RESULTS_SQL = """
INSERT INTO evaluations_evaluationresult
    (evaluation_id, stage, stars, total, points_max, grade, explanation, inputs_fingerprint, computed_at)
SELECT id, 'review', NULL, round((55 + random() * 45)::numeric, 2), 100, '', '{"lines": []}'::jsonb, 'bench', now()
FROM evaluations_evaluation WHERE campaign_id = %(campaign)s
"""


def _secretaries(district: Organization) -> None:
    """One current secretary for each of the first 2,000 village and urban communities of the district (those the
    Jinyuan template applies to)."""
    organizations = (
        Organization.objects.filter(
            path__startswith=district.path, level=Level.COMMUNITY, domain__in=["village", "urban_community"]
        )
        .order_by("path")
        .values_list("pk", flat=True)[:SECRETARIES]
    )
    Secretary.objects.bulk_create(
        Secretary(
            organization_id=pk,
            name=f"书记{index}",
            id_card_encrypted="bench",
            id_card_hash=f"bench-{index:06d}",
            id_card_masked="110105********0000",
            started_on=date(2021, 1, 1),
        )
        for index, pk in enumerate(organizations)
    )


def _campaign():
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    built = synthetic_district_build(
        organizations=SECRETARIES * 12, members=0, streets=STREETS, seed=12, today=timezone.localdate()
    )
    _secretaries(built.district)
    admin = UserFactory(username="bench_secretary_admin")
    assign_role(user=admin, role=Role.DISTRICT_ADMIN, organization=built.district)
    campaign = campaign_create(
        name="书记季度考评",
        template=template,
        scope=built.district,
        year=2026,
        period_kind="quarter",
        period_number=1,
        levels=[],
        procedure="secretary",
        by=admin,
    )
    campaign = campaign_open(campaign=campaign, by=admin)
    assert campaign.evaluations.count() == SECRETARIES, campaign.evaluations.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.12)")
        cursor.execute(RESULTS_SQL, {"campaign": campaign.pk})
        cursor.execute("ANALYZE")
    return campaign, admin


def _timed(action) -> tuple[float, int]:
    action()  # warm, unmeasured
    seconds, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            seconds.append(time.perf_counter() - started)
        queries = len(captured)
    return round(statistics.median(seconds), 3), queries


def _ranking(campaign: Campaign, admin) -> list[dict]:
    ranked = len(street_ranks(campaign))
    assert ranked == SECRETARIES, ranked
    ranks_s, ranks_queries = _timed(lambda: street_ranks(campaign))
    rows_s, rows_queries = _timed(lambda: campaign_ranking(admin, campaign, RankingFilters()))
    return [
        figure(
            f"secretary_quarter_ranking_{SECRETARIES}_s",
            ranks_s,
            "s",
            TARGET_S,
            queries=ranks_queries,
            ranked=ranked,
            runs=RUNS,
        ),
        figure(f"secretary_ranking_rows_{SECRETARIES}_s", rows_s, "s", TARGET_S, queries=rows_queries, runs=RUNS),
    ]


def _star_levels() -> dict:
    """The year's star levels of every secretary (what the rewards ledger reads): base stars one year, an added
    star the next."""
    rule_set = star_rule_set_load(source_yaml=RULE_SET_FILE.read_text(encoding="utf-8"), by=None)
    base, added = rule_set.rules.get(code="B1"), rule_set.rules.get(code="A1")
    secretaries = list(Secretary.objects.filter(id_card_hash__startswith="bench-"))
    now = timezone.now()
    for year, rule in ((2025, base), (2026, added)):
        records = SecretaryStarYear.objects.bulk_create(
            SecretaryStarYear(person_key=s.id_card_hash, year=year, secretary=s, rule_set=rule_set) for s in secretaries
        )
        SecretaryStarChange.objects.bulk_create(
            SecretaryStarChange(
                record=record,
                secretary_id=record.secretary_id,
                kind=rule.kind,
                rule=rule,
                stars=1 + index % rule.stars,
                effective_on=date(year, 6, 1),
                reason="bench",
                status=StarChangeStatus.APPROVED,
                proposed_at=now,
            )
            for index, record in enumerate(records)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    levels = len(secretary_star_levels(year=2026))
    assert levels == len(secretaries), levels
    seconds, queries = _timed(lambda: secretary_star_levels(year=2026))
    return figure(f"secretary_star_levels_{levels}_s", seconds, "s", TARGET_S, queries=queries, runs=RUNS)


def run() -> list[dict]:
    campaign, admin = _campaign()
    return [*_ranking(campaign, admin), _star_levels()]
