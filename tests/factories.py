"""factory_boy factories and a small district to test against."""

from dataclasses import dataclass, fields
from datetime import date, timedelta

import factory
from django.db.models import Q
from django.utils import timezone

from evaluations.models import Ballot, Campaign, Evaluation, Score, Survey
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.scores.inputs import ScoreInput
from evaluations.services.scores.sheet import scores_save
from evaluations.services.votes.surveys import survey_open
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
from scoring.models import IndicatorItem, ItemLevel
from tests.support import evaluations as evaluation_support

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


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign made by ``campaign_create`` (its stages follow its procedure) on the stored Yucheng template, over
    the whole tree by default; ``opened=True`` opens it through ``campaign_open``, which adds one evaluation per
    organization taking part. Other keywords (``levels``, ``domains``, ``period_kind`` …) go to the service."""

    class Meta:
        model = Campaign

    name = "2026年度社区党组织评星定级"
    template = factory.LazyFunction(evaluation_support.yucheng_stored)
    scope = factory.LazyFunction(Organization.get_first_root_node)
    year = 2026
    by = None
    opened = False

    @classmethod
    def _create(cls, model_class, *args, by=None, opened=False, **fields):
        campaign = campaign_create(by=by, **fields)
        return campaign_open(campaign=campaign, by=by) if opened else campaign


class EvaluationFactory(factory.django.DjangoModelFactory):
    """The evaluation of an organization as ``campaign_open`` made it, by default in a campaign opened over the
    organizations of its level in its district; ``at_stage`` (a stage kind) puts it at that stage of its campaign
    as if the stages before were done."""

    class Meta:
        model = Evaluation

    organization = None
    campaign = factory.SubFactory(
        CampaignFactory,
        scope=factory.LazyAttribute(
            lambda campaign: Organization.objects.get_root(campaign.factory_parent.organization)
        ),
        levels=factory.LazyAttribute(lambda campaign: [campaign.factory_parent.organization.level]),
        opened=True,
    )
    at_stage = None

    @classmethod
    def _create(cls, model_class, *args, campaign, organization, at_stage=None):
        evaluation = evaluation_support.evaluation_of(campaign, organization)
        return evaluation_support.at_stage(evaluation, at_stage) if at_stage else evaluation


class SurveyFactory(factory.django.DjangoModelFactory):
    """A satisfaction survey of an evaluation opened through ``survey_open``, from a minute ago for ``days`` days;
    ``ballots={"satisfied": 7, …}`` adds that many ballots per option, cast today."""

    class Meta:
        model = Survey
        skip_postgeneration_save = True

    evaluation = None
    rater_group = ""
    days = 14
    by = None

    @classmethod
    def _create(cls, model_class, *args, evaluation, rater_group="", days=14, by=None):
        now = timezone.now()
        return survey_open(
            evaluation=evaluation,
            opens_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(days=days),
            rater_group=rater_group,
            by=by,
        )

    @factory.post_generation
    def ballots(survey, create, extracted, **kwargs):
        if create and extracted:
            Ballot.objects.bulk_create(
                Ballot(survey=survey, option=option, rater_group=survey.rater_group, cast_on=timezone.localdate())
                for option, count in extracted.items()
                for _ in range(count)
            )


def _first_points_leaf(evaluation) -> IndicatorItem:
    leaves = IndicatorItem.objects.filter(template=evaluation.template, is_leaf=True).exclude(level=ItemLevel.DIMENSION)
    return leaves.order_by("order").first()


class ScoreFactory(factory.django.DjangoModelFactory):
    """The points of one item (by code; a template item or a "+1" sub-item) saved through ``scores_save`` at a
    stage, by default the full points of the evaluation's first item at the self-assessment."""

    class Meta:
        model = Score

    evaluation = None
    code = factory.LazyAttribute(lambda score: _first_points_leaf(score.evaluation).code)
    points = factory.LazyAttribute(lambda score: str(_first_points_leaf(score.evaluation).points_max))
    note = ""
    stage = "self_assessment"
    by = None

    @classmethod
    def _create(cls, model_class, *args, evaluation, code, points, note="", stage="self_assessment", by=None):
        scores_save(evaluation=evaluation, stage=stage, values={code: ScoreInput(points, note)}, vetoes=None, by=by)
        return model_class.objects.get(
            Q(item__code=code) | Q(personalized_item__code=code), evaluation=evaluation, stage=stage
        )


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


MEMBERS = ("member", "other_member")


def district_keys(district: District) -> dict[str, dict[str, int]]:
    """The primary keys of the district's organizations, members and users, to fetch it again from them."""
    names = [field.name for field in fields(District) if field.name != "users"]
    return {
        "organizations": {name: getattr(district, name).pk for name in names if name not in MEMBERS},
        "members": {name: getattr(district, name).pk for name in MEMBERS},
        "users": {name: user.pk for name, user in district.users.items()},
    }


def district_fetched(keys: dict[str, dict[str, int]]) -> District:
    """The district whose keys `district_keys` gave, fetched again; its member user's member is the district's."""
    rows = {}
    for model, kind in ((Organization, "organizations"), (Member, "members"), (User, "users")):
        found = model.objects.in_bulk(keys[kind].values())
        rows[kind] = {name: found[pk] for name, pk in keys[kind].items()}
    for user in rows["users"].values():
        if user.member_id == rows["members"]["member"].pk:
            user.member = rows["members"]["member"]
    return District(**rows["organizations"], **rows["members"], users=rows["users"])
