"""Demo campaigns in the demo district: ``manage.py seed_demo_campaigns`` (after ``seed_demo``; ``make run`` runs both).

A Yucheng 五星争创 year part-way through, with organizations at every stage, so that each demo account finds work on
its first page: the demo community's self-assessment is saved as a draft (org_admin) and the party members of that
community have a satisfaction survey open this week (member); the other communities of its street wait for the
street's review (street_staff); in the other streets (STREET_STAGES) communities are in publicity now (public
publicity pages), at the department opinions with the demo reviewer's department yet to answer
(department_reviewer), at the final approval on a submitted batch of the recommended list (district_approver), or
approved in an earlier batch (the published results); satisfaction votes are cast with one-time codes and the
results computed (the district ranking and its star chart). And this quarter's Jinyuan secretary scoring, scored by
the streets and ranked within each street. And the Lengshuijiang fortress index month by month: the communities
self-assessed in each of the last three months (one campaign per domain a month, each month opened from the one
before), so the district's trend page has a trend. Last, the consequence rule sets that read these templates are
loaded and applied, so the consequence lists and the overview have rows. Everything goes through the services, as
the system administrator and, for the opinions, as each department's reviewer.

Idempotent: a campaign of the same name is left as it is. The points are drawn from a fixed seed.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.management.consequences_demo import consequences_demo_seed
from evaluations.management.pioneer_demo import pioneer_demo_year
from evaluations.management.rectification_demo import rectification_demo_seed
from evaluations.models import Campaign, Evaluation, OpinionKind, PeriodKind, Stage
from evaluations.rules.workflow import Action, StageKind
from evaluations.selectors.evaluations import evaluation_tree
from evaluations.services.approval import recommended_list_approve, recommended_list_build, recommended_list_submit
from evaluations.services.campaigns import campaign_create, campaign_open, personalized_items_set
from evaluations.services.compute.request import campaign_compute_request, campaign_compute_run
from evaluations.services.consultation import campaign_stages_set, consultation_close, opinion_give
from evaluations.services.fortress import fortress_month_name, fortress_month_open_next
from evaluations.services.publicity import publicity_close
from evaluations.services.scores.inputs import UNCHANGED, ScoreInput, Unchanged
from evaluations.services.scores.sheet import evaluation_scores_save
from evaluations.services.secretary_stars.demo import secretary_stars_demo_seed
from evaluations.services.transitions import evaluation_transition
from evaluations.services.votes.ballots import ballot_cast_with_code
from evaluations.services.votes.codes import vote_codes_issue
from evaluations.services.votes.surveys import survey_close, survey_open
from orgs.management.commands.seed_demo import DEMO_DISTRICT_CODE, DEMO_SEED
from orgs.models import Department, Domain, Level, Organization, User
from orgs.roles import Role
from orgs.services.roles import role_grant
from scoring.services import templates_load

TEMPLATES_DIR = settings.BASE_DIR / "fixtures" / "templates"
# The "+1" governance sub-items each street sets for its communities (Yucheng: 目标任务, 公开测评, 其他).
GOVERNANCE = [
    {
        "parent_code": "E1",
        "code": "E1.1",
        "name": "老旧小区改造",
        "points": "6",
        "standard": "按街道年度计划完成，得6分。",
    },
    {"parent_code": "E1", "code": "E1.2", "name": "垃圾分类", "points": "4", "standard": "居民参与率达标，得4分。"},
    {"parent_code": "E2", "code": "E2.1", "name": "党员群众综合测评", "points": "6", "standard": "按测评结果折算。"},
    {"parent_code": "E3", "code": "E3.1", "name": "特色亮点", "points": "4", "standard": "经街道认定，得4分。"},
]
OPTIONS = (("satisfied", 0.55), ("fairly_satisfied", 0.25), ("fair", 0.12), ("unsatisfied", 0.08))
BALLOTS = (12, 24)  # residents voting per community, from … to


class Command(BaseCommand):
    help = "Add the demo campaigns to the demo district (run seed_demo first)."

    def handle(self, *args, **options):
        district = Organization.objects.filter(code=DEMO_DISTRICT_CODE).first()
        admin = User.objects.filter(username="admin", is_superuser=True).first()
        if district is None or admin is None:
            raise CommandError(_("Load the demo district first: manage.py seed_demo."))
        year, quarter = timezone.localdate().year, (timezone.localdate().month - 1) // 3 + 1
        names = {
            "yucheng": _("%(year)d: the communities' five-star campaign") % {"year": year},
            "jinyuan": _("%(year)d Q%(quarter)d: assessment of the village and community secretaries")
            % {"year": year, "quarter": quarter},
        }
        made = []
        with transaction.atomic():
            templates = {}
            for path in sorted(TEMPLATES_DIR.glob("*.yaml")):
                for template in templates_load(source_yaml=path.read_text(encoding="utf-8"), by=admin):
                    templates[template.code] = template
            rng = random.Random(DEMO_SEED)
            if not Campaign.objects.filter(name=names["yucheng"]).exists():
                _yucheng_year(names["yucheng"], templates["yucheng_4plus1"], district, year, admin, rng)
                made.append(names["yucheng"])
            if not Campaign.objects.filter(name=names["jinyuan"]).exists():
                _jinyuan_quarter(
                    names["jinyuan"], templates["jinyuan_secretary_quarterly"], district, year, quarter, admin, rng
                )
                made.append(names["jinyuan"])
            fortress = _fortress_months(templates, district, timezone.localdate(), admin, rng)
            made.extend(fortress)
            if secretary_stars_demo_seed(district=district, year=year, admin=admin, rng=rng):
                made.append(_("secretaries' star records"))
            # Lengshuijiang pioneer index (先锋指数) over the demo member's community.
            pioneer = _("%(year)d: the party members' pioneer index") % {"year": year}
            if not Campaign.objects.filter(name=pioneer).exists():
                pioneer_demo_year(pioneer, templates, year, admin)
                made.append(pioneer)
            # Yantian rectification to close-out (整改销号) in the first street.
            if rectification_demo_seed(district=district, admin=admin):
                made.append(_("rectification cases"))
        for name in made:
            self.stdout.write(_("Demo campaign loaded: %(name)s") % {"name": name})
        if not made:
            self.stdout.write(_("The demo campaigns exist already."))
        # The consequence rules over the results approved above (the lists and the overview show them).
        run = consequences_demo_seed(admin=admin)
        self.stdout.write(
            _("%(organizations)s organizations: %(added)s added, %(updated)s updated, %(withdrawn)s withdrawn.")
            % run.as_dict()
        )


def _points(evaluation: Evaluation, rng: random.Random, *, slack: float) -> dict[str, str]:
    """Every item of the evaluation's tree near its maximum: with chance ``slack`` an item loses half a point or one."""
    values = {}
    for leaf in evaluation_tree(evaluation).leaves:
        points = leaf.points_max
        if points > 0 and rng.random() < slack:
            points -= min(points, Decimal(rng.choice(("0.5", "1"))))
        values[leaf.code] = format(points.normalize(), "f")
    return values


