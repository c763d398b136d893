"""seed_demo_campaigns opens demo rectification cases in the first street: the demo community's administrator and
the street's staff find cases waiting, one is overdue, one closed out; running it again opens nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from evaluations.models import RectificationCase
from evaluations.selectors.worklist import worklist_counts
from orgs.models import User

pytestmark = pytest.mark.postgres


def test_the_demo_has_cases_at_every_step_and_work_on_both_sides(db, django_capture_on_commit_callbacks):
    call_command("seed_demo", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo_campaigns", stdout=StringIO())
    statuses = sorted(RectificationCase.objects.values_list("status", flat=True))
    assert statuses == ["closed", "open", "open", "reported", "submitted"]
    assert worklist_counts(User.objects.get(username="org_admin")).rectification >= 1
    assert worklist_counts(User.objects.get(username="street_staff")).rectification == 1
    call_command("seed_demo_campaigns", stdout=StringIO())
    assert RectificationCase.objects.count() == 5
