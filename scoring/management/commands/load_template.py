"""Validate and load indicator templates from a YAML file: ``manage.py load_template FILE``."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scoring.services import templates_load


class Command(BaseCommand):
    help = "Validate and load the indicator templates of a YAML file; a frozen template gets a new version."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            source_yaml = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("The file %(file)s cannot be read: %(error)s") % {"file": file, "error": error}
            ) from error
        try:
            stored = templates_load(source_yaml=source_yaml, by=None)
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("%(file)s was not loaded: %(count)s problems.") % {"file": file, "count": len(error.messages)}
            ) from error
        for template in stored:
            self.stdout.write(
                _("Loaded %(code)s version %(version)s: %(name)s")
                % {"code": template.code, "version": template.version, "name": template.name}
            )
