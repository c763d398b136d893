"""factory_boy factories and a small district to test against."""

from dataclasses import dataclass
from datetime import date

import factory

from orgs.management.commands.seed_demo import DEPARTMENTS
from orgs.models import (
    Department,
    Gender,
    Level,
    Member,
    MemberCategory,
    MemberStatus,
    Organization,
    Secretary,
    User,
)
from orgs.permissions import assign_role
from orgs.personal_data import id_card_check_digit, protect_id_card, protect_phone
from orgs.roles import Role

PASSWORD = "Demo-Pass-2026"


def make_id_card(serial: int, birth: date = date(1980, 5, 17), region: str = "110105") -> str:
    """A valid 18-digit ID-card number (GB 11643 check digit) for a serial number."""
    first = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return first + id_card_check_digit(first)


def make_phone(serial: int) -> str:
    return f"139{serial % 100_000_000:08d}"


def add_org(parent: Organization | None, code: str, name: str, level: str, **fields) -> Organization:
    values = {"code": code, "name": name, "level": level, **fields}
    if parent is None:
        return Organization.objects.add_root(values)
    parent.refresh_from_db()
    return Organization.objects.add_child(parent, values)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MemberFactory(factory.django.DjangoModelFactory):
    """A member; pass ``id_card`` and ``phone`` in clear, they are stored protected."""

    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Gender.FEMALE
    birth_date = date(1980, 5, 17)
    category = MemberCategory.VILLAGE_COMMUNITY
    status = MemberStatus.FULL
    joined_on = date(2005, 7, 1)
    id_card = factory.Sequence(lambda n: make_id_card(n, birth=date(1970 + n % 30, 1 + n % 12, 1 + n % 28)))
    phone = factory.Sequence(make_phone)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        id_card = protect_id_card(kwargs.pop("id_card"))
        phone = protect_phone(kwargs.pop("phone"))
        kwargs.update(
            id_card_encrypted=id_card.encrypted,
            id_card_hash=id_card.hash,
            id_card_masked=id_card.masked,
            phone_encrypted=phone.encrypted,
            phone_hash=phone.hash,
            phone_masked=phone.masked,
        )
        return super()._create(model_class, *args, **kwargs)


class SecretaryFactory(factory.django.DjangoModelFactory):
    """A secretary's tenure; pass ``id_card`` in clear, it is stored protected."""

    class Meta:
        model = Secretary

    name = "王书记"
    started_on = date(2021, 1, 1)
    id_card = factory.Sequence(lambda n: make_id_card(500 + n, birth=date(1972, 1 + n % 12, 1 + n % 28)))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        id_card = protect_id_card(kwargs.pop("id_card"))
        kwargs.update(id_card_encrypted=id_card.encrypted, id_card_hash=id_card.hash, id_card_masked=id_card.masked)
        return super()._create(model_class, *args, **kwargs)


@dataclass
class District:
    """District → 2 streets → 3 communities → branches → a group, with one user per role."""

    district: Organization
    street: Organization
    other_street: Organization
    community: Organization
    sibling_community: Organization
    other_community: Organization
    branch: Organization
    other_branch: Organization
    group: Organization
    member: Member
    other_member: Member
    users: dict[str, User]


ROLE_USERS = {
    "district_admin": (Role.DISTRICT_ADMIN, "district"),
    "district_approver": (Role.DISTRICT_APPROVER, "district"),
    "department_reviewer": (Role.DEPARTMENT_REVIEWER, "district"),
    "street_staff": (Role.STREET_STAFF, "street"),
    "org_admin": (Role.ORG_ADMIN, "community"),
    "member": (Role.MEMBER, "branch"),
    "outsider": (Role.STREET_STAFF, "other_street"),
}


def build_district() -> District:
    district = add_org(None, "D01", "示范区委", Level.DISTRICT)
    street = add_org(district, "S01", "东城街道党工委", Level.STREET)
    other_street = add_org(district, "S02", "西城街道党工委", Level.STREET)
    community = add_org(
        street, "C0101", "东城第一社区党委", Level.COMMUNITY, domain="urban_community", org_type="community"
    )
    sibling = add_org(street, "C0102", "东城村党总支", Level.COMMUNITY, domain="village", org_type="community")
    other_community = add_org(
        other_street, "C0201", "西城第一社区党委", Level.COMMUNITY, domain="urban_community", org_type="community"
    )
    branch = add_org(community, "B010101", "东城第一社区第一网格党支部", Level.BRANCH, domain="urban_community")
    other_branch = add_org(
        other_community, "B020101", "西城第一社区第一网格党支部", Level.BRANCH, domain="urban_community"
    )
    group = add_org(branch, "G01010101", "1号楼党小组", Level.GROUP, domain="urban_community")
    member = MemberFactory(branch=branch, name="张三")
    other_member = MemberFactory(branch=other_branch, name="李四")
    # The six district departments of the joint review, as the demo seeds them; the reviewer works for 纪检.
    departments = {code: Department.objects.create(code=code, name=name) for code, name in DEPARTMENTS}
    department = departments["discipline"]
    nodes = {
        "district": district,
        "street": street,
        "other_street": other_street,
        "community": community,
        "branch": branch,
    }
    users: dict[str, User] = {}
    for username, (role, node) in ROLE_USERS.items():
        user = UserFactory(username=username, department=department if role == Role.DEPARTMENT_REVIEWER else None)
        assign_role(user=user, role=role, organization=Organization.objects.get(pk=nodes[node].pk))
        users[username] = user
    users["member"].member = member
    users["member"].save(update_fields=["member"])
    users["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    users["nobody"] = UserFactory(username="nobody")
    refreshed = {
        name: Organization.objects.get(pk=org.pk)
        for name, org in {
            "district": district,
            "street": street,
            "other_street": other_street,
            "community": community,
            "sibling_community": sibling,
            "other_community": other_community,
            "branch": branch,
            "other_branch": other_branch,
            "group": group,
        }.items()
    }
    return District(member=member, other_member=other_member, users=users, **refreshed)
