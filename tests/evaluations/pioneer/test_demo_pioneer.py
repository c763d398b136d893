"""The demo pioneer index year: the demo member self-evaluates, org_admin follows the branch, one branch's grades
are final and another's are in publicity; every demo login reaches what concerns it."""

import pytest
from django.urls import reverse

from evaluations.models import Campaign, PioneerResult
from orgs.models import Level, Organization, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(seeded_demo):
    """The pioneer campaign of the demo (seed_demo then seed_demo_campaigns, tests/support/demo.py)."""
    return Campaign.objects.get(procedure="pioneer")


def test_the_demo_pioneer_year_has_a_branch_at_each_step(demo, client):
    member = User.objects.get(username="member")
    own = demo.evaluations.get(member=member.member)
    assert own.stage.kind == "self_assessment"
    final = PioneerResult.objects.filter(evaluation__campaign=demo, finalized_at__isnull=False)
    proposed = PioneerResult.objects.filter(evaluation__campaign=demo, finalized_at__isnull=True)
    assert final.exists() and proposed.exists()
    client.force_login(member)
    assert client.get(reverse("evaluations:pioneer_self_evaluation", kwargs={"pk": own.pk})).status_code == 200
    client.force_login(User.objects.get(username="org_admin"))
    page = client.get(reverse("evaluations:pioneer_branch", kwargs={"pk": demo.pk, "branch_pk": own.organization_id}))
    assert page.status_code == 200 and member.member.name in page.content.decode()
    street = Organization.objects.get(level=Level.STREET, path=own.organization.path[:8])
    public = client.get(
        reverse("evaluations:pioneer_publicity", kwargs={"campaign_id": demo.pk, "street_code": street.code})
    )
    assert public.status_code == 200
    assert proposed.first().evaluation.member.name in public.content.decode()
