"""Validate and load a consequence rule set from YAML: ``manage.py load_consequence_rules FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from scoring.consequence_rule_sets import consequence_rule_set_load
from scoring.management.yaml_files import load_yaml_file


class Command(BaseCommand):
    help = "Validate and load a consequence rule set (fixtures/consequence_rules/); unchanged rules are kept."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, nargs="+")

    def handle(self, *args, file: list[Path], **options) -> None:
        for each in file:
            rule_set = load_yaml_file(
                self, each, lambda source_yaml: consequence_rule_set_load(source_yaml=source_yaml, by=None)
            )
            self.stdout.write(
                _("Loaded %(code)s version %(version)s: %(name)s")
                % {"code": rule_set.code, "version": rule_set.version, "name": rule_set.name}
            )
