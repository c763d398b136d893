"""Query-string filters of the API lists, declared once per viewset; they also describe themselves
to the OpenAPI schema. A bad value is a 400 naming the parameter; an organization outside the
user's scope is a 404, as on the pages."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, TextChoices
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from orgs.models import Organization
from orgs.permissions import Capability, get_organization_for_user

_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no"}


def id_parameter(request: Request, name: str, message: Promise | str = "") -> int | None:
    """The id a query parameter names, None when the parameter is absent. Present, it must be a whole number
    from 1: empty, negative or anything else is a 400 naming the parameter, whatever the list."""
    if name not in request.query_params:
        return None
    value = request.query_params[name].strip()
    if not value.isdigit() or int(value) < 1:
        raise ValidationError({name: message or _("Give a numeric id (a whole number from 1).")})
    return int(value)


def id_query_parameter(name: str, description: Promise) -> OpenApiParameter:
    """An id in the query string, as id_parameter reads it: a whole number from 1."""
    return OpenApiParameter(name, {"type": "integer", "minimum": 1}, description=description)


def organization_in_scope(request: Request, name: str, capability: Capability) -> Organization | None:
    """The organization a parameter names; as on the pages, one outside the scope is 404 and audited."""
    pk = id_parameter(request, name, _("Give the numeric id of an organization in your scope."))
    return None if pk is None else get_organization_for_user(request.user, pk, capability)


@dataclass(frozen=True)
class ListFilters:
    """The filters of one list: by organization (children or subtree), by choice, by flag, by text."""

    text_help: Promise
    text_fields: tuple[str, ...] = ()
    text_search: Callable[[QuerySet, str], QuerySet] | None = None  # instead of text_fields
    capability: Capability = Capability.VIEW_ORGANIZATION  # needed on an organization named by a filter
    children_param: str = ""
    subtree: tuple[str, str] = ("", "")  # (parameter, path field of the object's organization)
    choices: dict[str, type[TextChoices]] = field(default_factory=dict)
    flags: dict[str, tuple[str, Promise]] = field(default_factory=dict)  # parameter → (lookup, help)

    def apply(self, request: Request, queryset: QuerySet) -> QuerySet:
        if self.children_param:
            parent = organization_in_scope(request, self.children_param, self.capability)
            if parent is not None:
                queryset = queryset.filter(path__startswith=parent.path, depth=parent.depth + 1)
        subtree_param, path_field = self.subtree
        if subtree_param:
            organization = organization_in_scope(request, subtree_param, self.capability)
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
        if text and self.text_search is not None:
            queryset = self.text_search(queryset, text)
        elif text:
            condition = Q()
            for text_field in self.text_fields:
                condition |= Q(**{f"{text_field}__icontains": text})
            queryset = queryset.filter(condition)
        return queryset

    def parameters(self) -> list[OpenApiParameter]:
        parameters = []
        if self.children_param:
            parameters.append(
                id_query_parameter(self.children_param, _("Only the direct children of this organization."))
            )
        if self.subtree[0]:
            parameters.append(id_query_parameter(self.subtree[0], _("Only what lies in this organization's subtree.")))
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