def _save(
    evaluation: Evaluation, stage: str, values: dict[str, str], admin: User, declared_stars: int | Unchanged = UNCHANGED
) -> None:
    evaluation_scores_save(
        evaluation=evaluation,
        stage=stage,
        values={code: ScoreInput(points) for code, points in values.items()},
        vetoes={},
        declared_stars=declared_stars,
        by=admin,
    )


def _submit(evaluation: Evaluation, admin: User, now=None) -> Evaluation:
    return evaluation_transition(evaluation=evaluation, action=Action.SUBMIT, by=admin, now=now)


def _residents_vote(evaluation: Evaluation, admin: User, rng: random.Random) -> None:
    """A satisfaction survey, one-time codes handed out, residents voting with them, the survey closed."""
    now = timezone.now()
    survey = survey_open(evaluation=evaluation, opens_at=now, closes_at=now + timedelta(days=3), by=admin)
    codes = vote_codes_issue(survey=survey, count=rng.randint(*BALLOTS), expires_at=now + timedelta(days=3), by=admin)
    options, weights = zip(*OPTIONS, strict=True)
    for code in codes:
        ballot_cast_with_code(option=rng.choices(options, weights)[0], code=code)
    survey_close(survey=survey, by=admin)


def _deadlines(campaign: Campaign, days_from_today: dict[str, int], admin: User) -> None:
    """Each stage's deadline this many days from today at 17:00; the six departments consulted (Yucheng)."""
    today = timezone.localdate()
    rows = {
        stage.pk: {"deadline": f"{today + timedelta(days=days_from_today[stage.kind]):%Y-%m-%d} 17:00"}
        for stage in campaign.stages.all()
        if stage.kind in days_from_today
    }
    departments = Department.objects.all() if campaign.procedure == "yucheng" else []
    campaign_stages_set(campaign=campaign, rows=rows, departments=departments, by=admin)


