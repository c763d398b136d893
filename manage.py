#!/usr/bin/env python
import os
import sys

# Commands that change the schema or its grants connect as the owner of the tables when MIGRATE_DATABASE_URL is set;
# the application and every other command connect as DATABASE_URL, a role that may not empty the audit (README).
OWNER_COMMANDS = {"migrate", "database_grant_app_role"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "starrating.settings")
    if sys.argv[1:2] and sys.argv[1] in OWNER_COMMANDS and os.environ.get("MIGRATE_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["MIGRATE_DATABASE_URL"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
