"""API of the democratic vote (民主测评): the branches' votes in the user's scope with their quorum and results per
member, the member's sheet (read and submit), the paper results and the close, through the pages' services.

Scoped like the pages: out of scope 404, in scope without the capability 403 (both audited), a refusal of the
service 400 with its Chinese message. A member's submitted sheet answers nothing that could tie it to them.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from evaluations.api.common import errors_of, invalid
from evaluations.models import DemocraticVote
from evaluations.permissions import get_democratic_vote_for_member, get_democratic_vote_for_user
from evaluations.selectors import democratic_votes as selectors
from evaluations.services.democratic_votes.sheets import democratic_sheet_submit
from evaluations.services.democratic_votes.votes import democratic_paper_results_enter, democratic_vote_close
from orgs.api.views import ID_PARAMETER, ApiMixin, ListNeedsCapability
from orgs.permissions import Capability


class DemocraticVoteSerializer(serializers.ModelSerializer):
    branch_name = serializers.CharField(source="branch.name", read_only=True)
    # A plain string: an enum named "status" would collide in the schema with the other status enums.
    status = serializers.CharField(read_only=True, help_text="open | closed")

    class Meta:
        model = DemocraticVote
        fields = ["id", "campaign", "branch", "branch_name", "status", "quorum", "eligible_voters", "opened_at"]


class DemocraticOptionSerializer(serializers.Serializer):
    option = serializers.CharField()
    label = serializers.CharField()


class DemocraticOptionCountSerializer(DemocraticOptionSerializer):
    count = serializers.IntegerField()
    paper = serializers.IntegerField(help_text=gettext_lazy("Of which counted on paper at a branch meeting."))
    share = serializers.DecimalField(max_digits=5, decimal_places=4)


class DemocraticMemberResultSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    member = serializers.CharField(help_text=gettext_lazy("The member's name."))
    ballots = serializers.IntegerField(help_text=gettext_lazy("Choices made about this member."))
    counts = DemocraticOptionCountSerializer(many=True)


class DemocraticProgressSerializer(serializers.Serializer):
    voted = serializers.IntegerField(help_text=gettext_lazy("Members who voted, online or on paper (已投)."))
    online = serializers.IntegerField()
    paper = serializers.IntegerField()
    eligible = serializers.IntegerField(help_text=gettext_lazy("Members entitled to vote (应投)."))
    required = serializers.IntegerField(help_text=gettext_lazy("The quorum (法定人数)."))
    quorum_met = serializers.BooleanField()


def _options(vote: DemocraticVote) -> list[dict]:
    return [{"option": code, "label": label} for code, label in selectors.vote_settings(vote).options]


class DemocraticVoteDetailSerializer(DemocraticVoteSerializer):
    progress = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta(DemocraticVoteSerializer.Meta):
        fields = [*DemocraticVoteSerializer.Meta.fields, "progress", "options", "results"]

    @extend_schema_field(DemocraticProgressSerializer)
    def get_progress(self, vote: DemocraticVote) -> dict:
        return DemocraticProgressSerializer(selectors.vote_progress(vote)).data

    @extend_schema_field(DemocraticOptionSerializer(many=True))
    def get_options(self, vote: DemocraticVote) -> list[dict]:
        return _options(vote)

    @extend_schema_field(DemocraticMemberResultSerializer(many=True))
    def get_results(self, vote: DemocraticVote) -> list[dict]:
        rated = list(selectors.rated_evaluations(vote))
        tallies = selectors.vote_tallies([evaluation.pk for evaluation in rated])
        rows = []
        for evaluation in rated:
            tally = tallies[evaluation.pk]
            counts = [
                {
                    "option": code,
                    "label": label,
                    "count": tally.counts[code],
                    "paper": tally.paper_counts[code],
                    "share": tally.shares[code],
                }
                for code, label in tally.options
            ]
            member = {"evaluation": evaluation.pk, "member": evaluation.member.name, "ballots": tally.ballots_counted}
            rows.append({**member, "counts": counts})
        return DemocraticMemberResultSerializer(rows, many=True).data


class DemocraticRatedMemberSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField()
    member = serializers.CharField()


class DemocraticSheetSerializer(serializers.Serializer):
    vote = serializers.IntegerField()
    is_open = serializers.BooleanField()
    already_voted = serializers.BooleanField()
    options = DemocraticOptionSerializer(many=True)
    members = DemocraticRatedMemberSerializer(
        many=True, help_text=gettext_lazy("The other members of the branch to rate.")
    )


class DemocraticChoiceSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField(min_value=1)
    option = serializers.CharField(max_length=32)


class DemocraticSheetSubmitSerializer(serializers.Serializer):
    choices = DemocraticChoiceSerializer(many=True, help_text=gettext_lazy("One choice for every member on the sheet."))


class DemocraticPaperCountSerializer(DemocraticChoiceSerializer):
    count = serializers.IntegerField(min_value=0)


class DemocraticPaperResultsSerializer(serializers.Serializer):
    paper_voters = serializers.IntegerField(min_value=0)
    counts = DemocraticPaperCountSerializer(many=True, help_text=gettext_lazy("The paper votes per member and option."))


REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; the message says why and nothing changed.")),
    403: OpenApiResponse(description=gettext_lazy("Your role does not take this action.")),
    404: OpenApiResponse(description=gettext_lazy("No such democratic vote in your scope.")),
}


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PARAMETER]))
class DemocraticVoteViewSet(ApiMixin, ReadOnlyModelViewSet):
    """Democratic votes of the branches in the user's scope; a vote's detail carries 已投 / 应投 / 法定人数 and the
    counts per member and option (online and paper), never a voter. GET/POST …/sheet/ is the member's sheet."""

    permission_classes = [IsAuthenticated, ListNeedsCapability]
    required_capability = Capability.VIEW_EVALUATIONS
    lookup_value_regex = r"\d+"
    queryset = DemocraticVote.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        return selectors.democratic_votes_visible_to(self.request.user)

    def get_serializer_class(self):
        return DemocraticVoteDetailSerializer if self.action == "retrieve" else DemocraticVoteSerializer

    def get_object(self) -> DemocraticVote:
        return get_democratic_vote_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_EVALUATIONS)

    def _sheet(self, vote: DemocraticVote) -> Response:
        member = self.request.user.member
        members = [{"evaluation": e.pk, "member": e.member.name} for e in selectors.sheet_of(vote, member)]
        sheet = {
            "vote": vote.pk,
            "is_open": vote.is_open,
            "already_voted": selectors.member_has_voted(vote, member),
            "options": _options(vote),
            "members": members,
        }
        return Response(DemocraticSheetSerializer(sheet).data)

    @extend_schema(
        methods=["GET"], parameters=[ID_PARAMETER], responses={200: DemocraticSheetSerializer, **REFUSALS}, request=None
    )
    @extend_schema(
        methods=["POST"],
        parameters=[ID_PARAMETER],
        request=DemocraticSheetSubmitSerializer,
        responses={200: DemocraticSheetSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["get", "post"])
    def sheet(self, request: Request, pk: str) -> Response:
        """The member's sheet: the other members of the branch and the options; POST submits it, once."""
        vote = get_democratic_vote_for_member(request.user, pk)
        if request.method == "GET":
            return self._sheet(vote)
        entry = DemocraticSheetSubmitSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        choices = {choice["evaluation"]: choice["option"] for choice in entry.validated_data["choices"]}
        try:
            democratic_sheet_submit(vote=vote, member=request.user.member, choices=choices)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "choices")}, status.HTTP_400_BAD_REQUEST)
        return self._sheet(vote)

    @extend_schema(parameters=[ID_PARAMETER], request=None, responses={200: DemocraticVoteDetailSerializer, **REFUSALS})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """The branch secretary closes the vote; refused below the quorum."""
        vote = get_democratic_vote_for_user(request.user, pk, Capability.RUN_DEMOCRATIC_VOTE)
        try:
            democratic_vote_close(vote=vote, by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "vote")}, status.HTTP_400_BAD_REQUEST)
        return Response(DemocraticVoteDetailSerializer(vote).data)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=DemocraticPaperResultsSerializer,
        responses={200: DemocraticVoteDetailSerializer, **REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def paper(self, request: Request, pk: str) -> Response:
        """The branch secretary records the paper results of a branch meeting, replacing those entered before."""
        vote = get_democratic_vote_for_user(request.user, pk, Capability.RUN_DEMOCRATIC_VOTE)
        entry = DemocraticPaperResultsSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        counts: dict[int, dict[str, int]] = {}
        for row in entry.validated_data["counts"]:
            per_option = counts.setdefault(row["evaluation"], {})
            per_option[row["option"]] = per_option.get(row["option"], 0) + row["count"]
        try:
            democratic_paper_results_enter(
                vote=vote, paper_voters=entry.validated_data["paper_voters"], counts=counts, by=request.user
            )
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "counts")}, status.HTTP_400_BAD_REQUEST)
        return Response(DemocraticVoteDetailSerializer(vote).data)