def _communities(campaign: Campaign) -> list[Evaluation]:
    return list(campaign.evaluations.select_related("organization").order_by("organization__path"))


def _reviewers(district: Organization) -> dict[int, User]:
    """One reviewer per consulted department: the demo account for its own department, and for every other
    department a reviewer who cannot log in (it only answered the consultation of the demo year)."""
    reviewers = {user.department_id: user for user in User.objects.filter(department__isnull=False).order_by("pk")}
    for department in Department.objects.exclude(pk__in=list(reviewers)):
        user = User.objects.create(
            username=f"reviewer_{department.code}", full_name=f"{department.name}部门联审人", department=department
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        role_grant(user=user, role=Role.DEPARTMENT_REVIEWER, organization=district, by=None)
        reviewers[department.pk] = user
    return reviewers


APPROVED = "approved"
# Where each street of the demo year has got to (the first street is the demo accounts' own). The streets past
# publicity went through it a week ago, so that its least days have passed.
STREET_STAGES = (
    StageKind.REVIEW,  # the demo community's self-assessment a draft, the others waiting for the street's review
    StageKind.PUBLICITY,
    StageKind.CONSULTATION,  # every department but the demo reviewer's has answered
    StageKind.APPROVAL,  # on batch 2 of the recommended list, submitted to the district committee
    APPROVED,  # approved in batch 1
    StageKind.PUBLICITY,
    StageKind.REVIEW,
    StageKind.PUBLICITY,
)


def _yucheng_year(name, template, district, year, admin, rng) -> None:
    campaign = campaign_create(
        name=name, template=template, scope=district, year=year, levels=[Level.COMMUNITY], by=admin
    )
    _deadlines(
        campaign,
        {StageKind.SELF_ASSESSMENT: 7, StageKind.REVIEW: 21, StageKind.CONSULTATION: 35, StageKind.APPROVAL: 49},
        admin,
    )
    campaign = campaign_open(campaign=campaign, by=admin)
    streets = list(Organization.objects.filter(level=Level.STREET, path__startswith=district.path).order_by("path"))
    goal = {street.path: STREET_STAGES[index % len(STREET_STAGES)] for index, street in enumerate(streets)}
    week_ago = timezone.now() - timedelta(days=7)
    consulted = {}
    for index, evaluation in enumerate(_communities(campaign)):
        street_path = evaluation.organization.path[: len(streets[0].path)]
        target = goal[street_path]
        past = week_ago if target in (StageKind.CONSULTATION, StageKind.APPROVAL, APPROVED) else None
        personalized_items_set(campaign=campaign, organization=evaluation.organization, items=GOVERNANCE, by=admin)
        self_assessed = _points(evaluation, rng, slack=rng.uniform(0.02, 0.3))  # some communities do better
        _save(evaluation, Stage.SELF_ASSESSMENT, self_assessed, admin, declared_stars=5)
        if index == 0:
            _members_survey(evaluation, admin)
            continue  # the demo community's own: a draft for org_admin to finish and submit
        evaluation = _submit(evaluation, admin, now=past)
        if target == StageKind.REVIEW:
            continue  # waiting for the street's review
        _residents_vote(evaluation, admin, rng)
        # The street checks item by item and takes off what it could not verify.
        reviewed = {
            code: format(max(Decimal(points) - Decimal("0.5"), Decimal(0)).normalize(), "f")
            if rng.random() < 0.06
            else points
            for code, points in self_assessed.items()
        }
        _save(evaluation, Stage.REVIEW, reviewed, admin)
        _submit(evaluation, admin, now=past)  # into the street's publicity: from today, or a week ago
        if target != StageKind.PUBLICITY:
            consulted.setdefault(target, []).append(evaluation.pk)
    for street in streets:
        if goal[street.path] in (StageKind.CONSULTATION, StageKind.APPROVAL, APPROVED):
            publicity_close(campaign=campaign, street=street, by=admin)
    reviewers = _reviewers(district)
    demo_reviewer = User.objects.filter(username="department_reviewer").first()
    for target, pks in consulted.items():
        for evaluation in Evaluation.objects.filter(pk__in=pks).order_by("pk"):
            for department in campaign.departments.order_by("pk"):
                reviewer = reviewers[department.pk]
                if target == StageKind.CONSULTATION and reviewer == demo_reviewer:
                    continue  # the demo reviewer's department has yet to answer
                opinion_give(evaluation=evaluation, kind=OpinionKind.NO_OBJECTION, by=reviewer)
    # Batch 1 approved by the district committee; then batch 2 built and submitted, waiting for its approval.
    for target, approve in ((APPROVED, True), (StageKind.APPROVAL, False)):
        if target in consulted:
            _batch(campaign, Evaluation.objects.filter(pk__in=consulted[target]), admin, approve=approve)
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)


