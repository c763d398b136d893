"""Award nominations (评先评优, "两优一先"): a street nominates an organization or a person for a year's award, the
district confirms or rejects it. Eligibility is read from the consequences in force (seed 000: a rating of three
stars or below takes the award eligibility of the organization and its leader)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Member, Organization, Secretary


class AwardKind(models.TextChoices):
    ADVANCED_ORGANIZATION = "advanced_organization", _("Advanced grassroots party organization")
    OUTSTANDING_MEMBER = "outstanding_member", _("Outstanding Communist Party member")
    OUTSTANDING_PARTY_WORKER = "outstanding_party_worker", _("Outstanding party affairs worker")


# The awards given to a person rather than to an organization.
PERSON_AWARDS = frozenset({AwardKind.OUTSTANDING_MEMBER, AwardKind.OUTSTANDING_PARTY_WORKER})


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Nominated, awaiting the district")
    CONFIRMED = "confirmed", _("Confirmed by the district")
    REJECTED = "rejected", _("Not adopted by the district")
    WITHDRAWN = "withdrawn", _("Withdrawn by the nominator")


# A nomination that still stands: a second one of the same subject for the same award and year is refused.
STANDING_NOMINATIONS = (NominationStatus.SUBMITTED, NominationStatus.CONFIRMED)


class AwardNomination(models.Model):
    """One subject nominated for one award of one year. A person is followed by the keyed hash of the ID card (the
    person key of the consequences); ``organization`` is the organization nominated, or the one the person leads or
    belongs to, and anchors the scope."""

    year = models.PositiveSmallIntegerField(_("award year"))
    award = models.CharField(_("award"), max_length=32, choices=AwardKind.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="award_nominations", verbose_name=_("organization")
    )
    person_key = models.CharField(_("person"), max_length=64, blank=True)
    person_name = models.CharField(_("name"), max_length=50, blank=True)
    secretary = models.ForeignKey(
        Secretary, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member")
    )
    reason = models.TextField(_("deeds and reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=NominationStatus.choices, default=NominationStatus.SUBMITTED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("nominated by")
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for not adopting it"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")
        ordering = ["-year", "award", "organization__path", "person_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "award", "organization"],
                condition=Q(person_key="", status__in=STANDING_NOMINATIONS),
                name="award_nomination_one_standing_per_organization",
            ),
            models.UniqueConstraint(
                fields=["year", "award", "person_key"],
                condition=~Q(person_key="") & Q(status__in=STANDING_NOMINATIONS),
                name="award_nomination_one_standing_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.REJECTED) | ~Q(rejection_reason=""),
                name="award_nomination_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=(Q(award=AwardKind.ADVANCED_ORGANIZATION) & Q(person_key=""))
                | (~Q(award=AwardKind.ADVANCED_ORGANIZATION) & ~Q(person_key="")),
                name="award_nomination_subject_fits_award",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="award_nomination_year_status")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_award_display()} · {self.subject_name}"

    @property
    def subject_name(self) -> str:
        return self.person_name or self.organization.name

    @property
    def is_person(self) -> bool:
        return bool(self.person_key)
