"""The people of an organization: its committee terms, party members and secretaries' tenures."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.free_text import FreeTextCharField
from orgs.models.organizations import Organization


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    BACHELOR = "bachelor", _("Bachelor's degree")
    COLLEGE = "college", _("College diploma")
    SECONDARY = "secondary", _("Secondary school")
    JUNIOR = "junior", _("Junior school or below")


class CommitteeTerm(models.Model):
    """The term (任期) of an organization's committee, in years."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="terms", verbose_name=_("organization")
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "start_year"], name="term_unique_start"),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="term_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start_year}–{self.end_year}"


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberCategory(models.TextChoices):
    """Lengshuijiang's four member categories (seed 004)."""

    VILLAGE_COMMUNITY = "village_community", _("Village and community members")
    AGENCY_INSTITUTION = "agency_institution", _("Agency, enterprise and institution members")
    TWO_NEW = "two_new", _("New-organization members")
    FLOATING = "floating", _("Floating members")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class Member(models.Model):
    """A party member. ID-card and phone numbers are encrypted; look-ups go through keyed hashes."""

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    id_card_encrypted = models.TextField(_("ID-card number (encrypted)"))
    id_card_hash = models.CharField(_("ID-card number (keyed hash)"), max_length=64, unique=True)
    id_card_masked = models.CharField(_("ID-card number"), max_length=18)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(_("phone (keyed hash)"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True)
    branch = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name=_("party branch")
    )
    category = models.CharField(_("member category"), max_length=24, choices=MemberCategory.choices)
    status = models.CharField(_("member status"), max_length=16, choices=MemberStatus.choices)
    joined_on = models.DateField(_("joined the party on"))
    regularized_on = models.DateField(_("became a full member on"), null=True, blank=True)
    in_service_community = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_in_service_members",
        verbose_name=_("in-service registration community"),
    )
    floating_origin = FreeTextCharField(_("floating from"), max_length=100, blank=True)
    floating_destination = FreeTextCharField(_("floating to"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["id_card_encrypted", "phone_encrypted", "id_card_hash", "phone_hash"])

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["branch", "name"], name="member_branch_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category=MemberCategory.FLOATING) | (Q(floating_origin="") & Q(floating_destination="")),
                name="member_floating_places_only_when_floating",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_floating(self) -> bool:
        return self.category == MemberCategory.FLOATING


class Secretary(models.Model):
    """A secretary's tenure at one organization (seed 001 rates secretaries, not organizations)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="secretaries", verbose_name=_("organization")
    )
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="tenures", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=50)
    id_card_encrypted = models.TextField(_("ID-card number (encrypted)"))
    id_card_hash = models.CharField(_("ID-card number (keyed hash)"), max_length=64, db_index=True)
    id_card_masked = models.CharField(_("ID-card number"), max_length=18)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    one_shoulder = models.BooleanField(_("one-shoulder"), default=False)
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, blank=True)
    history = HistoricalRecords(excluded_fields=["id_card_encrypted", "id_card_hash"])

    class Meta:
        verbose_name = _("secretary")
        verbose_name_plural = _("secretaries")
        ordering = ["organization", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id_card_hash", "started_on"], name="secretary_unique_tenure"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="secretary_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.organization}）"
