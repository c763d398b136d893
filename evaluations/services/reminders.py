"""In-app reminders and the user's notifications.

``reminders_send`` runs from Celery beat (hourly, see CELERY_BEAT_SCHEDULE). It notifies whoever has something
waiting at a stage whose deadline falls within REMINDER_DAYS_BEFORE_DEADLINE days, the street staff when a
publicity window has lasted its days, and, under a ranked scheme (Jinyuan's quarterly scoring), the organizations
in the last places of their street once the street has scored them all, with the street staff who remind them.
Each notice carries a key (unique per user), so a second run sends nothing new; a moved deadline is a new key and
reminds again.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    Campaign,
    CampaignStage,
    CampaignStatus,
    DepartmentOpinion,
    Evaluation,
    EvaluationStatus,
    Notification,
)
from evaluations.rules.workflow import StageKind
from evaluations.selectors.ranking import street_ranks
from orgs.models import Organization, User
from orgs.permissions import grants_queryset
from orgs.roles import Role, role_codename
from orgs.tree import street_path_of
from scoring.models import StarScheme

TEXT_MAX = 300


def _role_holders() -> dict[str, dict[str, set[int]]]:
    """Role → granted organization path → the active users holding it there (one query)."""
    codenames = {role_codename(role): role.value for role in Role}
    rows = (
        grants_queryset()
        .filter(user__is_active=True)
        .values_list("permission__codename", "content_object__path", "user_id")
    )
    holders: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for codename, path, user_id in rows:
        if codename in codenames:
            holders[codenames[codename]][path].add(user_id)
    return holders


def _users_over(paths_to_users: dict[str, set[int]], organization_path: str) -> set[int]:
    """The users granted on the organization or one of its ancestors (materialised path prefixes)."""
    users: set[int] = set()
    for path, holders in paths_to_users.items():
        if organization_path.startswith(path):
            users |= holders
    return users


def _tally(holders: dict[str, set[int]], organization_paths: Iterable[str]) -> dict[int, int]:
    """How many of the organizations each user holds a grant over."""
    counts: dict[int, int] = defaultdict(int)
    for path in organization_paths:
        for user_id in _users_over(holders, path):
            counts[user_id] += 1
    return counts


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _deadline_notices(now: datetime, days: int, holders) -> list[Notification]:
    """Stages of open campaigns due within ``days``: whoever acts there, or owes an opinion, is reminded."""
    stages = CampaignStage.objects.filter(
        campaign__status=CampaignStatus.OPEN, deadline__gt=now, deadline__lte=now + timedelta(days=days)
    ).select_related("campaign")
    url = reverse("evaluations:worklist")
    notices: list[Notification] = []
    for stage in stages:
        waiting = Evaluation.objects.filter(stage=stage, status=EvaluationStatus.IN_PROGRESS)
        counts = _tally(holders.get(stage.actor_role, {}), waiting.values_list("organization__path", flat=True))
        if stage.kind == StageKind.CONSULTATION:
            counts = _add_departments(counts, stage, waiting, holders.get(Role.DEPARTMENT_REVIEWER.value, {}))
        key = f"deadline:{stage.pk}:{stage.deadline:%Y%m%d%H%M}"
        values = {
            "campaign": stage.campaign.name,
            "stage": stage.get_kind_display(),
            "deadline": _local(stage.deadline),
        }
        for user_id, count in counts.items():
            text = _("%(campaign)s: the stage %(stage)s ends on %(deadline)s; %(count)d item(s) wait for you.") % {
                **values,
                "count": count,
            }
            notices.append(Notification(user_id=user_id, key=key, text=text[:TEXT_MAX], url=url, created_at=now))
    return notices


def _add_departments(counts, stage, waiting, reviewers: dict[str, set[int]]) -> dict[int, int]:
    """Department reviewers of the consulted departments, for the organizations their department has not judged."""
    consulted = set(stage.campaign.departments.values_list("pk", flat=True))
    if not consulted or not reviewers:
        return counts
    department_of = dict(
        User.objects.filter(
            pk__in={u for users in reviewers.values() for u in users}, department__in=consulted
        ).values_list("pk", "department_id")
    )
    given = set(DepartmentOpinion.objects.filter(evaluation__in=waiting).values_list("evaluation_id", "department_id"))
    counts = defaultdict(int, counts)
    for evaluation_id, path in waiting.values_list("pk", "organization__path"):
        for user_id in _users_over(reviewers, path):
            department_id = department_of.get(user_id)
            if department_id is not None and (evaluation_id, department_id) not in given:
                counts[user_id] += 1
    return counts


def _publicity_notices(now: datetime, holders) -> list[Notification]:
    """Publicity windows that lasted their days: the street staff over them may close the publicity."""
    evaluations = (
        Evaluation.objects.filter(
            campaign__status=CampaignStatus.OPEN,
            status=EvaluationStatus.IN_PROGRESS,
            stage__kind=StageKind.PUBLICITY,
            stage_entered_at__isnull=False,
        )
        .select_related("stage", "campaign", "organization")
        .annotate(open_objections=Count("objections", filter=Q(objections__answered_at__isnull=True)))
    )
    # One notice per user, stage and day the windows ended, whatever the number of organizations.
    groups: dict[tuple[int, int, str], list] = defaultdict(list)
    for evaluation in evaluations:
        ended_at = evaluation.stage_entered_at + timedelta(days=evaluation.stage.min_days)
        if ended_at > now:
            continue
        day = timezone.localdate(ended_at).strftime("%Y%m%d")
        for user_id in _users_over(holders.get(evaluation.stage.actor_role, {}), evaluation.organization.path):
            groups[(user_id, evaluation.stage_id, day)].append(evaluation)
    url = reverse("evaluations:worklist")
    notices = []
    for (user_id, stage_id, day), ended in groups.items():
        blocked = sum(1 for evaluation in ended if evaluation.open_objections)
        values = {"campaign": ended[0].campaign.name, "count": len(ended), "blocked": blocked}
        if blocked:
            text = (
                _(
                    "%(campaign)s: the publicity of %(count)d organization(s) has lasted its days and can be closed; "
                    "answer the objections of %(blocked)d first."
                )
                % values
            )
        else:
            text = (
                _("%(campaign)s: the publicity of %(count)d organization(s) has lasted its days and can be closed.")
                % values
            )
        key = f"publicity-ended:{stage_id}:{day}"
        notices.append(Notification(user_id=user_id, key=key, text=text[:TEXT_MAX], url=url, created_at=now))
    return notices


STILL_SCORING = (StageKind.SELF_ASSESSMENT, StageKind.REVIEW)


def _behind_notices(now: datetime, holders) -> list[Notification]:
    """Ranked campaigns: once no evaluation of a street is still being scored, the administrators of each organization
    in the street's last places are told their place, and the street staff over them how many to remind."""
    notices: list[Notification] = []
    campaigns = Campaign.objects.filter(status=CampaignStatus.OPEN, template__scheme=StarScheme.RANKED_SCORE)
    for campaign in campaigns.select_related("template"):
        ranks = street_ranks(campaign)
        behind = [pk for pk, rank in ranks.items() if rank.behind]
        if not behind:
            continue
        scoring_streets = {
            street_path_of(path)
            for path in Evaluation.objects.filter(
                campaign=campaign, status=EvaluationStatus.IN_PROGRESS, stage__kind__in=STILL_SCORING
            ).values_list("organization__path", flat=True)
        }
        by_street: dict[str, int] = defaultdict(int)
        for evaluation in Evaluation.objects.filter(pk__in=behind).select_related("organization").order_by("pk"):
            organization = evaluation.organization
            street_path = street_path_of(organization.path)
            if street_path in scoring_streets:
                continue
            by_street[street_path] += 1
            rank = ranks[evaluation.pk]
            text = _(
                "%(campaign)s: %(organization)s placed %(place)d of %(size)d in its street, among the last; "
                "compare its work with the indicators and catch up."
            ) % {
                "campaign": campaign.name,
                "organization": organization.name,
                "place": rank.rank,
                "size": rank.group_size,
            }
            url = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
            key = f"behind:{evaluation.pk}:{evaluation.revision}"
            for user_id in _users_over(holders.get(Role.ORG_ADMIN.value, {}), organization.path):
                notices.append(Notification(user_id=user_id, key=key, text=text[:TEXT_MAX], url=url, created_at=now))
        street_names = dict(Organization.objects.filter(path__in=by_street).values_list("path", "name"))
        url = reverse("evaluations:campaign_evaluations", args=[campaign.pk])
        for street_path, count in by_street.items():
            text = _(
                "%(campaign)s: %(count)d organization(s) of %(street)s are in the last places; remind and urge them."
            ) % {"campaign": campaign.name, "count": count, "street": street_names.get(street_path, "")}
            key = f"behind-street:{campaign.pk}:{street_path}:{count}"
            for user_id in _users_over(holders.get(Role.STREET_STAFF.value, {}), street_path):
                notices.append(Notification(user_id=user_id, key=key, text=text[:TEXT_MAX], url=url, created_at=now))
    return notices


def reminders_send(*, now: datetime | None = None, days: int | None = None) -> int:
    """Create the reminders due now; return how many are new (a second run at the same moment creates none)."""
    now = now or timezone.now()
    days = settings.REMINDER_DAYS_BEFORE_DEADLINE if days is None else days
    holders = _role_holders()
    notices = _deadline_notices(now, days, holders) + _publicity_notices(now, holders) + _behind_notices(now, holders)
    if not notices:
        return 0
    with transaction.atomic():
        wanted = {(notice.user_id, notice.key) for notice in notices}
        existing = set(
            Notification.objects.filter(
                user_id__in={user_id for user_id, _key in wanted}, key__in={key for _user, key in wanted}
            ).values_list("user_id", "key")
        )
        new = [notice for notice in notices if (notice.user_id, notice.key) not in existing]
        # The unique (user, key) constraint settles a race between two runs.
        Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
