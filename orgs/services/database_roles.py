"""The application's own PostgreSQL role: normal rights on every table, but only INSERT and SELECT on the audit.

Migrations run as the owner of the tables (MIGRATE_DATABASE_URL, see manage.py); the application connects as a
role that owns nothing (DATABASE_URL), so it can neither change, delete nor truncate audit events, nor disable the
triggers that refuse it. Default privileges give the role the same rights on the tables later migrations create.
"""

from django.db import connection
from django.utils.translation import gettext as _

from orgs.models import AuditEvent


class DatabaseRoleError(Exception):
    """The grants cannot be given: the message says why."""


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise DatabaseRoleError(_("Database roles are only set up on PostgreSQL."))


def app_role_grant_statements(*, role: str) -> list[str]:
    """The SQL, run by the owner of the tables, that gives ``role`` what the application needs and no more."""
    _require_postgresql()
    quote = connection.ops.quote_name
    who, database, audit = quote(role), quote(connection.settings_dict["NAME"]), quote(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
    return [
        # TEMPORARY: computing a campaign copies its results through a temporary table.
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {who}",
        f"GRANT USAGE ON SCHEMA {schema} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {who}",
        f"REVOKE ALL ON {audit} FROM {who}",
        f"GRANT SELECT, INSERT ON {audit} TO {who}",
    ]


def app_role_grant(*, role: str) -> list[str]:
    """Give ``role`` the application's rights, after checking it exists and is neither a superuser nor a member of
    the role that owns the tables (either could empty the audit); returns the statements run, in one transaction."""
    _require_postgresql()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, pg_has_role(%s, tableowner, 'MEMBER') FROM pg_roles, pg_tables "
            "WHERE rolname = %s AND tablename = %s AND schemaname = current_schema()",
            [role, role, AuditEvent._meta.db_table],
        )
        found = cursor.fetchone()
    if found is None:
        raise DatabaseRoleError(
            _(
                "The role %(role)s does not exist, or the tables are not migrated yet: create the role, migrate, "
                "then try again."
            )
            % {"role": role}
        )
    superuser, owner = found
    if superuser or owner:
        raise DatabaseRoleError(
            _("The role %(role)s is a superuser or owns the tables: the application needs a role of its own.")
            % {"role": role}
        )
    statements = app_role_grant_statements(role=role)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
