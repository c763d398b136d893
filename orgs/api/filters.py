"""Query-string filters of the API lists, declared once per viewset; they also describe themselves
to the OpenAPI schema. A bad value is a 400 naming the parameter."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from orgs.models import Organization
from orgs.permissions import organizations_visible_to

_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no"}


def organization_in_scope(request: Request, name: str) -> Organization | None:
    """The organization a parameter names, looked up in the user's scope (400 outside it, as for a wrong id)."""
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    organization = None
    if value.isdigit():
        organization = organizations_visible_to(request.user).filter(pk=int(value)).first()
    if organization is None:
        raise ValidationError({name: _("Give the numeric id of an organization in your scope.")})
    return organization


@dataclass(frozen=True)
class ListFilters:
    """The filters of one list: by organization (children or subtree), by choice, by flag, by text."""

    text_fields: tuple[str, ...]
    text_help: Promise
    children_param: str = ""
    subtree: tuple[str, str] = ("", "")  # (parameter, path field of the object's organization)
    choices: dict[str, type[TextChoices]] = field(default_factory=dict)
    flags: dict[str, tuple[str, Promise]] = field(default_factory=dict)  # parameter → (lookup, help)

    def apply(self, request: Request, queryset: QuerySet) -> QuerySet:
        if self.children_param:
            parent = organization_in_scope(request, self.children_param)
            if parent is not None:
                queryset = queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)
        subtree_param, path_field = self.subtree
        if subtree_param:
            organization = organization_in_scope(request, subtree_param)
            if organization is not None:
                queryset = queryset.filter(**{f"{path_field}__startswith": organization.path})
        for name, choices in self.choices.items():
            value = request.query_params.get(name, "").strip()
            if value and value not in choices.values:
                message = _("The value %(value)s is not allowed; use one of: %(allowed)s.")
                raise ValidationError({name: message % {"value": value, "allowed": ", ".join(choices.values)}})
            if value:
                queryset = queryset.filter(**{name: value})
        for name, (lookup, _help) in self.flags.items():
            value = request.query_params.get(name, "").strip().lower()
            if value and value not in _TRUE | _FALSE:
                raise ValidationError({name: _("Use true or false.")})
            if value:
                queryset = queryset.filter(**{lookup: value in _TRUE})
        text = request.query_params.get("q", "").strip()
        if text:
            condition = Q()
            for text_field in self.text_fields:
                condition |= Q(**{f"{text_field}__icontains": text})
            queryset = queryset.filter(condition)
        return queryset

    def parameters(self) -> list[OpenApiParameter]:
        parameters = []
        if self.children_param:
            parameters.append(
                OpenApiParameter(
                    self.children_param,
                    OpenApiTypes.INT,
                    description=_("Only the direct children of this organization."),
                )
            )
        if self.subtree[0]:
            parameters.append(
                OpenApiParameter(
                    self.subtree[0], OpenApiTypes.INT, description=_("Only what lies in this organization's subtree.")
                )
            )
        for name, choices in self.choices.items():
            parameters.append(
                OpenApiParameter(
                    name, OpenApiTypes.STR, enum=list(choices.values), description=_("Only items with this value.")
                )
            )
        for name, (_lookup, help_text) in self.flags.items():
            parameters.append(OpenApiParameter(name, OpenApiTypes.BOOL, description=help_text))
        parameters.append(OpenApiParameter("q", OpenApiTypes.STR, description=self.text_help))
        return parameters
