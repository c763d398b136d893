"""A synthetic province: province → cities → districts → streets → communities → branches, of a size given by its
shape (so many cities, districts per city …) or by a target number of organizations, written in bulk as one root.

A province tree is read as such only where the deployment's root level is the province
(``settings.ORG_TREE_ROOT_LEVEL``, see ``orgs.tree``): its streets sit four steps down, not two.
"""

import random
from dataclasses import dataclass
from datetime import date

from orgs.models import Level
from orgs.services.synthetic.build import BuiltDistrict, district_build, next_root_index
from orgs.services.synthetic.names import STREET_PLACES, PlaceNames, chinese_ordinal
from orgs.services.synthetic.plan import PlannedOrganization, StreetSpec, plan_communities


@dataclass(frozen=True)
class ProvinceShape:
    """How many of each level sit under one of the level above: every city, district and street alike."""

    cities: int
    districts_per_city: int = 8
    streets_per_district: int = 10
    communities_per_street: int = 40
    branches_per_community: int = 5

    def __post_init__(self):
        if min(self.cities, self.districts_per_city, self.streets_per_district, self.communities_per_street) < 1:
            raise ValueError("a province needs at least one city, district, street and community under each")
        if self.branches_per_community < 0:
            raise ValueError("the number of branches cannot be negative")

    @property
    def organizations_per_city(self) -> int:
        street = 1 + self.communities_per_street * (1 + self.branches_per_community)
        return 1 + self.districts_per_city * (1 + self.streets_per_district * street)

    @property
    def organizations(self) -> int:
        """Every organization of the province, the province itself included."""
        return 1 + self.cities * self.organizations_per_city

    @property
    def streets(self) -> int:
        return self.cities * self.districts_per_city * self.streets_per_district

    def with_organizations(self, organizations: int) -> "ProvinceShape":
        """The same shape below the cities, with as many cities as come closest to ``organizations`` (one at least)."""
        cities = max(1, round((organizations - 1) / self.organizations_per_city))
        return ProvinceShape(
            cities=cities,
            districts_per_city=self.districts_per_city,
            streets_per_district=self.streets_per_district,
            communities_per_street=self.communities_per_street,
            branches_per_community=self.branches_per_community,
        )


def plan_province(*, code: str, name: str, shape: ProvinceShape, rng: random.Random) -> PlannedOrganization:
    """Plan the whole province in memory, in tree order; codes extend the parent's (``P1-C01-D01-S001-C001-B01``)."""
    province = PlannedOrganization(code=code, name=name, level=Level.PROVINCE)
    places = PlaceNames(rng)
    street_number = 0
    for city_index in range(1, shape.cities + 1):
        city_name = f"合成{chinese_ordinal(city_index)}市"
        city = PlannedOrganization(code=f"{code}-C{city_index:02d}", name=city_name + "委", level=Level.CITY)
        province.children.append(city)
        for district_index in range(1, shape.districts_per_city + 1):
            district = PlannedOrganization(
                code=f"{city.code}-D{district_index:02d}",
                name=f"{city_name}第{chinese_ordinal(district_index)}区委",
                level=Level.DISTRICT,
            )
            city.children.append(district)
            for street_index in range(1, shape.streets_per_district + 1):
                street_number += 1
                place = STREET_PLACES[street_number % len(STREET_PLACES)]
                town = street_index % 4 == 0
                spec = StreetSpec(
                    place=place + ("镇" if town else "街道"),
                    town=town,
                    village_share=0.85 if town else 0.15,
                    communities=shape.communities_per_street,
                )
                street = PlannedOrganization(
                    code=f"{district.code}-S{street_index:03d}",
                    name=spec.place + ("党委" if town else "党工委"),
                    level=Level.STREET,
                )
                branches = (shape.branches_per_community, shape.branches_per_community)
                street.children = list(plan_communities(street.code, spec, None, rng, places, branches, (0, 0)))
                district.children.append(street)
    return province


def synthetic_province_build(
    *, shape: ProvinceShape, members: int, seed: int, today: date, batch_size: int = 5000
) -> BuiltDistrict:
    """Write a synthetic province as a new root, with its members, secretaries and committee terms, in bulk and
    in one transaction (``district_build`` writes any planned tree). ``built.district`` is the province."""
    rng = random.Random(seed)
    root_index = next_root_index()
    name = f"合成{chinese_ordinal(root_index)}省"
    plan = plan_province(code=f"P{root_index}", name=name + "委", shape=shape, rng=rng)
    return district_build(
        plan=plan, members=members, seed=seed, today=today, district_place=name, batch_size=batch_size
    )
