"""The recommended list's batches over the API: read with their checks over the whole campaign and the campaign's
progress, the next batch built, a batch submitted, sent back to draft, approved.

Scoped like the pages and acting through the same services: out of scope 404, in scope without the
capability 403, a refusal of the service 400 with its message, a stale version 409; every refusal is audited.
"""

from dataclasses import asdict

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import STATUS_HELP, errors_of, held_anywhere, invalid
from evaluations.models import RecommendedEntry, RecommendedList
from evaluations.permissions import RANKING_CAPABILITIES, get_campaign_for_user, get_recommended_list_for_user
from evaluations.selectors.approval import approval_progress, recommended_list_checks
from evaluations.selectors.campaigns import campaigns_visible_to
from evaluations.services.approval import (
    recommended_list_approve,
    recommended_list_build,
    recommended_list_submit,
    recommended_list_withdraw,
)
from evaluations.services.recommendation import RecommendationRefused, StaleRecommendation
from orgs.api.filters import ListFilters, id_parameter, id_query_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability


class RecommendedEntrySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="evaluation.organization.name", read_only=True)
    organization_code = serializers.CharField(source="evaluation.organization.code", read_only=True)

    class Meta:
        model = RecommendedEntry
        fields = ["rank", "evaluation", "organization", "organization_code", "total", "computed_stars", "stars", "note"]


class StreetCheckSerializer(serializers.Serializer):
    street_id = serializers.IntegerField()
    street = serializers.CharField()
    organizations = serializers.IntegerField()
    five_star = serializers.IntegerField()
    penalty = serializers.CharField(help_text=gettext_lazy("Points of the five-star share the street loses."))
    allowed = serializers.IntegerField(help_text=gettext_lazy("Five-star organizations the street may have."))
    ok = serializers.BooleanField()


class ListChecksSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    batch = serializers.IntegerField(help_text=gettext_lazy("Organizations on this batch."))
    approved = serializers.IntegerField(
        help_text=gettext_lazy("Organizations of the campaign approved outside this batch, counted with it.")
    )
    organizations = serializers.IntegerField(help_text=gettext_lazy("This batch and the approved ones together."))
    five_star = serializers.IntegerField()
    share = serializers.CharField(help_text=gettext_lazy("Share of five-star organizations, in per cent."))
    cap = serializers.CharField(help_text=gettext_lazy("Share of five stars allowed, in per cent."))
    district_ok = serializers.BooleanField()
    streets = StreetCheckSerializer(many=True)
    failures = serializers.ListField(child=serializers.CharField())


class ApprovalProgressSerializer(serializers.Serializer):
    evaluations = serializers.IntegerField(help_text=gettext_lazy("Evaluations of the campaign."))
    at_approval = serializers.IntegerField(help_text=gettext_lazy("In progress at the final approval stage."))
    ready = serializers.IntegerField(help_text=gettext_lazy("At the final approval stage and on no batch yet."))
    approved = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    complete = serializers.BooleanField(help_text=gettext_lazy("Every evaluation is approved or withdrawn."))


class RecommendedListSerializer(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    version = serializers.IntegerField(source="lock_version", read_only=True)
    approved_by = serializers.CharField(source="approved_by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = RecommendedList
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "number",
            "status",
            "status_label",
            "five_star_cap",
            "version",
            "built_at",
            "submitted_at",
            "approved_at",
            "approved_by",
        ]


class RecommendedListDetailSerializer(RecommendedListSerializer):
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    checks = ListChecksSerializer(source="checks_now", read_only=True)
    progress = ApprovalProgressSerializer(source="progress_now", read_only=True)
    entries = RecommendedEntrySerializer(source="entry_rows", many=True, read_only=True)

    class Meta(RecommendedListSerializer.Meta):
        fields = [*RecommendedListSerializer.Meta.fields, "checks", "progress", "entries"]


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class BuildSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, help_text=gettext_lazy("The campaign whose next batch is built."))
    version = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The open draft batch's version, to build it again; leave out for a new batch."),
    )


class WithdrawSerializer(VersionSerializer):
    reason = serializers.CharField(
        max_length=300, allow_blank=True, help_text=gettext_lazy("Why the list goes back to draft (required).")
    )


