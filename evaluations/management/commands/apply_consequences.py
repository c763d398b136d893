"""Apply the consequence rules in use to every organization, or to those given by code:
``manage.py apply_consequences [CODE ...]``. Running it twice changes nothing. Over every organization it is a run
of the lists page's kind, street by street in this process (workers may take streets too, once its tasks are
queued by the beat job); a run already under way is helped to its end first."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from evaluations.selectors.consequence_runs import UNFINISHED_RUNS
from evaluations.services.consequence_runs import consequence_run_waiting, consequences_run_here
from evaluations.services.consequences import consequences_apply
from orgs.models import Organization


class Command(BaseCommand):
    help = "Apply the consequence rules in use to every organization, or to the organizations with these codes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("codes", nargs="*")

    def handle(self, *args, codes: list[str], **options) -> None:
        if codes:
            found = dict(Organization.objects.filter(code__in=codes).values_list("code", "pk"))
            missing = [code for code in codes if code not in found]
            if missing:
                raise CommandError(_("No organization with the code: %(codes)s") % {"codes": "、".join(missing)})
            counts = consequences_apply(organization_ids=list(found.values()), cause="command").as_dict()
        else:
            run = consequence_run_waiting(cause="command")
            while run.status in UNFINISHED_RUNS:
                # A run under way is helped to its end first; ours starts after it.
                if consequences_run_here() is None:
                    raise CommandError(_("Workers hold streets of the run under way; it ends on them."))
                run.refresh_from_db()
            counts = {name: getattr(run, name) for name in ("organizations", "added", "updated", "withdrawn")}
        self.stdout.write(
            _("%(organizations)s organizations: %(added)s added, %(updated)s updated, %(withdrawn)s withdrawn.")
            % counts
        )
