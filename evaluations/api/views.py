"""Campaigns and evaluations with their results (read), and the bulk upsert of one evaluation's scores.

Lists are scoped by the selectors; a single evaluation comes through get_evaluation_for_user, so one
outside the user's scope is 404, a stage the user may not enter 403, and every refusal is audited.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.serializers import (
    CampaignSerializer,
    EvaluationDetailSerializer,
    EvaluationScoresSerializer,
    EvaluationSerializer,
    ScoresSaveSerializer,
)
from evaluations.models import Campaign, Evaluation, Score, Stage, VetoHit
from evaluations.permissions import STAGE_CAPABILITY, get_evaluation_for_user, get_secretary_for_user
from evaluations.selectors.campaigns import campaigns_visible_to
from evaluations.selectors.evaluations import evaluations_visible_to, person_evaluations, stage_entries
from evaluations.services.scores.inputs import UNCHANGED, ScoreErrors, ScoreInput, StaleVersion
from evaluations.services.scores.sheet import evaluation_scores_save
from orgs.api.errors import ErrorsSerializer, message_texts
from orgs.api.filters import ListFilters, id_parameter, id_query_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.models import User
from orgs.permissions import Capability, check_capability_on, has_capability, refuse

STARS = {str(stars) for stars in range(6)}


def _campaign_in_scope(request: Request, name: str) -> Campaign | None:
    """The campaign a parameter names; one the user does not see is 404 and audited, as on the pages."""
    pk = id_parameter(request, name, _("Give the numeric id of a campaign in your scope."))
    if pk is None:
        return None
    campaign = campaigns_visible_to(request.user).filter(pk=pk).first()
    if campaign is None:
        refuse(
            request.user, capability=Capability.VIEW_EVALUATIONS, object_type="campaign", object_id=pk, not_found=True
        )
    return campaign


EVALUATION_FILTERS = ListFilters(
    text_fields=("organization__name", "organization__code"),
    text_help=gettext_lazy("Organization name or code contains this text."),
    capability=Capability.VIEW_EVALUATIONS,
    subtree=("street", "organization__path"),
)
EVALUATION_PARAMETERS = [
    id_query_parameter("campaign", gettext_lazy("Only the evaluations of this campaign.")),
    OpenApiParameter(
        "stars", OpenApiTypes.INT, enum=list(range(6)), description=gettext_lazy("Only results with this many stars.")
    ),
    OpenApiParameter(
        "secretary",
        OpenApiTypes.INT,
        description=gettext_lazy(
            "A secretary's tenure: every rating of that person, in every tenure (the results follow the person)."
        ),
    ),
    *EVALUATION_FILTERS.parameters(),
]


@extend_schema_view(retrieve=extend_schema(parameters=[ID_PARAMETER]))
class CampaignViewSet(ScopedReadOnlyViewSet):
    """Campaigns (评星定级活动), as on the pages: all of the district for district roles; for street staff
    and organization administrators those their organizations take part in."""

    serializer_class = CampaignSerializer
    list_filters = ListFilters(text_fields=("name",), text_help=gettext_lazy("Name contains this text."))
    queryset = Campaign.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet:
        return campaigns_visible_to(self.request.user).select_related("template", "scope").order_by("-year", "-pk")

    def get_object(self) -> Campaign:
        return self.get_scoped_object(object_type="campaign", capability=Capability.VIEW_EVALUATIONS)


def _stage_scores(evaluation: Evaluation) -> dict[str, dict]:
    """The scores, notes and vetoes of both stages in two queries."""
    stages = {stage.value: {"scores": {}, "notes": {}, "vetoes": {}} for stage in Stage}
    for score in Score.objects.filter(evaluation=evaluation).select_related("item", "personalized_item"):
        code = score.item.code if score.item_id else score.personalized_item.code
        entry = stages[score.stage]
        entry["scores"][code] = format(score.points.normalize(), "f")
        if score.note:
            entry["notes"][code] = score.note
    for hit in VetoHit.objects.filter(evaluation=evaluation).select_related("veto_item"):
        stages[hit.stage]["vetoes"][hit.veto_item.code] = hit.note
    return stages


def _score_inputs(evaluation: Evaluation, stage: str, scores: dict, notes: dict) -> dict[str, ScoreInput]:
    """What to save: points sent without their note keep the saved note, a note sent without points keeps
    the saved points, so an upsert loses nothing it did not name; blank points clear the item and its note."""
    saved = stage_entries(evaluation, Stage(stage))[0] if scores.keys() != notes.keys() else {}
    values = {}
    for code in [*scores, *(code for code in notes if code not in scores)]:
        score = saved.get(code)
        points = scores.get(code, score.points if score else None)
        has_points = points is not None and str(points).strip() != ""
        note = notes.get(code, score.note if score and has_points else "")
        values[code] = ScoreInput(points, note)
    return values


def _stages_open_to(user: User, evaluation: Evaluation) -> list[str]:
    return [
        stage.value
        for stage, capability in STAGE_CAPABILITY.items()
        if has_capability(user, capability, evaluation.organization)
    ]


def _errors(errors: dict) -> dict[str, str]:
    """A serializer's errors as one message per field, or per item code for a bad value in a map of items."""
    flat = {}
    for name, messages in errors.items():
        if isinstance(messages, dict):
            for code, values in messages.items():
                message = " ".join(message_texts(values))
                flat[code] = _("%(code)s: %(message)s") % {"code": code, "message": message}
        else:
            flat[name] = " ".join(message_texts(messages))
    return flat


