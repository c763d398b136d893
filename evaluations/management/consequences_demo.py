"""The consequence rules in the demo (结果运用): the shipped rule sets that read the templates the demo's organizations
and members were rated on are loaded and applied to every organization, so that the lists (/consequences/) and the
district's overview show what follows from the demo's approved results. Loading and applying again changes nothing."""

import yaml
from django.conf import settings

from evaluations.models import Evaluation
from evaluations.services.consequences import ConsequenceCounts, consequences_apply
from orgs.models import User
from scoring.consequence_rule_sets import consequence_rule_set_load

RULES_DIR = settings.BASE_DIR / "fixtures" / "consequence_rules"


def _reads_any(patterns: list[str], codes: set[str]) -> bool:
    """Whether a rule set reading these template codes (a code ending in * is a prefix) reads one of ``codes``."""
    return any(
        code.startswith(pattern[:-1]) if pattern.endswith("*") else code == pattern
        for pattern in patterns
        for code in codes
    )


def consequences_demo_seed(*, admin: User) -> ConsequenceCounts:
    """Load the rule sets that fit the demo's templates and apply them to every organization."""
    codes = set(Evaluation.objects.values_list("template__code", flat=True).distinct())
    for path in sorted(RULES_DIR.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        if _reads_any(yaml.safe_load(source).get("reads", {}).get("templates", []), codes):
            consequence_rule_set_load(source_yaml=source, by=admin)
    return consequences_apply(organization_ids=None, by=admin, cause="demo")
