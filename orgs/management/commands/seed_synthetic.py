"""Build a large synthetic district in bulk, for benchmarks: ``seed_synthetic --orgs N --members M``."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import Organization
from orgs.services.synthetic.build import synthetic_district_build

ORGANIZATIONS_PER_STREET = 600


class Command(BaseCommand):
    help = gettext_lazy(
        "Build a synthetic district (streets, communities, branches, groups, members, secretaries and "
        "committee terms) in bulk, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--orgs", type=int, required=True, help=gettext_lazy("Number of organizations, the district included.")
        )
        parser.add_argument("--members", type=int, required=True, help=gettext_lazy("Number of party members."))
        parser.add_argument(
            "--streets",
            type=int,
            help=gettext_lazy("Number of streets (default: one per 600 organizations)."),
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=gettext_lazy("Random seed (the same seed, the same data).")
        )
        parser.add_argument(
            "--append",
            action="store_true",
            help=gettext_lazy("Add another district when organizations already exist."),
        )

    def handle(self, *args, orgs, members, streets, seed, append, **options):
        if streets is None:
            streets = max(1, min(round(orgs / ORGANIZATIONS_PER_STREET), (orgs - 1) // 3))
        if streets < 1 or orgs < 1 + streets:
            raise CommandError(_("A district needs at least one street, and every street counts as an organization."))
        if members < 0:
            raise CommandError(_("The number of members cannot be negative."))
        if members and orgs < 1 + 3 * streets:
            raise CommandError(
                _(
                    "Members belong to branches: with %(streets)d streets, build at least %(minimum)d organizations "
                    "so that every street has a community and a branch."
                )
                % {"streets": streets, "minimum": 1 + 3 * streets}
            )
        if not append and Organization.objects.exists():
            raise CommandError(
                _(
                    "Organizations already exist. seed_synthetic builds a tree on an empty database; "
                    "add --append to build another district beside them."
                )
            )
        started = time.perf_counter()
        built = synthetic_district_build(
            organizations=orgs, members=members, streets=streets, seed=seed, today=timezone.localdate()
        )
        self.stdout.write(
            _(
                "Built %(name)s (%(code)s): %(organizations)d organizations in %(streets)d streets, %(members)d "
                "members, %(secretaries)d secretary tenures, %(terms)d committee terms in %(seconds).1f s."
            )
            % {
                "name": built.district.name,
                "code": built.district.code,
                "organizations": built.organizations,
                "streets": streets,
                "members": built.members,
                "secretaries": built.secretaries,
                "terms": built.committee_terms,
                "seconds": time.perf_counter() - started,
            }
        )
