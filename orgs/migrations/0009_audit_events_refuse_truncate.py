"""PostgreSQL refuses TRUNCATE of the audit events too, which the row triggers of 0002 do not see.

The trigger holds against the owner of the table as well. Whoever must empty the table on purpose (the test suite
between tests, an archive job) sets ``starrating.audit_truncate = 'allow'`` for its session, e.g. with
``PGOPTIONS='-c starrating.audit_truncate=allow'``; the application's role cannot TRUNCATE at all (see the command
database_grant_app_role). SQLite has no TRUNCATE.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION orgs_auditevent_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('starrating.audit_truncate', true) = 'allow' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE is refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER orgs_auditevent_no_truncate
    BEFORE TRUNCATE ON orgs_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION orgs_auditevent_refuse_truncate();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS orgs_auditevent_no_truncate ON orgs_auditevent;
DROP FUNCTION IF EXISTS orgs_auditevent_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0008_user_mobile")]

    operations = [migrations.RunPython(forward, backward)]
