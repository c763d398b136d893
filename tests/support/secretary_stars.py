"""Helpers of the secretaries' star tests: the Jinyuan rule set, a secretary with stars, an evidence file."""

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import SecretaryStarRule, SecretaryStarRuleSet, StarRuleKind
from evaluations.services.secretary_stars.changes import star_change_decide, star_change_propose
from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from tests.factories import MemberFactory, SecretaryFactory, UserFactory

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
