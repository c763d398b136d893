"""A district planned in memory: district → streets → communities → branches → groups, sized as asked."""

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from orgs.models import Domain, Level, OrgType
from orgs.services.synthetic.names import PlaceNames, chinese_ordinal


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
    places = PlaceNames(rng)
    for index, (spec, budget) in enumerate(zip(streets, budgets, strict=True), start=1):
        suffix = "党委" if spec.town else "党工委"
        street = PlannedOrganization(code=f"{code}-S{index:03d}", name=spec.place + suffix, level=Level.STREET)
        street.children = list(
            plan_communities(
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


def plan_communities(
    street_code: str,
    spec: StreetSpec,
    budget: int | None,
    rng: random.Random,
    places: PlaceNames,
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
