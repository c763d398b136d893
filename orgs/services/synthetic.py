"""Whole districts written in bulk: the tree, members, secretaries and committee terms.

treebeard's ``add_child`` writes one node at a time and reads its parent back; here the tree is planned
in memory, every path, depth and numchild is computed with ``orgs.tree``, and each table is written with
``bulk_create``. ``seed_synthetic`` (benchmarks), ``seed_demo`` (the demo district) and the bench use it.
Everything is drawn from one seeded ``random.Random``, so a seed gives the same district every time.
"""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from orgs.models import (
    CommitteeTerm,
    Domain,
    Education,
    Gender,
    Level,
    Member,
    MemberCategory,
    MemberStatus,
    Organization,
    OrgType,
    Secretary,
)
from orgs.personal_data import id_card_check_digit, protect_id_card, protect_phone
from orgs.tree import STEPLEN, child_path, depth_of, last_step_index, path_step

BATCH_SIZE = 5000


def _two_character_names(text: str) -> tuple[str, ...]:
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
    "夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE_NAME_CHARACTERS = (
    "伟强磊军洋勇杰涛明超平刚华建国志文斌波宇浩凯鹏辉飞鑫峰亮成德福荣祥瑞兴安东升庆卫民光永学立振海林"
)
FEMALE_NAME_CHARACTERS = "芳娜秀英敏静丽艳娟霞兰桂玉梅红晨欣怡佳琪雪婷慧颖丹春燕萍淑珍秋菊晓琳露倩璐"
URBAN_PLACES = _two_character_names(
    "幸福和平光明朝阳新华人民建设文化东风红星长安花园金桥银湖春晖明珠翠竹枫林桃源杏林荷塘石门柳岸龙泉锦绣望江滨湖振兴"
    "育才书香丰收星光新民安居玉兰紫荆丽景湖滨迎宾东湖南苑西园北辰青年和谐惠民康乐龙山凤凰金沙清水白云碧桂向阳胜利解放"
    "团结"
)
VILLAGE_SUFFIXES = ("村", "湾村", "坪村", "冲村", "岭村", "铺村", "塘村", "桥村")
STREET_PLACES = _two_character_names(
    "东城南湖西山北苑中山滨江城南城北金田新城江北河西太平永安长乐高桥石桥清泉黄土白沙青石柳溪梅花竹山松林云台沙田马坪"
    "龙潭大坝新塘铁山锡矿渣渡禾青毛易三尖中连岩口矿山铎山金竹布溪潘桥冷水资江花山樟树杨柳桂花"
)
FLOATING_PLACES = (
    "广东省深圳市",
    "广东省广州市",
    "广东省东莞市",
    "浙江省杭州市",
    "浙江省宁波市",
    "上海市浦东新区",
    "江苏省苏州市",
    "北京市朝阳区",
    "湖南省长沙市",
    "福建省厦门市",
)
# Region codes (first 4 digits) of the districts built in one database: the district's root index
# picks the prefix, so two districts never draw the same ID-card number.
PROVINCE_CODE = "43"
COUNTIES_PER_DISTRICT = 30

MEMBER_CATEGORY_WEIGHTS = {
    Domain.VILLAGE: ((MemberCategory.VILLAGE_COMMUNITY, 88), (MemberCategory.FLOATING, 12)),
    Domain.URBAN_COMMUNITY: (
        (MemberCategory.VILLAGE_COMMUNITY, 62),
        (MemberCategory.AGENCY_INSTITUTION, 16),
        (MemberCategory.TWO_NEW, 14),
        (MemberCategory.FLOATING, 8),
    ),
}
EDUCATION_WEIGHTS = (
    (Education.POSTGRADUATE, 5),
    (Education.BACHELOR, 35),
    (Education.COLLEGE, 35),
    (Education.SECONDARY, 20),
    (Education.JUNIOR, 5),
)
PROBATIONARY_SHARE = 0.05
PHONE_SHARE = 0.92
ONE_SHOULDER_SHARE = 0.45
PREVIOUS_SECRETARY_SHARE = 0.5
IN_SERVICE_SHARE = 0.6


