"""Runs of the consequence job over the API: GET tells the last run and whether one is queued or running; POST, for
the district organization department like the button on the lists page, applies the rules again to every
organization (202), refused while a run is queued or running (409)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from evaluations.api.common import errors_of
from evaluations.selectors.consequence_runs import (
    consequence_run_may_request,
    consequence_run_under_way,
    consequences_last_run,
)
from evaluations.services.consequence_runs import consequences_run_request
from orgs.api.views import ApiMixin
from orgs.models import User


class ConsequenceLastRunSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=gettext_lazy("When the run ended."))
    cause = serializers.CharField(help_text=gettext_lazy("Why it ran: approval, revision, on_demand and others."))
    cause_label = serializers.CharField()
    by = serializers.CharField(help_text=gettext_lazy("Whose action ran it; empty for the system."))
    organizations = serializers.IntegerField()
    every_organization = serializers.BooleanField()
    added = serializers.IntegerField()
    updated = serializers.IntegerField()
    withdrawn = serializers.IntegerField()
    kept = serializers.IntegerField()
    cases_withdrawn = serializers.IntegerField(
        help_text=gettext_lazy("Rectification cases withdrawn with their consequences")
    )
    failed = serializers.BooleanField(
        help_text=gettext_lazy("A street of the run failed; the streets done keep their rows.")
    )
    seconds = serializers.FloatField(
        allow_null=True, help_text=gettext_lazy("The time a run over every organization took, in seconds.")
    )


class ConsequenceRunStatusSerializer(serializers.Serializer):
    running = serializers.BooleanField(
        help_text=gettext_lazy(
            "A run over every organization is queued or running: asked for here or on the lists page, after a rule "
            "set was revised, or by the command."
        )
    )
    started_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When the run queued or running was asked for.")
    )
    streets_total = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("The streets of the run under way, once it has started.")
    )
    streets_done = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("The streets of the run under way that are done.")
    )
    may_run = serializers.BooleanField(help_text=gettext_lazy("Whether you may ask for a run."))
    last_run = ConsequenceLastRunSerializer(allow_null=True)


def run_status(user: User) -> dict:
    under_way = consequence_run_under_way()
    started = under_way is not None and under_way.running
    return {
        "running": under_way is not None,
        "started_at": under_way and under_way.requested_at,
        "streets_total": under_way.streets_total if started else None,
        "streets_done": under_way.streets_done if started else None,
        "may_run": consequence_run_may_request(user),
        "last_run": consequences_last_run(),
    }


class ConsequenceRunView(ApiMixin, APIView):
    """The consequence job: its last run, and a run of the rules over every organization asked for."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ConsequenceRunStatusSerializer})
    def get(self, request: Request) -> Response:
        """The last run (when, why, what changed) and whether a run is queued or running."""
        return Response(ConsequenceRunStatusSerializer(run_status(request.user)).data)

    @extend_schema(
        request=None,
        responses={
            202: ConsequenceRunStatusSerializer,
            403: OpenApiResponse(
                description=gettext_lazy("Only the district organization department applies the rules again.")
            ),
            409: OpenApiResponse(description=gettext_lazy("A run is queued or running; try again when it is done.")),
        },
    )
    def post(self, request: Request) -> Response:
        """Apply the rules again to every organization; the outcome is the last run once the job is done."""
        try:
            consequences_run_request(by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "run")}, status.HTTP_409_CONFLICT)
        return Response(ConsequenceRunStatusSerializer(run_status(request.user)).data, status.HTTP_202_ACCEPTED)
