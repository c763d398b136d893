"""seed_demo_campaigns gives the demo district two filed star years of its secretaries, this year's proposals
waiting for the district, a removal at any time and an admonition supervision; running it again adds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from evaluations.models import (
    SecretaryStarChange,
    SecretaryStarCycle,
    SecretarySupervision,
    StarChangeStatus,
    StarRuleKind,
)
from evaluations.selectors.secretary_stars import secretary_star_levels


@pytest.fixture
def demo(seeded_demo):
    """seed_demo then seed_demo_campaigns, the computations they queue run (tests/support/demo.py)."""


def test_the_demo_has_filed_star_years_waiting_proposals_a_removal_and_a_supervision(demo):
    year = timezone.localdate().year
    filed = SecretaryStarCycle.objects.filter(filed_at__isnull=False).values_list("year", flat=True)
    assert sorted(filed) == [year - 2, year - 1]
    last_year = secretary_star_levels(year=year - 1)
    assert len(last_year) >= 40
    assert len({level.level for level in last_year}) >= 3  # a spread of levels for the lists
    assert SecretaryStarChange.objects.filter(status=StarChangeStatus.PROPOSED, record__year=year).count() == 6
    assert SecretaryStarChange.objects.filter(kind=StarRuleKind.REMOVED).count() == 1
    assert SecretarySupervision.objects.count() == 1
    changes = SecretaryStarChange.objects.count()
    call_command("seed_demo_campaigns", stdout=StringIO())
    assert SecretaryStarChange.objects.count() == changes
