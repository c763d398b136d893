"""Objections over the API: the list with contacts masked, and the street's answers. Only the street running the
publicity sees who objected (name and contact); the community objected to and the district's readers get them
empty, as the public page promises the objector. Objections are filed on
the public publicity page only: the API takes no anonymous call.

Scoped like the pages and acting through the same services: out of scope 404, in scope without the
capability 403, a refusal of the service 400 with its message, a stale version 409; every refusal is audited.
"""

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.api.common import EVALUATION_PARAMETER, errors_of, held_anywhere, invalid
from evaluations.models import Objection
from evaluations.selectors.publicity import objection_contact_masked
from evaluations.services.publicity import objection_answer
from orgs.api.filters import ListFilters, id_parameter
from orgs.api.views import ID_PARAMETER, ScopedReadOnlyViewSet
from orgs.permissions import Capability, check_capability_on, has_capability


class ObjectionSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="evaluation.organization.name", read_only=True)
    name = serializers.SerializerMethodField(
        help_text=gettext_lazy("The objector's name; empty unless you run this street's publicity.")
    )
    contact = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "First 3 and last 4 digits, the rest masked; empty unless you run this street's publicity."
        )
    )
    answered_by = serializers.CharField(source="answered_by.full_name", allow_null=True, read_only=True, default=None)

    class Meta:
        model = Objection
        fields = [
            "id",
            "evaluation",
            "organization",
            "text",
            "name",
            "contact",
            "filed_at",
            "answer",
            "answered_by",
            "answered_at",
        ]

    def _sees_objector(self, objection: Objection) -> bool:
        request = self.context.get("request")
        organization = objection.evaluation.organization
        return request is not None and has_capability(request.user, Capability.RUN_PUBLICITY, organization)

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, objection: Objection) -> str:
        return objection.name if self._sees_objector(objection) else ""

    @extend_schema_field(OpenApiTypes.STR)
    def get_contact(self, objection: Objection) -> str:
        return objection_contact_masked(objection) if self._sees_objector(objection) else ""


class ObjectionAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


@extend_schema_view(
    list=extend_schema(parameters=[EVALUATION_PARAMETER]),
    retrieve=extend_schema(parameters=[ID_PARAMETER]),
)
class ObjectionViewSet(ScopedReadOnlyViewSet):
    """Objections filed on the publicity of evaluations in the user's scope, unanswered first; the contact is
    masked. POST …/answer/ is the street's answer."""

    serializer_class = ObjectionSerializer
    list_filters = ListFilters(
        text_fields=("text", "evaluation__organization__name"),
        text_help=gettext_lazy("Objection or organization name contains this text."),
    )
    queryset = Objection.objects.none()

    def get_queryset(self) -> QuerySet:
        condition = held_anywhere(
            self.request.user,
            (Capability.VIEW_EVALUATIONS, Capability.RUN_PUBLICITY),
            "evaluation__organization__path",
        )
        objections = Objection.objects.all() if condition is None else Objection.objects.filter(condition)
        answered = ExpressionWrapper(Q(answered_at__isnull=False), output_field=BooleanField())
        return objections.select_related("evaluation__organization", "answered_by").order_by(answered, "filed_at", "pk")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        evaluation = id_parameter(self.request, "evaluation")
        if evaluation is not None:
            queryset = queryset.filter(evaluation_id=evaluation)
        return super().filter_queryset(queryset)

    def get_object(self) -> Objection:
        return self.get_scoped_object(object_type="objection", capability=Capability.VIEW_EVALUATIONS)

    @extend_schema(
        parameters=[ID_PARAMETER],
        request=ObjectionAnswerSerializer,
        responses={
            200: ObjectionSerializer,
            400: OpenApiResponse(description=gettext_lazy("The answer is refused; the message says why.")),
            403: OpenApiResponse(description=gettext_lazy("You do not run this street's publicity.")),
            404: OpenApiResponse(description=gettext_lazy("No such objection in your scope.")),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """The street answers the objection, once; the answer is kept with it."""
        objection = self.get_scoped_object(object_type="objection", capability=Capability.RUN_PUBLICITY)
        check_capability_on(
            request.user,
            Capability.RUN_PUBLICITY,
            objection.evaluation.organization,
            object_type="objection",
            object_id=objection.pk,
        )
        entry = ObjectionAnswerSerializer(data=request.data)
        if not entry.is_valid():
            return invalid(entry)
        try:
            answered = objection_answer(objection=objection, answer=entry.validated_data["answer"], by=request.user)
        except ValidationError as refusal:
            return Response({"errors": errors_of(refusal, "answer")}, status.HTTP_400_BAD_REQUEST)
        return Response(ObjectionSerializer(answered, context={"request": request}).data)
