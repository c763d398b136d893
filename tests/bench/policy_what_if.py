"""A policy what-if over a 20,000-organization campaign (issue 13): at most 10 s.

The campaign is the one of the computation benchmark (the Yucheng template, 37 sub-items and 20 personalised ones
with review scores, ballots per evaluation), computed once; the draft raises the star threshold from 18 to 19.
The run reads the campaign street by street, computes every organization under both definitions and keeps the
comparison; the campaign's results are checked unchanged after it. With the consequence column: the Yucheng "3+2"
rule set is in use, every organization has a committee term, a secretary and approved results for 2024 and 2025
(stars spread over 0–5), so the organizations that lose a star gain or lose consequences; the consequences are
checked unchanged too.
"""

import os
import statistics
import time
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from evaluations.models import Consequence, Evaluation, EvaluationResult, EvaluationStatus, PolicyWhatIf, SubjectKind
from evaluations.services.campaigns import campaign_create
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.consequences import consequences_apply
from evaluations.services.whatif import policy_what_if_run
from evaluations.services.whatif_consequences import template_consequence_column
from orgs.models import CommitteeTerm
from scoring.drafts import template_with_settings
from scoring.services import template_load
from scoring.template_format.writing import template_to_dict
from tests.bench import figure
from tests.bench.campaign_compute import synthetic_campaign
from tests.bench.consequences import secretaries_create
from tests.support.consequences import rule_sets_loaded
from tests.support.scoring import TEMPLATES_DIR

ORGANIZATIONS, BALLOTS, TARGET = 20_000, 400_000, 10.0


def _what_if(campaign, draft: dict) -> tuple[float, float]:
    """Wall seconds of one run, and the seconds of this process's own CPU (the database works beside it): on a
    machine shared with other work the second says what the first would be alone."""
    what_if = PolicyWhatIf.objects.create(template=campaign.template, campaign=campaign, draft=draft)
    started, cpu = time.perf_counter(), time.process_time()
    finished = policy_what_if_run(what_if_id=what_if.pk)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    assert finished is not None and finished.evaluations_count == ORGANIZATIONS
    return seconds, cpu_seconds


def _history(campaign, template) -> None:
    """Terms, secretaries and two approved earlier years for every organization the campaign rates; the rule set
    applied once, so the consequences in force are there as they would be."""
    rated = list(campaign.evaluations.order_by("organization_id").values_list("organization_id", flat=True))
    secretaries_create(rated)
    # Communities and branches have their terms from the synthetic district; the groups get one.
    CommitteeTerm.objects.bulk_create(
        (CommitteeTerm(organization_id=pk, start_year=2024, end_year=2028) for pk in rated),
        batch_size=5000,
        ignore_conflicts=True,
    )
    now = timezone.now()
    for year in (2024, 2025):
        earlier = campaign_create(name=f"{year}", template=template, scope=campaign.scope, year=year, by=None)
        Evaluation.objects.bulk_create(
            (
                Evaluation(
                    campaign=earlier,
                    organization_id=pk,
                    subject_kind=SubjectKind.ORGANIZATION,
                    template=template,
                    status=EvaluationStatus.APPROVED,
                    approved_stars=(pk * 7 + year * 3) % 6,
                    approved_at=now,
                )
                for pk in rated
            ),
            batch_size=5000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rule_sets_loaded("yucheng_3plus2")
    consequences_apply()


def run(runs: int = 3) -> list[dict]:
    template = template_load(
        source_yaml=(TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8"), by=None
    )
    started = time.perf_counter()
    campaign = synthetic_campaign(template, ORGANIZATIONS, BALLOTS, seed=7)
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    _history(campaign, template)
    setup_seconds = round(time.perf_counter() - started, 2)
    stored = list(EvaluationResult.objects.filter(evaluation__campaign=campaign).order_by("pk").values_list())
    consequences = list(Consequence.objects.order_by("pk").values_list())
    current = template.as_definition()
    draft = template_to_dict(template_with_settings(current, {"threshold": Decimal(19)})) | {"version": current.version}
    _what_if(campaign, draft)  # warm the caches once, unmeasured
    timings = [_what_if(campaign, draft) for _ in range(runs)]
    seconds = statistics.median(wall for wall, _cpu in timings)
    cpu_seconds = statistics.median(cpu for _wall, cpu in timings)
    last = PolicyWhatIf.objects.order_by("-pk").first()
    total = last.comparison["results"]["total"]
    unchanged = stored == list(
        EvaluationResult.objects.filter(evaluation__campaign=campaign).order_by("pk").values_list()
    )
    column = last.comparison["consequences"]["total"]
    # The consequence column's own share of a run: the rule set over the organizations that moved.
    started = time.perf_counter()
    template_consequence_column(campaign=campaign, template=template, changed=last.changed)
    column_seconds = time.perf_counter() - started
    return [
        figure(
            f"policy_what_if_{ORGANIZATIONS}_orgs_s",
            round(seconds, 3),
            "s",
            TARGET,
            lose=total["lose"],
            keep=total["keep"],
            streets=last.streets_total,
            cpu_s=round(cpu_seconds, 3),
            load_average=round(os.getloadavg()[0], 2),
            results_unchanged=unchanged,
            consequence_column_s=round(column_seconds, 3),
            consequences_appear=column["appear"],
            consequences_vanish=column["vanish"],
            consequences_in_force=len(consequences),
            consequences_unchanged=consequences == list(Consequence.objects.order_by("pk").values_list()),
            setup_s=setup_seconds,
        )
    ]
