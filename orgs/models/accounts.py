"""Who may act: accounts, the district departments they belong to, and role grants on organizations."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from orgs.models.organizations import Organization
from orgs.models.people import Member


class Department(models.Model):
    """A district department consulted in the joint review (纪检, 组织, 宣传, 审计, 信访, 环保 …)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("district department")
        verbose_name_plural = _("district departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """A role granted to a user on an organization; it covers the organization's whole subtree."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE, verbose_name=_("organization"))

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")


class User(AbstractUser):
    """An account. Roles are grants on organizations (see orgs.permissions), not fields here."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district department")
    )
    member = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="account", verbose_name=_("member")
    )
    must_change_password = models.BooleanField(_("must change password at next login"), default=False)
    # Where text messages go (notifications by SMS): encrypted at rest, shown masked only (orgs.personal_data).
    mobile_encrypted = models.TextField(_("mobile (encrypted)"), blank=True)
    mobile_masked = models.CharField(_("mobile"), max_length=16, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.full_name or self.username