@dataclass(frozen=True)
class StreetSpec:
    """One street of a planned district: its place name, whether it is a town, and its size.

    ``organizations`` counts the street and everything below it; ``communities`` fixes the number of
    communities instead (the demo). With neither, the street gets a share of the district's total.
    """

    place: str
    village_share: float = 0.3
    town: bool = False
    organizations: int | None = None
    communities: int | None = None


@dataclass
class PlannedOrganization:
    code: str
    name: str
    level: str
    domain: str = ""
    org_type: str = ""
    children: list["PlannedOrganization"] = field(default_factory=list)


@dataclass(frozen=True)
class BuiltDistrict:
    """What a build wrote, with the district read back from the database."""

    district: Organization
    organizations: int
    members: int
    secretaries: int
    committee_terms: int


def chinese_name(rng: random.Random, gender: str) -> str:
    characters = MALE_NAME_CHARACTERS if gender == Gender.MALE else FEMALE_NAME_CHARACTERS
    given = rng.choice(characters)
    if rng.random() < 0.7:
        given += rng.choice(characters)
    return rng.choice(SURNAMES) + given


class _PlaceNames:
    """Community place names, unique within a district while the combinations last."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, draw) -> str:
        for _attempt in range(20):
            name = draw()
            if name not in self.used:
                self.used.add(name)
                return name
        name = draw() + str(len(self.used) + 1)
        self.used.add(name)
        return name

    def urban(self) -> str:
        """A name from the list while it lasts, then the same names with a direction (幸福东, 和平新 …)."""
        unused = [place for place in URBAN_PLACES if place not in self.used]
        if unused:
            place = self.rng.choice(unused)
            self.used.add(place)
            return place
        return self._fresh(lambda: self.rng.choice(URBAN_PLACES) + self.rng.choice("东西南北中新"))

    def village(self) -> str:
        return self._fresh(
            lambda: (
                self.rng.choice(SURNAMES)
                + ("家" if self.rng.random() < 0.5 else "")
                + self.rng.choice(VILLAGE_SUFFIXES)
            )
        )


_CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (up to 99; larger numbers stay in digits)."""
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_NUMERALS[tens - 1] + "十")
    return text + (_CHINESE_NUMERALS[ones - 1] if ones else "")


def plan_district(
    *,
    code: str,
    name: str,
    streets: Sequence[StreetSpec],
    rng: random.Random,
    organizations: int | None = None,
    branches_per_community: tuple[int, int] = (2, 6),
    groups_per_branch: tuple[int, int] = (0, 3),
) -> PlannedOrganization:
    """Plan district → streets → communities → branches → groups.

    With ``organizations`` the plan has exactly that many nodes: streets without a size share what the
    sized streets leave, and each street fills its share community by community.
    """
    district = PlannedOrganization(code=code, name=name, level=Level.DISTRICT)
    budgets = _street_budgets(streets, organizations)
    places = _PlaceNames(rng)
    for index, (spec, budget) in enumerate(zip(streets, budgets, strict=True), start=1):
        suffix = "党委" if spec.town else "党工委"
        street = PlannedOrganization(code=f"{code}-S{index:03d}", name=spec.place + suffix, level=Level.STREET)
        street.children = list(
            _plan_communities(
                street.code,
                spec,
                None if budget is None else budget - 1,
                rng,
                places,
                branches_per_community,
                groups_per_branch,
            )
        )
        district.children.append(street)
    return district


def _street_budgets(streets: Sequence[StreetSpec], organizations: int | None) -> list[int | None]:
    if organizations is None:
        return [spec.organizations for spec in streets]
    fixed = sum(spec.organizations or 0 for spec in streets)
    open_streets = [i for i, spec in enumerate(streets) if spec.organizations is None]
    remaining = organizations - 1 - fixed
    if remaining < len(open_streets) or (not open_streets and remaining != 0):
        raise ValueError("the street sizes do not add up to the number of organizations")
    budgets: list[int | None] = [spec.organizations for spec in streets]
    for position, street_index in enumerate(open_streets):
        share, extra = divmod(remaining, len(open_streets))
        budgets[street_index] = share + (1 if position < extra else 0)
    return budgets