LIST_ACTION_RESPONSES = {
    200: RecommendedListSerializer,
    400: OpenApiResponse(description=gettext_lazy("The action is not allowed now; the message says why.")),
    403: OpenApiResponse(description=gettext_lazy("Your role does not take this action.")),
    404: OpenApiResponse(description=gettext_lazy("No such recommended list in your scope.")),
    409: OpenApiResponse(description=gettext_lazy("The recommended list changed since the version you sent.")),
}


@extend_schema_view(
    list=extend_schema(parameters=[id_query_parameter("campaign", gettext_lazy("Only this campaign's list."))]),
    retrieve=extend_schema(parameters=[ID_PARAMETER], responses=RecommendedListDetailSerializer),
)
class RecommendedListViewSet(ScopedReadOnlyViewSet):
    """The recommended lists of the campaigns in scope, for the district organization department that builds
    them and the committee that approves them; the detail carries the entries and the checks as they stand."""

    serializer_class = RecommendedListSerializer
    list_filters = ListFilters(
        text_fields=("campaign__name",), text_help=gettext_lazy("Campaign name contains this text.")
    )
    queryset = RecommendedList.objects.none()

    def get_queryset(self) -> QuerySet:
        lists = RecommendedList.objects.filter(campaign__in=campaigns_visible_to(self.request.user))
        condition = held_anywhere(self.request.user, RANKING_CAPABILITIES, "campaign__scope__path")
        if condition is not None:
            lists = lists.filter(condition)
        return lists.select_related("campaign__scope", "approved_by").order_by(
            "-campaign__year", "-campaign_id", "-number"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        campaign = id_parameter(self.request, "campaign")
        if campaign is not None:
            queryset = queryset.filter(campaign_id=campaign)
        return super().filter_queryset(queryset)

    def get_object(self) -> RecommendedList:
        return get_recommended_list_for_user(self.request.user, self.kwargs["pk"], RANKING_CAPABILITIES)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        recommended_list = self.get_object()
        recommended_list.checks_now = recommended_list_checks(recommended_list).as_json()
        progress = approval_progress(recommended_list.campaign)
        recommended_list.progress_now = {**asdict(progress), "complete": progress.complete}
        recommended_list.entry_rows = list(
            recommended_list.entries.select_related("evaluation__organization").order_by("rank")
        )
        return Response(RecommendedListDetailSerializer(recommended_list).data)

    def _act(self, request: Request, capabilities: tuple[Capability, ...], service, form=VersionSerializer) -> Response:
        recommended_list = get_recommended_list_for_user(request.user, self.kwargs["pk"], capabilities)
        entry = form(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        values = dict(entry.validated_data)
        return self._respond(
            lambda: service(
                recommended_list=recommended_list, by=request.user, lock_version=values.pop("version"), **values
            )
        )

    def _respond(self, act) -> Response:
        """The batch the service acted on, or its refusal: stale 409, refused 400."""
        try:
            acted = act()
        except StaleRecommendation as stale:
            return Response({"errors": {"version": stale.messages[0]}}, status.HTTP_409_CONFLICT)
        except RecommendationRefused as refusal:
            return Response({"errors": errors_of(refusal, "status")}, status.HTTP_400_BAD_REQUEST)
        return Response(RecommendedListSerializer(acted).data)

    @extend_schema(request=BuildSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=False, methods=["post"])
    def build(self, request: Request) -> Response:
        """The district organization department builds the campaign's next batch from the evaluations at the final
        approval stage on no batch yet (or the open draft batch again, with its version)."""
        entry = BuildSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        campaign = get_campaign_for_user(
            request.user, entry.validated_data["campaign"], Capability.BUILD_RECOMMENDATION
        )
        return self._respond(
            lambda: recommended_list_build(
                campaign=campaign, by=request.user, lock_version=entry.validated_data.get("version")
            )
        )

    @extend_schema(parameters=[ID_PARAMETER], request=VersionSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """The district organization department sends the list to the committee; refused while a check fails."""
        return self._act(request, (Capability.BUILD_RECOMMENDATION,), recommended_list_submit)

    @extend_schema(parameters=[ID_PARAMETER], request=VersionSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """The district committee approves the submitted list in one action: the results are published, final."""
        return self._act(request, (Capability.APPROVE_RESULTS,), recommended_list_approve)

    @extend_schema(parameters=[ID_PARAMETER], request=WithdrawSerializer, responses=LIST_ACTION_RESPONSES)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """A submitted list back to draft, with the reason: withdrawn by the department or returned by the committee."""
        return self._act(request, RANKING_CAPABILITIES, recommended_list_withdraw, WithdrawSerializer)
