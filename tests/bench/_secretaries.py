"""What the secretary benches share: a district of two streets, a small one and a large one, and its secretaries,
so that each bench computes for the small street and the whole district and compares their query counts."""

import time
from collections.abc import Callable
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import Level, Organization, Secretary
from orgs.services.synthetic.build import synthetic_district_build


def two_streets(year: int) -> tuple[Organization, Organization, Organization]:
    """The district, its small street and its large street (1,200 organizations, no members)."""
    built = synthetic_district_build(organizations=1_200, members=0, streets=2, seed=12, today=date(year, 6, 1))
    small_street, large_street = Organization.objects.filter(
        path__startswith=built.district.path, level=Level.STREET
    ).order_by("path")
    return built.district, small_street, large_street


def secretaries_add(street: Organization, count: int, offset: int, *, one_shoulder_every: int = 0) -> list[Secretary]:
    """``count`` secretaries spread over the street's communities, in office since 2021; every
    ``one_shoulder_every``-th of them a one-shoulder village secretary."""
    communities = list(Organization.objects.filter(path__startswith=street.path, level=Level.COMMUNITY))
    return Secretary.objects.bulk_create(
        Secretary(
            organization=communities[index % len(communities)],
            name=f"书记{offset + index}",
            id_card_encrypted="-",
            id_card_hash=f"bench-{offset + index:06d}",
            id_card_masked="-",
            started_on=date(2021, 1, 1),
            one_shoulder=bool(one_shoulder_every) and index % one_shoulder_every == 0,
        )
        for index in range(count)
    )


def timed_with_queries(action: Callable[[], object]) -> tuple[float, object, int]:
    """The seconds ``action`` took (3 places), what it returned and how many queries it made."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        outcome = action()
        elapsed = time.perf_counter() - started
    return round(elapsed, 3), outcome, len(queries.captured_queries)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
