"""A province's computation is cut per street (four steps down), plus one chunk for each organization above the
streets; the chunks read every evaluation exactly once. A district's chunks are what they were."""

from collections import Counter

from evaluations.models import Evaluation
from evaluations.services.compute.chunks import campaign_chunks
from evaluations.services.compute.reads import read_chunk
from orgs.models import Level, Organization
from tests.support.approval import campaign_awaiting_approval


def test_a_province_campaign_has_one_chunk_per_street_and_per_organization_above_them(province):
    chunks = campaign_chunks(province.campaign)
    streets = Organization.objects.filter(level=Level.STREET).order_by("path").values_list("path", flat=True)
    above = Organization.objects.filter(level__in=(Level.PROVINCE, Level.CITY, Level.DISTRICT))
    assert chunks == sorted([*streets, *above.values_list("path", flat=True)])
    assert len(chunks) == 8 + 7


def test_the_chunks_read_every_evaluation_once_and_a_street_s_chunk_its_subtree(province):
    read = Counter()
    for chunk in campaign_chunks(province.campaign):
        evaluations = read_chunk(province.campaign, chunk).evaluations
        read.update(row[0] for row in evaluations)
        if len(chunk) == 16:
            organizations = Organization.objects.filter(path__startswith=chunk).values_list("pk", flat=True)
            assert sorted(row[1] for row in evaluations) == sorted(organizations)
            assert len(evaluations) == 7
        else:
            assert len(evaluations) == 1
    assert read == Counter(Evaluation.objects.filter(campaign=province.campaign).values_list("pk", flat=True))


def test_a_district_s_chunks_are_its_streets_and_the_district_itself(district):
    campaign = campaign_awaiting_approval(district)
    evaluated = Organization.objects.filter(evaluations__campaign=campaign).distinct()
    expected = set()
    for organization in evaluated:
        if organization.level == Level.DISTRICT:
            expected.add(organization.path)
        else:
            step = Organization.steplen
            prefixes = [organization.path[:end] for end in range(step, len(organization.path) + 1, step)]
            expected.add(Organization.objects.get(path__in=prefixes, level=Level.STREET).path)
    assert campaign_chunks(campaign) == sorted(expected)
    assert all(
        len(chunk) == 2 * Organization.steplen for chunk in campaign_chunks(campaign) if chunk != district.district.path
    )
