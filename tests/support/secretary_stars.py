"""Helpers of the secretaries' star tests: the Jinyuan rule set, a secretary with stars, an evidence file, the
quarterly ratings the annual assessment reads."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations.models import (
    Campaign,
    CampaignStatus,
    Evaluation,
    EvaluationResult,
    EvaluationStatus,
    PeriodKind,
    SecretaryStarRule,
    SecretaryStarRuleSet,
    Stage,
    StarRuleKind,
    SubjectKind,
)
from evaluations.services.secretary_stars.changes import star_change_decide, star_change_propose
from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from scoring.models import IndicatorTemplate
from scoring.services import template_load
from tests.factories import MemberFactory, SecretaryFactory, UserFactory
from tests.support.scoring import TEMPLATES_DIR

RULE_SET_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "rule_sets" / "jinyuan_secretary_stars.yaml"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jinyuan_rule_set() -> SecretaryStarRuleSet:
    return star_rule_set_load(source_yaml=RULE_SET_FILE.read_text(encoding="utf-8"), by=None)


def rule(rule_set: SecretaryStarRuleSet, code: str) -> SecretaryStarRule:
    return SecretaryStarRule.objects.get(rule_set=rule_set, code=code)


def evidence(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def secretary_with_account(organization, name: str = "王书记", **fields):
    """A secretary whose member record has an account, so notices to the secretary can be seen."""
    member = MemberFactory(branch=organization, name=name)
    secretary = SecretaryFactory(organization=organization, member=member, name=name, **fields)
    account = UserFactory(username=f"secretary{secretary.pk}", member=member)
    return secretary, account


def approved(district, secretary, rule_set, code: str, stars: int, year: int, on: date | None = None):
    """A change proposed by the street and approved by the district."""
    change = star_change_propose(
        secretary=secretary,
        year=year,
        rule=rule(rule_set, code),
        stars=stars,
        effective_on=on or date(year, 12, 1),
        reason="年度考核结果",
        uploads=[] if rule(rule_set, code).kind == StarRuleKind.BASE else [evidence()],
        by=district.users["street_staff"],
    )
    return star_change_decide(change=change, approve=True, note="", by=district.users["district_admin"])


def base_stars_of(district, secretary, year: int = 2025):
    """The secretary's base stars of the year, approved (no file needed): a record and a change for API ids."""
    return approved(district, secretary, jinyuan_rule_set(), "B1", 2, year)


def quarter_campaign(district, year: int, quarter: int):
    """The district's quarterly secretary scoring of a quarter (Jinyuan), made once, on the stored template."""
    template = IndicatorTemplate.objects.filter(code="jinyuan_secretary_quarterly").first() or template_load(
        source_yaml=(TEMPLATES_DIR / "jinyuan_secretary_quarterly.yaml").read_text(encoding="utf-8"), by=None
    )
    campaign, _created = Campaign.objects.get_or_create(
        scope=district.district,
        year=year,
        period_kind=PeriodKind.QUARTER,
        period_number=quarter,
        defaults={
            "name": f"{year}年第{quarter}季度书记考评",
            "template": template,
            "subject_kind": SubjectKind.SECRETARY,
            "procedure": "secretary",
            "status": CampaignStatus.OPEN,
        },
    )
    return campaign


def quarterly_totals(district, secretary, year: int, totals: dict, *, points_max="100", approved=True):
    """The secretary's quarterly ratings of the year with their computed totals (quarter → total), approved by the
    district unless ``approved`` is False: what the annual assessment reads."""
    evaluations = []
    for quarter, total in totals.items():
        campaign = quarter_campaign(district, year, quarter)
        evaluation = Evaluation.objects.create(
            campaign=campaign,
            organization=secretary.organization,
            subject_kind=SubjectKind.SECRETARY,
            secretary=secretary,
            template=campaign.template,
            status=EvaluationStatus.APPROVED if approved else EvaluationStatus.IN_PROGRESS,
            approved_stars=0 if approved else None,
            approved_at=timezone.now() if approved else None,
        )
        EvaluationResult.objects.create(
            evaluation=evaluation,
            stage=Stage.REVIEW,
            total=Decimal(str(total)),
            points_max=Decimal(points_max),
            explanation={},
            inputs_fingerprint="test",
            computed_at=timezone.now(),
        )
        evaluations.append(evaluation)
    return evaluations


def annual_example(district, year: int, *, other_street_totals: dict) -> tuple:
    """The annual assessment's worked example: 郑书记 with four quarters (92, 88, 91, 91), 钱书记 of the same street
    short of the third, and 孙书记 of the other street with the totals given."""
    zheng = SecretaryFactory(organization=district.community, name="郑书记")
    qian = SecretaryFactory(organization=district.sibling_community, name="钱书记")
    sun = SecretaryFactory(organization=district.other_community, name="孙书记")
    quarterly_totals(district, zheng, year, {1: 92, 2: 88, 3: 91, 4: 91})
    quarterly_totals(district, qian, year, {1: 95, 2: 90, 4: 93})
    quarterly_totals(district, sun, year, other_street_totals)
    return zheng, qian, sun