def _batch(campaign: Campaign, evaluations, admin: User, *, approve: bool) -> None:
    consultation_close(campaign=campaign, evaluations=evaluations, by=admin)
    campaign_compute_request(campaign=campaign)
    campaign_compute_run(campaign_id=campaign.pk)
    batch = recommended_list_build(campaign=campaign, by=admin)
    batch = recommended_list_submit(recommended_list=batch, by=admin)
    if approve:
        recommended_list_approve(recommended_list=batch, by=admin)


def _members_survey(evaluation: Evaluation, admin: User) -> None:
    """The party members of the demo community vote on it this week (the demo member finds it in the work list)."""
    now = timezone.now()
    survey_open(evaluation=evaluation, opens_at=now, closes_at=now + timedelta(days=7), by=admin)


def _jinyuan_quarter(name, template, district, year, quarter, admin, rng) -> None:
    campaign = campaign_create(
        name=name,
        template=template,
        scope=district,
        year=year,
        period_kind=PeriodKind.QUARTER,
        period_number=quarter,
        levels=[Level.COMMUNITY],
        procedure="secretary",
        by=admin,
    )
    _deadlines(campaign, {StageKind.SELF_ASSESSMENT: 3, StageKind.REVIEW: 10, StageKind.APPROVAL: 20}, admin)
    campaign = campaign_open(campaign=campaign, by=admin)
    for evaluation in _communities(campaign):
        values = _points(evaluation, rng, slack=0.25)
        values.update({code: "0" for code in ("Q6.6", "Q8.6") if code in values})  # no deduction, no bonus
        _save(evaluation, Stage.SELF_ASSESSMENT, values, admin)
        evaluation = _submit(evaluation, admin)
        _save(evaluation, Stage.REVIEW, _points(evaluation, rng, slack=0.3) | {"Q6.6": "0", "Q8.6": "0"}, admin)


FORTRESS_DOMAINS = (Domain.URBAN_COMMUNITY, Domain.VILLAGE)
FORTRESS_MONTHS = 3
# The share of items losing points grows from month to month in some communities, shrinks in others.
FORTRESS_SLACK = (0.05, 0.2, 0.45)


def _fortress_months(templates, district, today, admin, rng) -> list[str]:
    """Lengshuijiang (seed 004): the fortress index of the communities for the last three months of this year,
    self-assessed each month; the first month's campaigns are opened one per domain, the next ones from it."""
    if Campaign.objects.filter(scope=district, year=today.year, period_kind=PeriodKind.MONTH).exists():
        return []
    first = max(1, today.month - FORTRESS_MONTHS + 1)
    months = []
    for domain in FORTRESS_DOMAINS:
        template = templates[f"lengshuijiang_fortress_2023_{domain}"]
        campaign = campaign_create(
            name=fortress_month_name(year=today.year, month=first, template_name=template.name),
            template=template,
            scope=district,
            year=today.year,
            period_kind=PeriodKind.MONTH,
            period_number=first,
            levels=[Level.COMMUNITY],
            domains=[domain],
            by=admin,
        )
        months.append(campaign_open(campaign=campaign, by=admin))
    campaigns = list(months)
    for _month in range(first + 1, today.month + 1):
        months = fortress_month_open_next(campaign=months[0], by=admin)
        campaigns.extend(months)
    drift = {}  # per community: whether it improves (slack shrinking) or slips over the months
    for campaign in campaigns:
        for evaluation in _communities(campaign):
            improving = drift.setdefault(evaluation.organization_id, rng.random() < 0.5)
            step = campaign.period_number - first
            slack = FORTRESS_SLACK[-1 - step] if improving else FORTRESS_SLACK[step]
            _save(evaluation, Stage.SELF_ASSESSMENT, _points(evaluation, rng, slack=slack), admin)
    return [campaign.name for campaign in campaigns]