def _plan_communities(
    street_code: str,
    spec: StreetSpec,
    budget: int | None,
    rng: random.Random,
    places: _PlaceNames,
    branches_per_community: tuple[int, int],
    groups_per_branch: tuple[int, int],
) -> Iterator[PlannedOrganization]:
    """Communities of one street until its budget (or its fixed number of communities) is used up."""
    index = 0
    while (budget is None and index < (spec.communities or 0)) or (budget is not None and budget > 0):
        index += 1
        village = rng.random() < spec.village_share
        domain = Domain.VILLAGE if village else Domain.URBAN_COMMUNITY
        place = places.village() if village else places.urban()
        short = place if village else place + "社区"
        community = PlannedOrganization(
            code=f"{street_code}-C{index:03d}",
            name=short + ("党总支" if village else "党委"),
            level=Level.COMMUNITY,
            domain=domain,
            org_type=OrgType.COMMUNITY,
        )
        if budget is not None:
            budget -= 1
        for branch_index in range(1, rng.randint(*branches_per_community) + 1):
            if budget == 0:
                break
            branch_label = "党支部" if village else "网格党支部"
            branch = PlannedOrganization(
                code=f"{community.code}-B{branch_index:02d}",
                name=f"{short}第{chinese_ordinal(branch_index)}{branch_label}",
                level=Level.BRANCH,
                domain=domain,
                org_type=OrgType.COMMUNITY,
            )
            community.children.append(branch)
            if budget is not None:
                budget -= 1
            for group_index in range(1, rng.randint(*groups_per_branch) + 1):
                if budget == 0:
                    break
                group_name = (
                    f"第{chinese_ordinal(group_index)}党小组"
                    if village
                    else f"{branch_index * 10 + group_index}号楼党小组"
                )
                branch.children.append(
                    PlannedOrganization(
                        code=f"{branch.code}-G{group_index:02d}",
                        name=group_name,
                        level=Level.GROUP,
                        domain=domain,
                        org_type=OrgType.COMMUNITY,
                    )
                )
                if budget is not None:
                    budget -= 1
        yield community


def next_root_index() -> int:
    """The sibling number the next district (root) takes in treebeard's layout."""
    last = Organization.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    return 1 if last is None else last_step_index(last) + 1


def _organizations_in_path_order(plan: PlannedOrganization, root_index: int) -> Iterator[Organization]:
    stack = [(plan, path_step(root_index))]
    while stack:
        node, path = stack.pop()
        yield Organization(
            code=node.code,
            name=node.name,
            level=node.level,
            domain=node.domain,
            org_type=node.org_type,
            path=path,
            depth=depth_of(path),
            numchild=len(node.children),
        )
        stack.extend((child, child_path(path, index)) for index, child in reversed(list(enumerate(node.children, 1))))


@dataclass
class _Context:
    rng: random.Random
    today: date
    region_prefix: str
    district_place: str
    drawn_id_cards: set[str] = field(default_factory=set)
    drawn_phones: set[str] = field(default_factory=set)


def _draw_id_card(context: _Context, birth_date: date, gender: str) -> str:
    """A valid, not yet drawn ID-card number: region, birth date, serial with the gender's parity, check digit."""
    rng = context.rng
    while True:
        county = rng.randint(1, COUNTIES_PER_DISTRICT)
        serial = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if gender == Gender.MALE else (0, 2, 4, 6, 8))
        first = f"{context.region_prefix}{county:02d}{birth_date:%Y%m%d}{serial:03d}"
        if first not in context.drawn_id_cards:
            context.drawn_id_cards.add(first)
            return first + id_card_check_digit(first)


def _draw_phone(context: _Context) -> str:
    while True:
        phone = context.rng.choice(("139", "138", "137", "150", "158", "186", "177", "191")) + (
            f"{context.rng.randrange(100_000_000):08d}"
        )
        if phone not in context.drawn_phones:
            context.drawn_phones.add(phone)
            return phone


