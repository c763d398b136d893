"""The rewards ledger over the API (seed 001): every figure of the secretaries' ledgers in scope, with its
computation, read-only. Scoped like the pages: those who run, review or approve the rating, and a secretary's own
organization; out of scope 404, audited."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from evaluations.api.common import held_anywhere
from evaluations.models import RewardEntry
from evaluations.secretary_permissions import LEDGER_VIEW_CAPABILITIES
from orgs.api.filters import ListFilters, id_parameter, id_query_parameter, organization_in_scope
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability


class RewardEntrySerializer(serializers.ModelSerializer):
    secretary_name = serializers.CharField(source="secretary.name", read_only=True)
    organization = serializers.CharField(source="secretary.organization.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = RewardEntry
        fields = [
            "id",
            "secretary",
            "secretary_name",
            "organization",
            "year",
            "kind",
            "kind_label",
            "amount",
            "computation",
            "effective_from",
            "entry_type",
            "reason",
            "recorded_at",
        ]


REWARD_PARAMETERS = [
    id_query_parameter("secretary", gettext_lazy("Only this secretary's (tenure's) ledger.")),
    id_query_parameter("organization", gettext_lazy("Only the secretaries of this organization's subtree.")),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 2000, "maximum": 2100},
        description=gettext_lazy("Only this year's entries."),
    ),
]


def year_parameter(request, name: str = "year") -> int | None:
    if name not in request.query_params:
        return None
    value = request.query_params[name].strip()
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise ValidationError({name: gettext_lazy("Give a year from 2000 to 2100, e.g. 2026.")})
    return int(value)


@extend_schema_view(
    list=extend_schema(parameters=REWARD_PARAMETERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER], responses={200: RewardEntrySerializer}),
)
class RewardEntryViewSet(ScopedReadOnlyViewSet):
    """The rewards ledgers' entries in scope, by secretary, year and the order they were recorded. The ledger only
    grows: a change of stars shows as an adjusting entry with its reason."""

    serializer_class = RewardEntrySerializer
    list_filters = ListFilters(
        text_fields=("secretary__name",), text_help=gettext_lazy("Secretary's name contains this text.")
    )
    queryset = RewardEntry.objects.none()

    def get_queryset(self) -> QuerySet:
        condition = held_anywhere(self.request.user, LEDGER_VIEW_CAPABILITIES, "secretary__organization__path")
        entries = RewardEntry.objects.all() if condition is None else RewardEntry.objects.filter(condition)
        return entries.select_related("secretary__organization").order_by("secretary_id", "-year", "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        secretary = id_parameter(self.request, "secretary")
        if secretary is not None:
            queryset = queryset.filter(secretary_id=secretary)
        organization = organization_in_scope(self.request, "organization", Capability.VIEW_EVALUATIONS)
        if organization is not None:
            queryset = queryset.filter(secretary__organization__path__startswith=organization.path)
        year = year_parameter(self.request)
        if year is not None:
            queryset = queryset.filter(year=year)
        return super().filter_queryset(queryset)

    def get_object(self) -> RewardEntry:
        return self.get_scoped_object(object_type="reward_entry", capability=Capability.VIEW_EVALUATIONS)
