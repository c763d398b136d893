"""Audit events can be added, never changed or deleted: by the ORM or by SQL."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from orgs.models import AuditAction, AuditEvent
from orgs.services.audit import audit_record


@pytest.fixture
def event(db):
    return audit_record(action=AuditAction.EXPORT, username="alice", detail={"kind": "members"})


def test_the_orm_refuses_to_change_or_delete_an_event(event):
    event.outcome = "refused"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome="refused")
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE orgs_auditevent SET outcome = 'refused'", "DELETE FROM orgs_auditevent"],
)
def test_the_database_refuses_update_and_delete(event, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    event.refresh_from_db()
    assert event.outcome == "success"