def _new_member(context: _Context, branch: Organization, community_id: int) -> Member:
    rng, today = context.rng, context.today
    gender = Gender.MALE if rng.random() < 0.68 else Gender.FEMALE
    age_days = rng.randint(20 * 365, 88 * 365)
    birth_date = today - timedelta(days=age_days)
    id_card = protect_id_card(_draw_id_card(context, birth_date, gender))
    phone = protect_phone(_draw_phone(context) if rng.random() < PHONE_SHARE else "")
    if rng.random() < PROBATIONARY_SHARE:
        status = MemberStatus.PROBATIONARY
        joined_on = today - timedelta(days=rng.randint(1, 360))
        regularized_on = None
    else:
        status = MemberStatus.FULL
        joined_on = birth_date + timedelta(days=rng.randint(18 * 365 + 5, age_days - 370))
        regularized_on = joined_on + timedelta(days=365)
    categories, weights = zip(*MEMBER_CATEGORY_WEIGHTS[branch.domain or Domain.URBAN_COMMUNITY], strict=True)
    category = rng.choices(categories, weights)[0]
    floating_origin = floating_destination = ""
    if category == MemberCategory.FLOATING:
        elsewhere = rng.choice(FLOATING_PLACES)
        floating_origin, floating_destination = (
            (context.district_place, elsewhere) if rng.random() < 0.6 else (elsewhere, context.district_place)
        )
    in_service = category == MemberCategory.AGENCY_INSTITUTION and rng.random() < IN_SERVICE_SHARE
    return Member(
        name=chinese_name(rng, gender),
        gender=gender,
        birth_date=birth_date,
        id_card_encrypted=id_card.encrypted,
        id_card_hash=id_card.hash,
        id_card_masked=id_card.masked,
        phone_encrypted=phone.encrypted,
        phone_hash=phone.hash,
        phone_masked=phone.masked,
        branch_id=branch.pk,
        category=category,
        status=status,
        joined_on=joined_on,
        regularized_on=regularized_on,
        in_service_community_id=community_id if in_service else None,
        floating_origin=floating_origin,
        floating_destination=floating_destination,
    )


def _bulk_create(model, objects: list, batch_size: int) -> list:
    model.objects.bulk_create(objects, batch_size=batch_size)
    return objects


def _create_members(
    context: _Context, organizations: list[Organization], count: int, batch_size: int
) -> dict[int, list[Member]]:
    """Spread ``count`` members over the branches, unevenly; returns up to two members per organization
    (branch and community) to serve as its current and previous secretary."""
    branches = [org for org in organizations if org.level == Level.BRANCH]
    if count and not branches:
        raise ValueError("members need at least one branch")
    community_of: dict[str, Organization] = {org.path: org for org in organizations if org.level == Level.COMMUNITY}
    per_branch = [0] * len(branches)
    if count:
        weights = [context.rng.uniform(0.3, 1.7) for _ in branches]
        for index in context.rng.choices(range(len(branches)), weights, k=count):
            per_branch[index] += 1
    candidates: dict[int, list[Member]] = {}
    pending: list[Member] = []
    for branch, members in zip(branches, per_branch, strict=True):
        community = community_of[branch.path[: STEPLEN * 3]]
        for _ in range(members):
            member = _new_member(context, branch, community.pk)
            pending.append(member)
            for holder in (branch.pk, community.pk):
                if len(candidates.setdefault(holder, [])) < 2:
                    candidates[holder].append(member)
        if len(pending) >= batch_size:
            _bulk_create(Member, pending, batch_size)
            pending = []
    _bulk_create(Member, pending, batch_size)
    return candidates


