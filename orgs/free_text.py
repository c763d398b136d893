"""Free text that people type (objections, notes, answers, reasons) masked at the read boundary.

A model field declared with these classes reads its value as shown: every ID-card and mobile number in it masked
(orgs.personal_data.mask_numbers_in_text), so pages, exports, PDFs and the API show it masked without each of them
remembering to. The text as typed is evidence: it stays in the database, travels with the value as ``as_typed``
and is what a save writes. A form that showed the masked text and is saved again puts the typed numbers back.
"""

from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from orgs.personal_data import keep_typed_numbers, mask_numbers_in_text


class FreeText(str):
    """A text as shown (numbers masked) that keeps the text as typed for saving."""

    as_typed: str

    def __new__(cls, typed: str) -> "FreeText":
        shown = super().__new__(cls, mask_numbers_in_text(typed))
        shown.as_typed = str(typed)
        return shown

    def __reduce__(self):
        return (FreeText, (self.as_typed,))


def free_text(value: Any) -> Any:
    """The value as shown: a FreeText when it holds a number to mask, else the value itself."""
    if isinstance(value, FreeText) or not isinstance(value, str):
        return value
    shown = mask_numbers_in_text(value)
    return value if shown == value else FreeText(value)


def as_typed(value: Any) -> Any:
    """The value as typed, for writing it."""
    return value.as_typed if isinstance(value, FreeText) else value


def masked_json(value: Any) -> Any:
    """A JSON value with the numbers in every string masked (the strings are plain: JSON is shown, never edited)."""
    if isinstance(value, str):
        return mask_numbers_in_text(value)
    if isinstance(value, list):
        return [masked_json(item) for item in value]
    if isinstance(value, dict):
        return {key: masked_json(item) for key, item in value.items()}
    return value


class FreeTextAttribute(DeferredAttribute):
    """Setting a text on an instance whose text held numbers puts back those the new text shows masked."""

    def __set__(self, instance, value):
        attname = self.field.attname
        if isinstance(value, str) and not isinstance(value, FreeText):
            current = instance.__dict__.get(attname)
            if isinstance(current, FreeText):
                value = keep_typed_numbers(value, current.as_typed)
        instance.__dict__[attname] = free_text(value)


class _FreeTextMixin:
    descriptor_class = FreeTextAttribute
    plain_path = ""

    def from_db_value(self, value, expression, connection):
        return free_text(value)

    def get_prep_value(self, value):
        return super().get_prep_value(as_typed(value))

    def value_to_string(self, obj):
        return as_typed(self.value_from_object(obj))

    def deconstruct(self):
        # The column is a plain text column: migrations see the plain field, and none is needed for the masking.
        name, _path, args, kwargs = super().deconstruct()
        return name, self.plain_path, args, kwargs


class FreeTextField(_FreeTextMixin, models.TextField):
    """A TextField of typed free text, read with its numbers masked."""

    plain_path = "django.db.models.TextField"


class FreeTextCharField(_FreeTextMixin, models.CharField):
    """A CharField of typed free text, read with its numbers masked."""

    plain_path = "django.db.models.CharField"


class MaskedJSONField(models.JSONField):
    """A JSONField written once and only shown (audit details, explanations): read with its numbers masked."""

    def from_db_value(self, value, expression, connection):
        return masked_json(super().from_db_value(value, expression, connection))

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