@extend_schema_view(
    list=extend_schema(parameters=EVALUATION_PARAMETERS),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class EvaluationViewSet(ScopedReadOnlyViewSet):
    """Evaluations (one organization in one campaign) in the user's scope; the detail carries the result:
    stars or grade, the total and the lines that explain it."""

    serializer_class = EvaluationSerializer
    list_filters = EVALUATION_FILTERS
    queryset = Evaluation.objects.none()

    def get_queryset(self) -> QuerySet:
        return (
            evaluations_visible_to(self.request.user)
            .select_related("campaign", "organization", "result", "secretary", "member")
            .order_by("-campaign__year", "-campaign_id", "organization__path")
        )

    def get_serializer_class(self):
        return EvaluationDetailSerializer if self.action == "retrieve" else EvaluationSerializer

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        secretary = id_parameter(self.request, "secretary", _("Give the numeric id of a secretary in your scope."))
        if secretary is not None:
            tenure = get_secretary_for_user(self.request.user, secretary, Capability.VIEW_EVALUATIONS)
            queryset = person_evaluations(tenure).select_related("member")
        campaign = _campaign_in_scope(self.request, "campaign")
        if campaign is not None:
            queryset = queryset.filter(campaign=campaign)
        stars = self.request.query_params.get("stars", "").strip()
        if stars and stars not in STARS:
            raise ValidationError({"stars": _("Give a number of stars from 0 to 5.")})
        if stars:
            queryset = queryset.filter(result__stars=int(stars))
        return super().filter_queryset(queryset)

    def get_object(self) -> Evaluation:
        return get_evaluation_for_user(self.request.user, self.kwargs["pk"], Capability.VIEW_EVALUATIONS)

    def _scores_response(self, evaluation: Evaluation) -> Response:
        data = {
            "evaluation": evaluation.pk,
            "version": evaluation.lock_version,
            "declared_stars": evaluation.declared_stars,
            "may_enter": _stages_open_to(self.request.user, evaluation),
            "stages": _stage_scores(evaluation),
        }
        return Response(EvaluationScoresSerializer(data).data)

    @extend_schema(
        methods=["GET"],
        parameters=[ID_PARAMETER],
        responses={200: EvaluationScoresSerializer, 404: OpenApiResponse(description="Out of scope")},
    )
    @extend_schema(
        methods=["PUT", "POST"],
        parameters=[ID_PARAMETER],
        request=ScoresSaveSerializer,
        responses={
            200: EvaluationScoresSerializer,
            400: ErrorsSerializer,
            403: OpenApiResponse(description="You may not enter this stage"),
            404: OpenApiResponse(description="Out of scope"),
            409: ErrorsSerializer,
        },
    )
    @action(detail=True, methods=["get", "put", "post"], url_path="scores")
    def scores(self, request: Request, pk: str) -> Response:
        """The scores of both stages and the declared stars (GET); a bulk upsert of one stage's scores and vetoes,
        with the review's check methods or the self-assessment's declared stars (PUT or POST), all or nothing
        through the score-entry page's service, with a Chinese message per item on error."""
        evaluation = get_evaluation_for_user(request.user, pk, Capability.VIEW_EVALUATIONS)
        if request.method == "GET":
            return self._scores_response(evaluation)
        if not _stages_open_to(request.user, evaluation):
            # A role that enters no stage here is refused (and audited) whatever it sent.
            check_capability_on(
                request.user,
                Capability.ENTER_SELF_ASSESSMENT,
                evaluation.organization,
                object_type="evaluation",
                object_id=pk,
            )
        stage = request.data.get("stage") if isinstance(request.data, dict) else None
        if stage not in STAGE_CAPABILITY:
            allowed = ", ".join(STAGE_CAPABILITY)
            return Response({"errors": {"stage": _("Give the stage: %(allowed)s.") % {"allowed": allowed}}}, 400)
        check_capability_on(
            request.user,
            STAGE_CAPABILITY[Stage(stage)],
            evaluation.organization,
            object_type="evaluation",
            object_id=pk,
        )
        entry = ScoresSaveSerializer(data=request.data)
        if not entry.is_valid():
            return Response({"errors": _errors(entry.errors)}, status.HTTP_400_BAD_REQUEST)
        version = entry.validated_data["version"]
        values = _score_inputs(evaluation, stage, entry.validated_data["scores"], entry.validated_data["notes"])
        try:
            saved = evaluation_scores_save(
                evaluation=evaluation,
                stage=stage,
                values=values,
                vetoes=entry.validated_data["vetoes"],
                methods=entry.validated_data["methods"],
                declared_stars=entry.validated_data.get("declared_stars", UNCHANGED),
                by=request.user,
                lock_version=version,
            )
        except StaleVersion as error:
            return self._conflict(error.given, error.current)
        except ScoreErrors as error:
            return Response({"errors": error.errors_by_code}, status.HTTP_400_BAD_REQUEST)
        evaluation.lock_version, evaluation.declared_stars = saved.lock_version, saved.declared_stars
        return self._scores_response(evaluation)

    def _conflict(self, given: int, current: int) -> Response:
        message = _(
            "The scores were saved by someone else since version %(given)s; the evaluation is at version "
            "%(current)s. Read them again and send your changes with the new version."
        ) % {"given": given, "current": current}
        return Response({"errors": {"version": message}, "version": current}, status.HTTP_409_CONFLICT)
