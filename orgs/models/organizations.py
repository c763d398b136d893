"""The organization tree: levels, domains and types, and the party organizations themselves."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from orgs.roles import ROLE_LABELS, Role, role_codename


class Level(models.TextChoices):
    PROVINCE = "province", _("Provincial party committee")
    CITY = "city", _("City party committee")
    DISTRICT = "district", _("District committee")
    STREET = "street", _("Street (township) party committee")
    COMMUNITY = "community", _("Community or village party organization")
    BRANCH = "branch", _("Residential (grid) party branch")
    GROUP = "group", _("Building party group")


# The levels from the top down; a tree's root may be a province, a city or a district (settings.ORG_TREE_ROOT_LEVEL),
# and every level sits directly under the one before it, so a level's depth depends on the root (orgs.tree).
LEVEL_ORDER = (
    Level.PROVINCE,
    Level.CITY,
    Level.DISTRICT,
    Level.STREET,
    Level.COMMUNITY,
    Level.BRANCH,
    Level.GROUP,
)


class Domain(models.TextChoices):
    VILLAGE = "village", _("Village")
    URBAN_COMMUNITY = "urban_community", _("Urban community")
    AGENCY_INSTITUTION = "agency_institution", _("Agencies, enterprises and institutions")
    TWO_NEW = "two_new", _("New economic and social organizations")


class OrgType(models.TextChoices):
    """Yantian's five organization types (seed 003)."""

    COMMUNITY = "community", _("Community")
    AGENCY_INSTITUTION = "agency_institution", _("Agency or public institution")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Non-public enterprise")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organization")


class Organization(MP_Node):
    """A party organization; the materialized path makes a subtree one prefix query."""

    code = models.CharField(_("organization code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    domain = models.CharField(_("domain"), max_length=24, choices=Domain.choices, blank=True)
    org_type = models.CharField(_("organization type"), max_length=24, choices=OrgType.choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild"])

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        permissions = [(role_codename(role), ROLE_LABELS[role]) for role in Role]
        indexes = [models.Index(fields=["level", "domain"], name="org_level_domain")]

    def __str__(self) -> str:
        return self.name
