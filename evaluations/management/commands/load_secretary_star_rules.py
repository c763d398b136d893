"""Validate and load a secretaries' star rule set from YAML: ``manage.py load_secretary_star_rules FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from evaluations.services.secretary_stars.rule_sets import star_rule_set_load
from scoring.management.yaml_files import load_yaml_file


class Command(BaseCommand):
    help = "Validate and load a secretaries' star rule set (fixtures/rule_sets/); a stored code and version is kept."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        rule_set = load_yaml_file(self, file, lambda source_yaml: star_rule_set_load(source_yaml=source_yaml, by=None))
        self.stdout.write(
            _("Loaded %(code)s version %(version)s: %(name)s")
            % {"code": rule_set.code, "version": rule_set.version, "name": rule_set.name}
        )
