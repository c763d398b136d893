"""Load the demo district (示范区) and one demo account per role: ``manage.py seed_demo``.

Idempotent: when the demo district exists, only the departments and the demo accounts are ensured.
Demo accounts get the password from DEMO_PASSWORD, or DEFAULT_DEMO_PASSWORD, again on every run, so the
logins printed at the end always work.
"""

import os
import random
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Department, Level, Member, Organization, User
from orgs.permissions import user_grants
from orgs.roles import ROLE_LABELS, Role
from orgs.services.roles import role_grant
from orgs.services.synthetic.build import district_build
from orgs.services.synthetic.plan import StreetSpec, plan_district

DEFAULT_DEMO_PASSWORD = "Demo-Pass-2026"  # noqa: S105 - the documented demo password, printed by make run
DEMO_DISTRICT_CODE = "SFQ"
DEMO_DISTRICT_NAME = "示范区委"
DEMO_SEED = 2026
DEMO_MEMBERS = 2000
DEMO_URL = "http://127.0.0.1:8000/"

# Six streets and two towns, five communities each: 40 communities, villages mostly in the towns.
DEMO_STREETS = (
    StreetSpec(place="东城街道", village_share=0.0, communities=5),
    StreetSpec(place="南湖街道", village_share=0.2, communities=5),
    StreetSpec(place="西山街道", village_share=0.4, communities=5),
    StreetSpec(place="北苑街道", village_share=0.0, communities=5),
    StreetSpec(place="中山街道", village_share=0.2, communities=5),
    StreetSpec(place="滨江街道", village_share=0.2, communities=5),
    StreetSpec(place="青石镇", village_share=1.0, town=True, communities=5),
    StreetSpec(place="柳溪乡", village_share=1.0, town=True, communities=5),
)

# The six district departments of the joint review ("X+2").
DEPARTMENTS = (
    ("discipline", "纪检"),
    ("organization", "组织"),
    ("publicity", "宣传"),
    ("audit", "审计"),
    ("petition", "信访"),
    ("environment", "环保"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role | None  # None: the superuser
    scope: str = ""  # district, street (the first), community (the first), branch (of the first community)


DEMO_ACCOUNTS = (
    DemoAccount("admin", "系统管理员", None),
    DemoAccount("district_admin", "区委组织部管理员", Role.DISTRICT_ADMIN, "district"),
    DemoAccount("district_approver", "区委审定人", Role.DISTRICT_APPROVER, "district"),
    DemoAccount("department_reviewer", "纪检部门联审人", Role.DEPARTMENT_REVIEWER, "district"),
    DemoAccount("street_staff", "街道党工委工作人员", Role.STREET_STAFF, "street"),
    DemoAccount("org_admin", "社区党组织管理员", Role.ORG_ADMIN, "community"),
    DemoAccount("member", "", Role.MEMBER, "branch"),
)


class Command(BaseCommand):
    help = "Load the demo district with its members and one demo account per role."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(
                _("DEMO_PASSWORD does not meet the password policy: %(reasons)s")
                % {"reasons": " ".join(error.messages)}
            ) from error
        with transaction.atomic():
            departments = _ensure_departments()
            district = Organization.objects.filter(code=DEMO_DISTRICT_CODE).first()
            if district is None:
                plan = plan_district(
                    code=DEMO_DISTRICT_CODE,
                    name=DEMO_DISTRICT_NAME,
                    streets=DEMO_STREETS,
                    rng=random.Random(DEMO_SEED),
                    branches_per_community=(3, 5),
                    groups_per_branch=(1, 3),
                )
                built = district_build(
                    plan=plan, members=DEMO_MEMBERS, seed=DEMO_SEED, today=timezone.localdate(), district_place="示范区"
                )
                district = built.district
                self.stdout.write(
                    _("Loaded the demo district: %(organizations)d organizations, %(members)d members.")
                    % {"organizations": built.organizations, "members": built.members}
                )
            else:
                self.stdout.write(_("The demo district exists already; only the demo accounts were checked."))
            scopes = _demo_scopes(district)
            for account in DEMO_ACCOUNTS:
                _ensure_account(account, password=password, scopes=scopes, department=departments["discipline"])
        self.stdout.write(_("StarRating is served at %(url)s. Demo logins:") % {"url": DEMO_URL})
        for account in DEMO_ACCOUNTS:
            label = ROLE_LABELS[account.role] if account.role else _("System administrator (superuser)")
            self.stdout.write(
                _("%(role)s: username %(username)s, password %(password)s")
                % {"role": label, "username": account.username, "password": password}
            )


def _ensure_departments() -> dict[str, Department]:
    departments = {}
    for code, name in DEPARTMENTS:
        department = Department.objects.filter(code=code).first() or Department.objects.filter(name=name).first()
        departments[code] = department or Department.objects.create(code=code, name=name)
    return departments


def _demo_scopes(district: Organization) -> dict[str, Organization]:
    """The district, its first street, that street's first community, and a branch of it with members."""
    street = Organization.objects.filter(path__startswith=district.path, level=Level.STREET).order_by("path").first()
    community = (
        Organization.objects.filter(path__startswith=street.path, level=Level.COMMUNITY).order_by("path").first()
    )
    branch = (
        Organization.objects.filter(path__startswith=community.path, level=Level.BRANCH, members__isnull=False)
        .order_by("path")
        .first()
    )
    return {"district": district, "street": street, "community": community, "branch": branch}


def _ensure_account(account: DemoAccount, *, password: str, scopes: dict[str, Organization], department) -> User:
    """Create the account if missing, reset its demo password, and grant its role once (audited)."""
    user = User.objects.filter(username=account.username).first() or User(username=account.username)
    user.full_name = user.full_name or account.full_name
    user.is_active = True
    user.must_change_password = False
    if account.role is None:
        user.is_superuser = user.is_staff = True
    if account.role == Role.DEPARTMENT_REVIEWER and user.department_id is None:
        user.department = department
    if account.role == Role.MEMBER and user.member_id is None:
        user.member = Member.objects.filter(branch=scopes["branch"], account__isnull=True).order_by("pk").first()
        user.full_name = user.full_name or user.member.name
    user.set_password(password)
    user.save()
    if account.role is not None:
        organization = user.member.branch if account.role == Role.MEMBER else scopes[account.scope]
        granted = {(grant.role, grant.organization_id) for grant in user_grants(user)}
        if (account.role, organization.pk) not in granted:
            role_grant(user=user, role=account.role, organization=organization, by=None)
    return user
