"""django-import-export resources for the small reference tables the admin imports and exports.

Rosters of organizations, members and secretaries do not come through here: they have their own
streaming all-or-nothing importer (orgs.services.rosters). Headers are Chinese, as in the roster files.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error, Result

from orgs.models import Department
from starrating.exports import shown


class SpreadsheetRowResult(Result):
    """Rows numbered as the spreadsheet shows them: the header is row 1, so the first data row is row 2."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)


class MessageOnlyError(Error):
    """The admin shows an import error's message; its traceback is for the log, not the page."""

    traceback = ""


class ReferenceTableResource(resources.ModelResource):
    """Exports mask typed numbers and neutralise formula cells as orgs.exports does; import errors name the row
    and the column."""

    def export_field(self, field, instance, **kwargs):
        return shown(super().export_field(field, instance, **kwargs))

    def get_result_class(self):
        return SpreadsheetRowResult

    def get_error_result_class(self):
        return MessageOnlyError

    def before_import(self, dataset, **kwargs):
        headers = dataset.headers or []
        missing = [field.column_name for field in self.get_import_fields() if field.column_name not in headers]
        if missing:
            raise ValueError(
                _("Row 1 must be the header; these columns are missing: %(columns)s.") % {"columns": "、".join(missing)}
            )
        super().before_import(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            headers = {field.attribute: field.column_name for field in self.get_import_fields()}
            raise ValidationError({headers.get(key, key): value for key, value in error.message_dict.items()}) from None


class DepartmentResource(ReferenceTableResource):
    code = fields.Field(attribute="code", column_name="部门代码", widget=widgets.CharWidget())
    name = fields.Field(attribute="name", column_name="部门名称", widget=widgets.CharWidget())

    class Meta:
        model = Department
        fields = ("code", "name")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