def _committee_terms(organization: Organization, today: date) -> list[CommitteeTerm]:
    """The current and the previous term: 5 years for community committees (the 2021 round), 3 for branches."""
    length = 5 if organization.level == Level.COMMUNITY else 3
    current_start = 2021 + ((today.year - 2021) // length) * length
    return [
        CommitteeTerm(organization_id=organization.pk, start_year=start, end_year=start + length - 1)
        for start in (current_start - length, current_start)
    ]


def _secretaries(context: _Context, organization: Organization, candidates: list[Member]) -> list[Secretary]:
    rng, today = context.rng, context.today
    current_start_year = _committee_terms(organization, today)[-1].start_year
    started_on = date(current_start_year, rng.randint(1, 12), rng.randint(1, 28))
    if started_on > today:
        started_on = today - timedelta(days=rng.randint(1, 90))
    tenures = [(candidates[0], started_on, None)]
    if len(candidates) > 1 and rng.random() < PREVIOUS_SECRETARY_SHARE:
        previous_start = started_on - timedelta(days=rng.randint(3 * 365, 8 * 365))
        tenures.append((candidates[1], previous_start, started_on - timedelta(days=1)))
    education_values, education_weights = zip(*EDUCATION_WEIGHTS, strict=True)
    return [
        Secretary(
            organization_id=organization.pk,
            member_id=member.pk,
            name=member.name,
            id_card_encrypted=member.id_card_encrypted,
            id_card_hash=member.id_card_hash,
            id_card_masked=member.id_card_masked,
            started_on=tenure_start,
            ended_on=tenure_end,
            one_shoulder=organization.level == Level.COMMUNITY and rng.random() < ONE_SHOULDER_SHARE,
            education=rng.choices(education_values, education_weights)[0],
        )
        for member, tenure_start, tenure_end in tenures
    ]


def district_build(
    *,
    plan: PlannedOrganization,
    members: int,
    seed: int,
    today: date,
    district_place: str,
    batch_size: int = BATCH_SIZE,
) -> BuiltDistrict:
    """Write a planned district as a new root, then its members, secretaries and committee terms, in bulk.

    All or nothing: one transaction. Members get valid, distinct ID-card numbers (GB 11643) whose region
    code is the district's own, so districts built side by side never collide.
    """
    root_index = next_root_index()
    context = _Context(
        rng=random.Random(f"{seed}:{plan.code}"),
        today=today,
        region_prefix=f"{PROVINCE_CODE}{root_index % 100:02d}",
        district_place=district_place,
    )
    with transaction.atomic():
        Organization.objects.bulk_create(_organizations_in_path_order(plan, root_index), batch_size=batch_size)
        root_path = path_step(root_index)
        organizations = list(
            Organization.objects.filter(path__startswith=root_path)
            .only("pk", "path", "level", "domain", "depth")
            .order_by("path")
        )
        candidates = _create_members(context, organizations, members, batch_size)
        terms: list[CommitteeTerm] = []
        secretaries: list[Secretary] = []
        for organization in organizations:
            if organization.level not in (Level.COMMUNITY, Level.BRANCH):
                continue
            terms.extend(_committee_terms(organization, today))
            if organization.pk in candidates:
                secretaries.extend(_secretaries(context, organization, candidates[organization.pk]))
        CommitteeTerm.objects.bulk_create(terms, batch_size=batch_size)
        Secretary.objects.bulk_create(secretaries, batch_size=batch_size)
    return BuiltDistrict(
        district=Organization.objects.get(path=root_path),
        organizations=len(organizations),
        members=members,
        secretaries=len(secretaries),
        committee_terms=len(terms),
    )


def synthetic_district_build(
    *,
    organizations: int,
    members: int,
    streets: int,
    seed: int,
    today: date,
    street_sizes: Sequence[int] = (),
) -> BuiltDistrict:
    """A synthetic district of exactly ``organizations`` nodes; the first streets may be given a size
    (the bench makes one street of about 600 organizations), the others share the rest evenly."""
    if streets < 1 or organizations < 1 + streets:
        raise ValueError("a district needs at least one street and every street one organization")
    rng = random.Random(seed)
    root_index = next_root_index()
    code = f"SYN{root_index}"
    specs = []
    for index in range(streets):
        place = STREET_PLACES[index % len(STREET_PLACES)] + ("" if index < len(STREET_PLACES) else str(index))
        town = index % 4 == 3
        specs.append(
            StreetSpec(
                place=place + ("镇" if town else "街道"),
                town=town,
                village_share=0.85 if town else 0.15,
                organizations=street_sizes[index] if index < len(street_sizes) else None,
            )
        )
    district_name = f"合成{chinese_ordinal(root_index)}区"
    plan = plan_district(code=code, name=district_name + "委", streets=specs, rng=rng, organizations=organizations)
    return district_build(plan=plan, members=members, seed=seed, today=today, district_place="湖南省" + district_name)
