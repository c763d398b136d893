"""Write an indicator template back as YAML: ``manage.py export_template CODE [--version N] [-o FILE]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from scoring.models import IndicatorTemplate
from scoring.template_format.writing import dump_template


class Command(BaseCommand):
    help = "Export an indicator template (the latest version unless --version) in the YAML format load_template reads."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version names the template version here, replacing Django's option that prints its own version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("code")
        parser.add_argument("--version", type=int, dest="template_version")
        parser.add_argument("-o", "--output", type=Path)
        parser.add_argument("--source", action="store_true", help="the text as loaded, with its comments")

    def handle(self, *args, code: str, template_version: int | None, output: Path | None, source: bool, **options):
        versions = IndicatorTemplate.objects.filter(code=code)
        if template_version is not None:
            versions = versions.filter(version=template_version)
        stored = versions.order_by("-version").first()
        if stored is None:
            raise CommandError(
                _("No indicator template %(code)s (version %(version)s).")
                % {"code": code, "version": template_version or _("latest")}
            )
        text = stored.source_yaml if source else dump_template(stored.as_definition())
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(
                _("Wrote %(code)s version %(version)s to %(file)s.")
                % {"code": stored.code, "version": stored.version, "file": output}
            )
