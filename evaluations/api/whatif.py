"""Policy what-ifs over the API, for the district organization department like the pages: POST a draft (only the
numbers that change, or a whole template as YAML) to run it on a campaign, read the outcome, adopt it as the
template's next version. Out of scope 404, without the capability 403, a refused draft 400 naming the field."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import errors_of
from evaluations.forms.whatif import WhatIfDraftForm
from evaluations.models import ComputationStatus, PolicyWhatIf
from evaluations.permissions import get_what_if_for_user
from evaluations.selectors.whatif import campaigns_for_what_if, template_may_try, what_ifs_visible_to
from evaluations.services.whatif import policy_what_if_adopt, policy_what_if_request, what_if_next_version
from orgs.api.filters import ListFilters
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability, require_capability
from scoring.drafts import SettingKind
from scoring.models import IndicatorTemplate


class WhatIfSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ComputationStatus.choices, read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)
    adopted_version = serializers.IntegerField(
        source="adopted_template.version", read_only=True, allow_null=True, default=None
    )
    comparison = serializers.JSONField(read_only=True)
    changed = serializers.JSONField(read_only=True)
    edits = serializers.JSONField(read_only=True)

    class Meta:
        model = PolicyWhatIf
        fields = [
            "id",
            "template",
            "template_version",
            "campaign",
            "edits",
            "status",
            "streets_total",
            "streets_done",
            "evaluations_count",
            "comparison",
            "changed",
            "requested_at",
            "finished_at",
            "adopted_version",
            "adopted_at",
        ]


class WhatIfDraftSerializer(serializers.Serializer):
    template = serializers.IntegerField(min_value=1)
    campaign = serializers.IntegerField(min_value=1)
    settings = serializers.DictField(
        child=serializers.CharField(max_length=20),
        required=False,
        default=dict,
        help_text=gettext_lazy(
            "The numbers that change, by key: threshold, star_band_<stars>, veto_cap, indicator_weight, "
            "grade_band_<n>, gate_share, rater_group_<n>, veto_<n> (true or false); shares and weights in percent."
        ),
    )
    source_yaml = serializers.CharField(required=False, allow_blank=True, default="")


class WhatIfAdoptSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("The version number the draft becomes, as confirmed.")
    )


REFUSALS = {
    400: OpenApiResponse(description=gettext_lazy("Refused; the message names the field.")),
    403: OpenApiResponse(description=gettext_lazy("Only the district organization department tries templates.")),
    404: OpenApiResponse(description=gettext_lazy("No such template, campaign or what-if in your scope.")),
}


def _form_data(form: WhatIfDraftForm, entry: dict) -> dict:
    """The form's data: the current values, the given ones over them."""
    data = {"campaign": str(entry["campaign"]), "source_yaml": entry["source_yaml"]}
    for setting in form.settings:
        given = entry["settings"].get(setting.key)
        if setting.kind == SettingKind.SWITCH:
            data[setting.key] = "true" if given is None else str(given).lower()
        else:
            data[setting.key] = str(setting.value) if given is None else given
    return data


@extend_schema_view(list=extend_schema(), retrieve=extend_schema(parameters=[ID_PARAMETER]))
class WhatIfViewSet(ScopedReadOnlyViewSet):
    """Policy what-ifs of the district, newest first. POST runs a draft on a campaign (nothing is written to its
    results); POST …/adopt/ makes the draft the template's next version."""

    serializer_class = WhatIfSerializer
    list_filters = ListFilters(
        text_fields=("campaign__name", "template__name"), text_help=gettext_lazy("Campaign or template name contains.")
    )
    queryset = PolicyWhatIf.objects.none()

    def get_queryset(self) -> QuerySet:
        return what_ifs_visible_to(self.request.user).order_by("-requested_at", "-pk")

    def get_object(self) -> PolicyWhatIf:
        return self.get_scoped_object(object_type="policy_what_if", capability=Capability.MANAGE_CAMPAIGNS)

    @extend_schema(request=WhatIfDraftSerializer, responses={201: WhatIfSerializer, **REFUSALS})
    def create(self, request: Request) -> Response:
        """Run a draft on a campaign that used the template; the outcome follows when the run is done."""
        require_capability(request.user, Capability.MANAGE_CAMPAIGNS)
        entry = WhatIfDraftSerializer(data=request.data)
        if not entry.is_valid():
            return Response({"errors": entry.errors}, status.HTTP_400_BAD_REQUEST)
        template = IndicatorTemplate.objects.filter(pk=entry.validated_data["template"]).first()
        if template is None or not template_may_try(template):
            raise Http404
        campaigns = campaigns_for_what_if(request.user, template)
        blank = WhatIfDraftForm(template=template.as_definition(), campaigns=campaigns)
        form = WhatIfDraftForm(
            _form_data(blank, entry.validated_data), template=template.as_definition(), campaigns=campaigns
        )
        if not form.is_valid():
            errors = {name: " ".join(messages) for name, messages in form.errors.items()}
            return Response({"errors": errors}, status.HTTP_400_BAD_REQUEST)
        try:
            what_if = policy_what_if_request(
                template=template,
                campaign=form.cleaned_data["campaign"],
                draft=form.draft,
                edits=form.edits,
                by=request.user,
            )
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "campaign")}, status.HTTP_400_BAD_REQUEST)
        return Response(WhatIfSerializer(what_if).data, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ID_PARAMETER], request=WhatIfAdoptSerializer, responses={200: WhatIfSerializer, **REFUSALS}
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        """Adopt the draft as the template's next version; ``version`` must be that number."""
        what_if = get_what_if_for_user(request.user, pk)
        entry = WhatIfAdoptSerializer(data=request.data)
        if not entry.is_valid():
            return Response({"errors": entry.errors}, status.HTTP_400_BAD_REQUEST)
        expected = what_if_next_version(what_if)
        if entry.validated_data["version"] != expected:
            message = gettext_lazy("The draft would become version %(version)s.") % {"version": expected}
            return Response({"errors": {"version": str(message)}}, status.HTTP_400_BAD_REQUEST)
        try:
            policy_what_if_adopt(what_if=what_if, by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "version")}, status.HTTP_400_BAD_REQUEST)
        return Response(WhatIfSerializer(what_if).data)
