"""Build a large synthetic tree in bulk, for benchmarks: a district (``seed_synthetic --orgs N --members M``) or a
province (``seed_synthetic --province --organizations N``), optionally with a campaign over it, its review scores
and its ballots (``--campaign``; a province gets one unless ``--no-campaign``)."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.management.synthetic_campaigns import synthetic_campaign_build, template_for
from orgs.models import Level, Organization
from orgs.services.synthetic.build import synthetic_district_build
from orgs.services.synthetic.province import ProvinceShape, synthetic_province_build
from orgs.tree import root_level

ORGANIZATIONS_PER_STREET = 600
SHAPE = ProvinceShape(cities=1)  # the defaults below a city: a city of 19,289 organizations


class Command(BaseCommand):
    help = (
        "Build a synthetic district or province (organizations, members, secretaries and committee terms), and "
        "optionally a campaign over it with review scores and ballots, in bulk, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, help=gettext_lazy("Number of organizations, the district included."))
        parser.add_argument("--members", type=int, default=0, help=gettext_lazy("Number of party members."))
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
        province = parser.add_argument_group(str(gettext_lazy("a province (ORG_TREE_ROOT_LEVEL=province)")))
        province.add_argument(
            "--province",
            action="store_true",
            help=gettext_lazy("Build a province: province, cities, districts, streets, communities, branches."),
        )
        province.add_argument(
            "--organizations",
            type=int,
            help=gettext_lazy("About this many organizations: as many cities of the shape below as come closest."),
        )
        province.add_argument("--cities", type=int, help=gettext_lazy("Number of cities."))
        for option, default in (
            ("--districts-per-city", SHAPE.districts_per_city),
            ("--streets-per-district", SHAPE.streets_per_district),
            ("--communities-per-street", SHAPE.communities_per_street),
            ("--branches-per-community", SHAPE.branches_per_community),
        ):
            province.add_argument(option, type=int, default=default, help=gettext_lazy("Default: %(default)s."))
        campaign = parser.add_argument_group(str(gettext_lazy("a campaign over the tree (PostgreSQL)")))
        campaign.add_argument(
            "--campaign",
            action=argparse.BooleanOptionalAction,
            help=gettext_lazy(
                "Open a campaign over the whole tree and write its scores and ballots (a province: yes)."
            ),
        )
        campaign.add_argument(
            "--campaign-per-city",
            action="store_true",
            help=gettext_lazy("In a province, one campaign per city instead of one over the whole province."),
        )
        campaign.add_argument(
            "--template", default="yucheng_4plus1", help=gettext_lazy("Code of the indicator template to rate on.")
        )
        campaign.add_argument(
            "--personalised",
            type=int,
            default=20,
            help=gettext_lazy("Street-set sub-items per organization, besides the template's (default: 20)."),
        )
        campaign.add_argument(
            "--ballots", type=int, default=10, help=gettext_lazy("Satisfaction ballots per evaluation (default: 10).")
        )

    def handle(self, *args, **options):
        if options["members"] < 0 or options["ballots"] < 0 or options["personalised"] < 0:
            raise CommandError(_("The numbers of members, ballots and sub-items cannot be negative."))
        wanted_root = Level.PROVINCE if options["province"] else Level.DISTRICT
        if root_level() != wanted_root:
            raise CommandError(
                _("This deployment's tree is rooted at a %(root)s (ORG_TREE_ROOT_LEVEL): a %(wanted)s cannot be built.")
                % {"root": root_level().label, "wanted": wanted_root.label}
            )
        if not options["append"] and Organization.objects.exists():
            raise CommandError(
                _(
                    "Organizations already exist. seed_synthetic builds a tree on an empty database; "
                    "add --append to build another district beside them."
                )
            )
        campaign = options["campaign"] if options["campaign"] is not None else options["province"]
        if campaign and connection.vendor != "postgresql":
            raise CommandError(_("A synthetic campaign is written with COPY: it needs PostgreSQL."))
        started = time.perf_counter()
        with transaction.atomic():
            built = self._province(options) if options["province"] else self._district(options)
            if campaign and options["campaign_per_city"] and options["province"]:
                for city in Organization.objects.filter(level=Level.CITY, path__startswith=built.district.path):
                    self._campaign(city, options)
            elif campaign:
                self._campaign(built.district, options)
        self.stdout.write(
            _("Done in %(seconds).1f s.") % {"seconds": time.perf_counter() - started},
        )

    def _district(self, options):
        orgs, members, streets = options["orgs"], options["members"], options["streets"]
        if orgs is None:
            raise CommandError(_("Give the number of organizations: --orgs N (or --province)."))
        if streets is None:
            streets = max(1, min(round(orgs / ORGANIZATIONS_PER_STREET), (orgs - 1) // 3))
        if streets < 1 or orgs < 1 + streets:
            raise CommandError(_("A district needs at least one street, and every street counts as an organization."))
        if members and orgs < 1 + 3 * streets:
            raise CommandError(
                _(
                    "Members belong to branches: with %(streets)d streets, build at least %(minimum)d organizations "
                    "so that every street has a community and a branch."
                )
                % {"streets": streets, "minimum": 1 + 3 * streets}
            )
        started = time.perf_counter()
        built = synthetic_district_build(
            organizations=orgs, members=members, streets=streets, seed=options["seed"], today=timezone.localdate()
        )
        self._built(built, streets, started)
        return built

    def _province(self, options):
        try:
            shape = ProvinceShape(
                cities=options["cities"] or 1,
                districts_per_city=options["districts_per_city"],
                streets_per_district=options["streets_per_district"],
                communities_per_street=options["communities_per_street"],
                branches_per_community=options["branches_per_community"],
            )
        except ValueError:
            raise CommandError(
                _("A province needs at least one city, district, street and community under each.")
            ) from None
        if options["organizations"] is not None:
            if options["cities"] is not None:
                raise CommandError(_("Give either --organizations or --cities, not both."))
            shape = shape.with_organizations(options["organizations"])
        if options["members"] and not shape.branches_per_community:
            raise CommandError(_("Members belong to branches: give --branches-per-community 1 or more."))
        self.stdout.write(
            _(
                "Building a province of %(organizations)d organizations: %(cities)d cities × %(districts)d "
                "districts × %(streets)d streets × %(communities)d communities × %(branches)d branches."
            )
            % {
                "organizations": shape.organizations,
                "cities": shape.cities,
                "districts": shape.districts_per_city,
                "streets": shape.streets_per_district,
                "communities": shape.communities_per_street,
                "branches": shape.branches_per_community,
            }
        )
        started = time.perf_counter()
        built = synthetic_province_build(
            shape=shape, members=options["members"], seed=options["seed"], today=timezone.localdate()
        )
        self._built(built, shape.streets, started)
        return built

    def _built(self, built, streets: int, started: float) -> None:
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

    def _progress(self, written, evaluations: int) -> None:
        self.stdout.write(
            _("%(done)s of %(evaluations)s evaluations: %(scores)s score rows, %(ballots)s ballots")
            % {
                "done": f"{written.evaluations:,}",
                "evaluations": f"{evaluations:,}",
                "scores": f"{written.scores:,}",
                "ballots": f"{written.ballots:,}",
            }
        )

    def _campaign(self, scope: Organization, options) -> None:
        try:
            template = template_for(options["template"])
        except ValueError:
            raise CommandError(
                _("No indicator template has the code “%(code)s”.") % {"code": options["template"]}
            ) from None
        started = time.perf_counter()
        built = synthetic_campaign_build(
            name=_("Synthetic campaign of %(scope)s") % {"scope": scope.name},
            template=template,
            scope=scope,
            personalised=options["personalised"],
            ballots_per_evaluation=options["ballots"],
            seed=options["seed"],
            progress=self._progress,
        )
        self.stdout.write(
            _(
                "Campaign %(name)s (id %(id)d): %(evaluations)d evaluations × %(items)d items = %(scores)d score "
                "rows, %(ballots)d ballots in %(seconds).1f s."
            )
            % {
                "name": built.campaign.name,
                "id": built.campaign.pk,
                "evaluations": built.evaluations,
                "items": built.items_per_evaluation,
                "scores": built.score_rows,
                "ballots": built.ballots,
                "seconds": time.perf_counter() - started,
            }
        )
