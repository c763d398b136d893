"""The review process: a campaign's stages, transitions, score history, objections, department opinions,
the recommended list and its approval, and in-app notifications."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models.campaigns import Campaign, Evaluation, Stage
from evaluations.workflow import Action, StageKind
from orgs.models import Department, Level, Organization, User
from scoring.models import IndicatorItem


class ActorRole(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organization administrator")
    STREET_STAFF = "street_staff", _("Street office staff")
    DEPARTMENT_REVIEWER = "department_reviewer", _("District department reviewer")
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    DISTRICT_APPROVER = "district_approver", _("District committee approver")


class CampaignStage(models.Model):
    """One step of a campaign's procedure: its kind, who acts, the deadline and the least days it lasts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stages", verbose_name=_("campaign"))
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=StageKind.choices)
    actor_role = models.CharField(_("who acts"), max_length=24, choices=ActorRole.choices)
    actor_level = models.CharField(_("level that acts"), max_length=16, choices=Level.choices, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    min_days = models.PositiveSmallIntegerField(_("least days"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="campaign_stage_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order + 1}. {self.get_kind_display()}"


class Transition(models.Model):
    """A move of an evaluation between stages: who, when, from where to where, why. Never changed."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("evaluation")
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_stage = models.ForeignKey(
        CampaignStage, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("from stage")
    )
    to_stage = models.ForeignKey(
        CampaignStage, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("to stage")
    )
    approved = models.BooleanField(_("approved"), default=False)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["evaluation", "at", "pk"]
        indexes = [models.Index(fields=["evaluation", "at"], name="transition_evaluation_at")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.action}"


class ScoreChangeKind(models.TextChoices):
    POINTS = "points", _("Points")
    VETO = "veto", _("Veto item")


class ScoreChange(models.Model):
    """One change of one item's points (or one veto item) at one stage: from what to what, by whom, when."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="score_changes", verbose_name=_("evaluation")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=ScoreChangeKind.choices, default=ScoreChangeKind.POINTS)
    code = models.CharField(_("code"), max_length=64)
    old_value = models.CharField(_("from"), max_length=32, blank=True)
    new_value = models.CharField(_("to"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")
        ordering = ["evaluation", "at", "pk"]
        indexes = [models.Index(fields=["evaluation", "at"], name="score_change_evaluation_at")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.code}: {self.old_value} → {self.new_value}"


class CheckMethod(models.TextChoices):
    ON_SITE = "on_site", _("On-site inspection")
    DOCUMENTS = "documents", _("Document review")
    INTERVIEW = "interview", _("Interview")


class ReviewCheck(models.Model):
    """How the street checked one item of an evaluation in its review (实地查看, 查阅资料, 个别访谈)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="review_checks", verbose_name=_("evaluation")
    )
    code = models.CharField(_("code"), max_length=64)
    methods = models.JSONField(_("how it was checked"), default=list)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review check")
        verbose_name_plural = _("review checks")
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="review_check_unique_code")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.code}"


class Objection(models.Model):
    """An objection (异议) filed on the public publicity page, and the street's answer kept with it."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="objections", verbose_name=_("evaluation")
    )
    text = models.TextField(_("objection"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["evaluation", "filed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="objection_text_required"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="objection_answer_text_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.filed_at:%Y-%m-%d}"


class OpinionKind(models.TextChoices):
    NO_OBJECTION = "no_objection", _("No objection")
    CONCERN = "concern", _("Concern")
    VETO = "veto", _("Veto")


class DepartmentOpinion(models.Model):
    """A district department's opinion on one organization in the joint review ("X+2")."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("evaluation")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("district department")
    )
    kind = models.CharField(_("opinion"), max_length=16, choices=OpinionKind.choices)
    note = models.TextField(_("note"), blank=True)
    veto_item = models.ForeignKey(
        IndicatorItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("veto item")
    )
    given_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("given by")
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("department opinion")
        verbose_name_plural = _("department opinions")
        ordering = ["evaluation", "department"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "department"], name="opinion_unique_department"),
            models.CheckConstraint(
                condition=~Q(kind="veto") | Q(veto_item__isnull=False), name="opinion_veto_names_item"
            ),
            models.CheckConstraint(condition=Q(kind="no_objection") | ~Q(note=""), name="opinion_note_required"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.department_id} {self.kind}"


class QuotaPenalty(models.Model):
    """Suxian rule: a street weak in routine assessment loses 3–5 points of its share of top-grade places."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="quota_penalties", verbose_name=_("campaign")
    )
    street = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("street"))
    points = models.DecimalField(_("points lost"), max_digits=4, decimal_places=1)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("quota penalty")
        verbose_name_plural = _("quota penalties")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "street"], name="quota_penalty_unique_street"),
            models.CheckConstraint(condition=Q(points__gte=3, points__lte=5), name="quota_penalty_3_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.street_id} −{self.points}"


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")


class RecommendedList(models.Model):
    """The recommended list (建议名单) the district organization department builds and the committee approves."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="recommended_list", verbose_name=_("campaign")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RecommendationStatus.choices, default=RecommendationStatus.DRAFT
    )
    five_star_cap = models.DecimalField(_("share of five stars at most (%)"), max_digits=5, decimal_places=1)
    checks = models.JSONField(_("checks"), default=dict)
    lock_version = models.PositiveIntegerField(_("version"), default=0)
    built_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("built by")
    )
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recommended list")
        verbose_name_plural = _("recommended lists")

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.status}"


class RecommendedEntry(models.Model):
    """One organization on the recommended list: its rank, total and the stars proposed for approval."""

    recommended_list = models.ForeignKey(
        RecommendedList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("recommended list")
    )
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="recommendation", verbose_name=_("evaluation")
    )
    rank = models.PositiveIntegerField(_("rank"))
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2)
    computed_stars = models.PositiveSmallIntegerField(_("computed stars"))
    stars = models.PositiveSmallIntegerField(_("proposed stars"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("recommended entry")
        verbose_name_plural = _("recommended entries")
        ordering = ["recommended_list", "rank"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__lte=5) & Q(computed_stars__lte=5), name="entry_stars_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.evaluation_id}"


class Notification(models.Model):
    """An in-app notice to one user (a reminder before a deadline, a window that ended); the key avoids repeats."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user"))
    key = models.CharField(_("key"), max_length=200)
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text
