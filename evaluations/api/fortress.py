"""The fortress index month by month over the API: the organizations' monthly stars in a year and their trend.

``GET /api/v1/fortress-trends/?campaign=<id>``: the same rows as the district's trend page, for the same roles
(the district organization department and the committee), paged like the API's lists; the street filter takes a
street's id (a bad id is 400, by name).
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from evaluations.models import Campaign
from evaluations.permissions import get_campaign_for_ranking
from evaluations.selectors.fortress import TrendRow, fortress_trend
from orgs.api.filters import id_parameter, id_query_parameter
from orgs.api.views import ApiMixin


class MonthStarsSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    stars = serializers.IntegerField(allow_null=True)
    approved = serializers.BooleanField(help_text=gettext_lazy("False: computed stars of a month not approved yet."))


class TrendRowSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    code = serializers.CharField()
    name = serializers.CharField()
    street = serializers.CharField()
    months = serializers.SerializerMethodField()
    trend = serializers.CharField(source="trend.bars", help_text=gettext_lazy("One bar per month; a dot: no rating."))
    change = serializers.IntegerField(
        source="trend.change",
        allow_null=True,
        help_text=gettext_lazy("Stars of the last rated month minus the first; null with fewer than two."),
    )

    @extend_schema_field(MonthStarsSerializer(many=True))
    def get_months(self, row: TrendRow) -> list[dict]:
        return [
            {"month": month, "stars": cell.stars, "approved": cell.approved}
            for month, cell in enumerate(row.months, start=1)
        ]


class FortressTrendSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    year = serializers.IntegerField()
    months_open = serializers.ListField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Months of the year with a monthly campaign.")
    )
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TrendRowSerializer(many=True)


class FortressTrendViewSet(ApiMixin, GenericViewSet):
    """A year of the fortress index: the ``campaign`` parameter names any campaign of that year's monthly series."""

    permission_classes = [IsAuthenticated]
    serializer_class = FortressTrendSerializer
    queryset = Campaign.objects.none()

    @extend_schema(
        parameters=[
            id_query_parameter("campaign", gettext_lazy("Any monthly campaign of the year (required).")),
            id_query_parameter("street", gettext_lazy("Only the organizations of this street.")),
            OpenApiParameter("page", int, description=gettext_lazy("Page number, from 1.")),
        ],
        responses=FortressTrendSerializer,
    )
    def list(self, request: Request, *args, **kwargs) -> Response:
        street = id_parameter(request, "street", gettext_lazy("Give the numeric id of a street."))
        campaign_id = id_parameter(request, "campaign", gettext_lazy("Give the numeric id of a monthly campaign."))
        if campaign_id is None:
            raise ValidationError({"campaign": gettext_lazy("Give the numeric id of a monthly campaign.")})
        campaign = get_campaign_for_ranking(request.user, campaign_id)
        trend = fortress_trend(request.user, campaign, street=street)
        rows = self.paginate_queryset(trend.rows)
        paged = self.get_paginated_response(TrendRowSerializer(rows, many=True).data).data
        return Response({"campaign": campaign.pk, "year": trend.year, "months_open": trend.months_open, **paged})
