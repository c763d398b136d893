"""Apply the consequence rules in use to every organization, or to those given by code:
``manage.py apply_consequences [CODE ...]``. Running it twice changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from evaluations.services.consequences import consequences_apply
from orgs.models import Organization


class Command(BaseCommand):
    help = "Apply the consequence rules in use to every organization, or to the organizations with these codes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("codes", nargs="*")

    def handle(self, *args, codes: list[str], **options) -> None:
        ids = None
        if codes:
            found = dict(Organization.objects.filter(code__in=codes).values_list("code", "pk"))
            missing = [code for code in codes if code not in found]
            if missing:
                raise CommandError(_("No organization with the code: %(codes)s") % {"codes": "、".join(missing)})
            ids = list(found.values())
        run = consequences_apply(organization_ids=ids, cause="command")
        self.stdout.write(
            _("%(organizations)s organizations: %(added)s added, %(updated)s updated, %(withdrawn)s withdrawn.")
            % run.as_dict()
        )
