"""The district departments' opinions in the joint review ("X+2") over the API.

Scoped like the pages and acting through the same services: out of scope 404, in scope without the
capability 403, a refusal of the service 400 with its message, a stale version 409; every refusal is audited.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import EVALUATION_PARAMETER, KIND_HELP, errors_of, invalid
from evaluations.models import DepartmentOpinion, OpinionKind
from evaluations.permissions import get_evaluation_for_user, get_opinion_for_user
from evaluations.services.consultation import opinion_give
from orgs.api.filters import ListFilters, id_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability, subtree_condition


class OpinionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="evaluation.organization.name", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    veto_item = serializers.CharField(source="veto_item.code", allow_null=True, read_only=True, default=None)
    given_by = serializers.CharField(source="given_by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = DepartmentOpinion
        fields = [
            "id",
            "evaluation",
            "organization",
            "department",
            "department_name",
            "kind",
            "kind_label",
            "note",
            "veto_item",
            "given_by",
            "given_at",
        ]


class OpinionGiveSerializer(serializers.Serializer):
    evaluation = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=OpinionKind.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    veto_item = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=50,
        help_text=gettext_lazy("The code of the veto item a veto hits."),
    )


@extend_schema_view(
    list=extend_schema(parameters=[EVALUATION_PARAMETER]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class OpinionViewSet(ScopedReadOnlyViewSet):
    """The district departments' opinions in the joint review, for the district and the departments in scope;
    POST gives (or changes) the reviewer's department's opinion on one evaluation."""

    serializer_class = OpinionSerializer
    list_filters = ListFilters(
        text_fields=("note", "evaluation__organization__name"),
        text_help=gettext_lazy("Note or organization name contains this text."),
    )
    queryset = DepartmentOpinion.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet:
        """The district reads every department's opinions in its scope; a department's reviewer, like on the
        consultation page, only those of their own department."""
        user = self.request.user
        managed = subtree_condition(user, Capability.MANAGE_CAMPAIGNS, "evaluation__organization__path")
        if managed is None:
            opinions = DepartmentOpinion.objects.all()
        else:
            consulted = subtree_condition(user, Capability.GIVE_OPINION, "evaluation__organization__path")
            own = Q(department_id=user.department_id) if user.department_id else Q(pk__in=[])
            opinions = DepartmentOpinion.objects.filter(managed | (own & (consulted if consulted is not None else Q())))
        return opinions.select_related("evaluation__organization", "department", "veto_item", "given_by").order_by(
            "evaluation__organization__path", "department__code", "pk"
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        evaluation = id_parameter(self.request, "evaluation")
        if evaluation is not None:
            queryset = queryset.filter(evaluation_id=evaluation)
        return super().filter_queryset(queryset)

    def get_object(self) -> DepartmentOpinion:
        """Out of the user's scope 404; in scope for one who does not read opinions on the pages 403."""
        return get_opinion_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=OpinionGiveSerializer,
        responses={
            201: OpinionSerializer,
            400: OpenApiResponse(description=gettext_lazy("The opinion is refused; the message says why.")),
            403: OpenApiResponse(description=gettext_lazy("Only a district department's reviewer gives an opinion.")),
            404: OpenApiResponse(description=gettext_lazy("No such evaluation in your scope.")),
        },
    )
    def create(self, request: Request) -> Response:
        """No objection, a concern (with a note) or a veto (with the veto item's code and a note)."""
        entry = OpinionGiveSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        data = entry.validated_data
        evaluation = get_evaluation_for_user(request.user, data["evaluation"], Capability.GIVE_OPINION)
        try:
            opinion = opinion_give(
                evaluation=evaluation,
                kind=data["kind"],
                note=data["note"],
                veto_code=data["veto_item"],
                by=request.user,
            )
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "kind")}, status.HTTP_400_BAD_REQUEST)
        opinion = self.get_queryset().get(pk=opinion.pk)
        return Response(OpinionSerializer(opinion).data, status.HTTP_201_CREATED)
