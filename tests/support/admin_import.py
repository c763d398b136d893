"""Driving the admin import of a reference table: upload for a preview, then confirm."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from starrating.exports import render_table

XLSX = "0"  # the admin offers XLSX then CSV
CSV = "1"
HEADERS = ["部门代码", "部门名称"]


def upload(client, file: SimpleUploadedFile):
    """Upload a file as XLSX; the admin answers with its preview (a dry run) or its errors."""
    return client.post(reverse("admin:orgs_department_import"), {"format": XLSX, "resource": "0", "import_file": file})


def preview(client, rows: list[list[str]], headers: list[str] = HEADERS):
    return upload(client, SimpleUploadedFile("departments.xlsx", render_table(headers, rows, "xlsx")))


def confirm(client, previewed):
    """Post the confirm form of a preview, as its button does."""
    form = previewed.context["confirm_form"]
    return client.post(reverse("admin:orgs_department_process_import"), {**form.initial, "resource": "0"})
