"""Validate and load indicator templates from a YAML file: ``manage.py load_template FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from scoring.management.yaml_files import load_yaml_file
from scoring.services import templates_load


class Command(BaseCommand):
    help = "Validate and load the indicator templates of a YAML file; a frozen template gets a new version."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        stored = load_yaml_file(self, file, lambda source_yaml: templates_load(source_yaml=source_yaml, by=None))
        for template in stored:
            self.stdout.write(
                _("Loaded %(code)s version %(version)s: %(name)s")
                % {"code": template.code, "version": template.version, "name": template.name}
            )
