"""Set-up for the award nomination tests: approved Yucheng results of the test district turned into consequences by
the real job, and a nomination made through the service."""

from datetime import date

from evaluations.models import AwardKind, AwardNomination
from evaluations.services.consequences import consequences_apply
from evaluations.services.nominations import award_nominate
from orgs.models import Secretary
from tests.factories import SecretaryFactory, make_id_card
from tests.support.consequences import approved, rule_sets_loaded, term, yearly_campaign

ZHAO_ID_CARD = make_id_card(301)


def ratings(district, stars: dict) -> dict:
    """The Yucheng rule set loaded; each (organization, year) of ``stars`` approved with its stars, in the 2021–2025
    term, 赵书记 the community's secretary and 孙书记 the sibling's; the consequence job run over them."""
    rule_sets_loaded("yucheng_3plus2")
    district.zhao = SecretaryFactory(
        organization=district.community, name="赵书记", started_on=date(2020, 1, 1), id_card=ZHAO_ID_CARD
    )
    district.sun = SecretaryFactory(organization=district.sibling_community, name="孙书记", started_on=date(2020, 1, 1))
    for organization in (district.community, district.sibling_community, district.other_community):
        term(organization, 2021, 2025)
    years = sorted({year for _organization, year in stars})
    campaigns = {year: yearly_campaign(district.district, year) for year in years}
    evaluations = {
        (organization.code, year): approved(campaigns[year], organization, count)
        for (organization, year), count in stars.items()
    }
    consequences_apply(organization_ids=[organization.pk for organization, _year in stars])
    district.campaigns, district.evaluations = campaigns, evaluations
    return evaluations


def moved(district, *, to, on: date) -> Secretary:
    """赵书记 leaves the community and leads another organization from ``on``: the same person, a new tenure."""
    Secretary.objects.filter(pk=district.zhao.pk).update(ended_on=date(on.year - 1, 12, 31))
    return SecretaryFactory(organization=to, name="赵书记", started_on=on, id_card=ZHAO_ID_CARD)


def nominated(district, organization=None, *, year: int = 2024, award=AwardKind.ADVANCED_ORGANIZATION, **person):
    """A nomination by the street's staff, through the service."""
    return award_nominate(
        year=year,
        award=award,
        organization=organization,
        reason="服务群众成效显著",
        by=district.users["street_staff"],
        **person,
    )


def nomination_of(organization) -> AwardNomination:
    return AwardNomination.objects.get(organization=organization)
