"""The people of a built tree: members with valid, distinct ID cards, their secretaries and committee terms."""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

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
    Secretary,
)
from orgs.personal_data import id_card_check_digit, protect_id_card, protect_phone
from orgs.services.synthetic.names import FLOATING_PLACES, chinese_name
from orgs.tree import STEPLEN

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


@dataclass
class DrawContext:
    """What the draws of one district share: its random source, day, ID-card region and place, what was drawn."""

    rng: random.Random
    today: date
    region_prefix: str
    district_place: str
    drawn_id_cards: set[str] = field(default_factory=set)
    drawn_phones: set[str] = field(default_factory=set)


def _draw_id_card(context: DrawContext, birth_date: date, gender: str) -> str:
    """A valid, not yet drawn ID-card number: region, birth date, serial with the gender's parity, check digit."""
    rng = context.rng
    while True:
        county = rng.randint(1, COUNTIES_PER_DISTRICT)
        serial = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if gender == Gender.MALE else (0, 2, 4, 6, 8))
        first = f"{context.region_prefix}{county:02d}{birth_date:%Y%m%d}{serial:03d}"
        if first not in context.drawn_id_cards:
            context.drawn_id_cards.add(first)
            return first + id_card_check_digit(first)


def _draw_phone(context: DrawContext) -> str:
    while True:
        phone = context.rng.choice(("139", "138", "137", "150", "158", "186", "177", "191")) + (
            f"{context.rng.randrange(100_000_000):08d}"
        )
        if phone not in context.drawn_phones:
            context.drawn_phones.add(phone)
            return phone


def _new_member(context: DrawContext, branch: Organization, community_id: int) -> Member:
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


def create_members(
    context: DrawContext, organizations: list[Organization], count: int, batch_size: int
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
        community = community_of[branch.path[:-STEPLEN]]  # a branch sits directly under its community
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


def committee_terms(organization: Organization, today: date) -> list[CommitteeTerm]:
    """The current and the previous term: 5 years for community committees (the 2021 round), 3 for branches."""
    length = 5 if organization.level == Level.COMMUNITY else 3
    current_start = 2021 + ((today.year - 2021) // length) * length
    return [
        CommitteeTerm(organization_id=organization.pk, start_year=start, end_year=start + length - 1)
        for start in (current_start - length, current_start)
    ]


def draw_secretaries(context: DrawContext, organization: Organization, candidates: list[Member]) -> list[Secretary]:
    """The current secretary of an organization from its first candidate, and sometimes a previous one."""
    rng, today = context.rng, context.today
    current_start_year = committee_terms(organization, today)[-1].start_year
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
