"""The audit log keeps a note's numbers as typed (it is evidence) and shows them masked, in the administration pages
too."""

import pytest
from django.db import connection
from django.urls import reverse

from orgs.models import AuditEvent
from orgs.services.audit import audit_record

pytestmark = pytest.mark.django_db


def test_an_audit_detail_is_stored_as_typed_and_shown_masked(district, login):
    audit_record(action="scores_save", detail={"note": "联系13812345678", "rows": [{"reason": "110105198005170011"}]})
    event = AuditEvent.objects.latest("pk")
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail->>'note' FROM orgs_auditevent WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] == "联系13812345678"

    assert event.detail == {"note": "联系138****5678", "rows": [{"reason": "110105********0011"}]}
    page = login(district.users["superuser"]).get(reverse("admin:orgs_auditevent_change", args=[event.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "138****5678" in text and "13812345678" not in text and "110105198005170011" not in text
