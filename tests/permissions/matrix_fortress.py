"""The fortress index month by month: the district's trend, its export and API (the district organization
department and the committee), and opening next month (the district administrator)."""

from evaluations.models import PeriodKind
from evaluations.services.campaigns import campaign_create, campaign_open
from tests.permissions.expectations import API_ANONYMOUS, Case, district_admin_on_campaign, pk_of, ranking_roles


def monthly_campaign(district):
    """This month's campaign over the district's communities (both streets take part)."""
    campaign = getattr(district, "monthly_campaign", None)
    if campaign is None:
        admin = district.users["district_admin"]
        campaign = campaign_create(
            name="2026年1月堡垒指数",
            template=district.campaign.template,
            scope=district.district,
            year=2026,
            period_kind=PeriodKind.MONTH,
            period_number=1,
            levels=["community"],
            by=admin,
        )
        district.monthly_campaign = campaign_open(campaign=campaign, by=admin)
    return district.monthly_campaign


CASES = {
    "evaluations:fortress_trend": [Case(kwargs=pk_of(monthly_campaign), expected=ranking_roles())],
    "evaluations:fortress_trend_export": [Case(kwargs=pk_of(monthly_campaign), expected=ranking_roles())],
    "evaluations:fortress_next_month": [
        Case(method="post", kwargs=pk_of(monthly_campaign), expected=district_admin_on_campaign(ok=302))
    ],
    "api-fortress-trend-list": [
        Case(
            query=lambda district: f"?campaign={monthly_campaign(district).pk}",
            expected=ranking_roles(anonymous=API_ANONYMOUS),
        )
    ],
}
