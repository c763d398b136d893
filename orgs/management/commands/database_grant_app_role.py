"""`manage.py database_grant_app_role ROLE [--print]`: give the application's PostgreSQL role its rights.

Run it as the owner of the tables (manage.py connects with MIGRATE_DATABASE_URL for it, as for migrate) after the
role exists and the tables are migrated: every table and sequence for reading and writing, the audit table for
INSERT and SELECT only, and the same rights on the tables of later migrations. --print shows the SQL, runs nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from orgs.services.database_roles import DatabaseRoleError, app_role_grant, app_role_grant_statements


class Command(BaseCommand):
    help = "Grant the application's PostgreSQL role its rights: no UPDATE, DELETE or TRUNCATE on the audit table."

    def add_arguments(self, parser):
        parser.add_argument("role", help="The login role the application connects as (DATABASE_URL).")
        parser.add_argument("--print", dest="print_only", action="store_true", help="Print the SQL; run nothing.")

    def handle(self, *args, role: str, print_only: bool, **options):
        try:
            if print_only:
                self.stdout.write(";\n".join(app_role_grant_statements(role=role)) + ";")
                return
            with transaction.atomic():
                statements = app_role_grant(role=role)
        except DatabaseRoleError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            _("Granted %(role)s its rights (%(count)d statements): it may only add and read audit events.")
            % {"role": role, "count": len(statements)}
        )
