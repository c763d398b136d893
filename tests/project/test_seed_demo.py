"""seed_demo loads the demo district and one demo account per role, and running it twice adds nothing."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from orgs.management.commands.seed_demo import DEMO_ACCOUNTS
from orgs.models import AuditEvent, CommitteeTerm, Department, Level, Member, Organization, Secretary, User
from orgs.permissions import role_grants_of, user_roles
from orgs.personal_data import decrypt, id_card_problem, phone_problem
from orgs.roles import Role

DEMO_PASSWORD = "Demo-Pass-2026"


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organization, Member, Secretary, CommitteeTerm, Department, User, AuditEvent)
    }


def test_the_demo_district_has_streets_communities_branches_groups_and_members(demo):
    assert Organization.objects.filter(level=Level.DISTRICT, name="示范区委").count() == 1
    assert Organization.objects.filter(level=Level.STREET).count() >= 6
    assert Organization.objects.filter(level=Level.COMMUNITY).count() >= 40
    assert Organization.objects.filter(level=Level.COMMUNITY, domain="village").exists()
    assert Organization.objects.filter(level=Level.BRANCH, name__endswith="网格党支部").exists()
    assert Organization.objects.filter(level=Level.GROUP, name__endswith="号楼党小组").exists()
    assert Member.objects.count() >= 2000
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_demo_members_have_chinese_names_and_valid_personal_numbers(demo):
    for member in Member.objects.order_by("?")[:100]:
        assert all("\u4e00" <= character <= "\u9fff" for character in member.name)
        assert id_card_problem(decrypt(member.id_card_encrypted)) is None
        if member.phone_encrypted:
            assert phone_problem(decrypt(member.phone_encrypted)) is None


def test_demo_has_secretaries_some_one_shoulder_and_committee_terms(demo):
    assert Secretary.objects.filter(organization__level=Level.COMMUNITY, one_shoulder=True).exists()
    assert Secretary.objects.filter(ended_on__isnull=False).exists()
    assert CommitteeTerm.objects.filter(organization__level=Level.COMMUNITY).count() >= 40


def test_the_six_district_departments_exist(demo):
    assert set(Department.objects.values_list("name", flat=True)) == {"纪检", "组织", "宣传", "审计", "信访", "环保"}


def test_one_demo_account_per_role_with_its_grant(demo):
    expected = {
        "district_admin": (Role.DISTRICT_ADMIN, Level.DISTRICT),
        "district_approver": (Role.DISTRICT_APPROVER, Level.DISTRICT),
        "department_reviewer": (Role.DEPARTMENT_REVIEWER, Level.DISTRICT),
        "street_staff": (Role.STREET_STAFF, Level.STREET),
        "org_admin": (Role.ORG_ADMIN, Level.COMMUNITY),
        "member": (Role.MEMBER, Level.BRANCH),
    }
    for username, (role, level) in expected.items():
        user = User.objects.get(username=username)
        assert user_roles(user) == {role}
        [(_, organization)] = role_grants_of(user)
        assert organization.level == level
        assert user.check_password(DEMO_PASSWORD)
        assert not user.must_change_password
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="department_reviewer").department.name == "纪检"


def test_the_demo_scopes_are_the_first_street_community_and_a_branch_of_it(demo):
    street = Organization.objects.filter(level=Level.STREET).order_by("path").first()
    community = Organization.objects.filter(level=Level.COMMUNITY).order_by("path").first()
    [(_, granted_street)] = role_grants_of(User.objects.get(username="street_staff"))
    [(_, granted_community)] = role_grants_of(User.objects.get(username="org_admin"))
    member_user = User.objects.get(username="member")
    [(_, granted_branch)] = role_grants_of(member_user)
    assert granted_street == street
    assert granted_community == community
    assert granted_branch == member_user.member.branch
    assert granted_branch.path.startswith(community.path)


def test_role_grants_are_audited(demo):
    assert AuditEvent.objects.filter(action="role_grant").count() == 6


def test_running_it_twice_duplicates_nothing(demo):
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def test_prints_the_url_and_one_login_per_role(db, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in output
    lines = output.splitlines()
    for account in DEMO_ACCOUNTS:
        assert [line for line in lines if re.search(rf"\b{account.username}\b", line) and DEMO_PASSWORD in line]
    assert output.count(DEMO_PASSWORD) == 7


def test_demo_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Other-Pass-77")
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(username="org_admin").check_password("Other-Pass-77")


def test_a_weak_demo_password_is_refused(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "password")
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("seed_demo", stdout=StringIO())
    assert not Organization.objects.exists()
