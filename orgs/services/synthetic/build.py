"""Planned districts written as new roots of the tree, in bulk and in one transaction, and read back."""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from orgs.models import CommitteeTerm, Level, Organization, Secretary
from orgs.services.synthetic.names import STREET_PLACES, chinese_ordinal
from orgs.services.synthetic.people import (
    PROVINCE_CODE,
    DrawContext,
    committee_terms,
    create_members,
    draw_secretaries,
)
from orgs.services.synthetic.plan import PlannedOrganization, StreetSpec, plan_district
from orgs.tree import child_path, depth_of, last_step_index, path_step

BATCH_SIZE = 5000


@dataclass(frozen=True)
class BuiltDistrict:
    """What a build wrote, with the district read back from the database."""

    district: Organization
    organizations: int
    members: int
    secretaries: int
    committee_terms: int


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
    context = DrawContext(
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
        candidates = create_members(context, organizations, members, batch_size)
        terms: list[CommitteeTerm] = []
        secretaries: list[Secretary] = []
        for organization in organizations:
            if organization.level not in (Level.COMMUNITY, Level.BRANCH):
                continue
            terms.extend(committee_terms(organization, today))
            if organization.pk in candidates:
                secretaries.extend(draw_secretaries(context, organization, candidates[organization.pk]))
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
