"""seed_synthetic builds exactly the tree and roster asked for, as a valid treebeard tree, and only on
an empty database unless --append is given."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from orgs.models import CommitteeTerm, Level, Member, Organization, Secretary
from orgs.personal_data import decrypt, id_card_problem


def build(**options):
    call_command("seed_synthetic", stdout=StringIO(), **options)


@pytest.fixture
def synthetic(db):
    build(orgs=300, members=1000, streets=3, seed=7)


def test_builds_exactly_the_organizations_and_members_asked_for(synthetic):
    assert Organization.objects.count() == 300
    assert Member.objects.count() == 1000
    assert Organization.objects.filter(level=Level.DISTRICT).count() == 1
    assert Organization.objects.filter(level=Level.STREET).count() == 3
    assert set(Organization.objects.values_list("level", flat=True)) == set(Level.values) - {Level.PROVINCE, Level.CITY}


def test_the_tree_is_a_valid_treebeard_tree(synthetic):
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    district = Organization.objects.get(level=Level.DISTRICT)
    assert Organization.objects.get_descendant_count(district) == 299
    for street in Organization.objects.filter(level=Level.STREET):
        below = Organization.objects.filter(path__startswith=street.path).exclude(pk=street.pk).count()
        assert Organization.objects.get_descendant_count(street) == below
        assert street.numchild == Organization.objects.filter(path__startswith=street.path, depth=3).count()


def test_members_sit_on_branches_with_valid_distinct_id_cards(synthetic):
    assert not Member.objects.exclude(branch__level=Level.BRANCH).exists()
    assert Member.objects.values("id_card_hash").distinct().count() == 1000
    for member in Member.objects.order_by("pk")[:50]:
        number = decrypt(member.id_card_encrypted)
        assert id_card_problem(number) is None
        assert number[6:14] == f"{member.birth_date:%Y%m%d}"
        assert int(number[16]) % 2 == (1 if member.gender == "male" else 0)


def test_floating_members_have_origin_and_destination(synthetic):
    floating = Member.objects.filter(category="floating")
    assert floating.exists()
    assert not floating.filter(floating_origin="").exists()
    assert not floating.filter(floating_destination="").exists()


def test_communities_and_branches_have_secretaries_and_terms(synthetic):
    assert Secretary.objects.filter(organization__level=Level.COMMUNITY, ended_on__isnull=True).exists()
    assert Secretary.objects.filter(organization__level=Level.BRANCH, ended_on__isnull=True).exists()
    assert CommitteeTerm.objects.filter(organization__level=Level.COMMUNITY).exists()
    assert not Secretary.objects.exclude(organization__level__in=[Level.COMMUNITY, Level.BRANCH]).exists()


def test_the_same_seed_gives_the_same_district(db):
    build(orgs=120, members=200, seed=3)
    first = list(Organization.objects.order_by("path").values_list("code", "name"))
    names = list(Member.objects.order_by("pk").values_list("name", "id_card_masked"))
    Secretary.objects.all().delete()
    Member.objects.all().delete()
    CommitteeTerm.objects.all().delete()
    Organization.objects.all().delete()
    build(orgs=120, members=200, seed=3)
    assert list(Organization.objects.order_by("path").values_list("code", "name")) == first
    assert list(Member.objects.order_by("pk").values_list("name", "id_card_masked")) == names


def test_refuses_a_database_that_has_organizations(synthetic):
    with pytest.raises(CommandError, match="--append"):
        build(orgs=50, members=10)
    assert Organization.objects.count() == 300


def test_append_builds_a_second_district(synthetic):
    build(orgs=50, members=100, append=True)
    assert Organization.objects.filter(level=Level.DISTRICT).count() == 2
    assert Organization.objects.count() == 350
    assert Member.objects.count() == 1100
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_refuses_too_few_organizations_for_the_streets(db):
    with pytest.raises(CommandError):
        build(orgs=5, members=10, streets=3)
    assert not Organization.objects.exists()
