"""The home page's reads: what waits for the user, grouped with its deadline, and for street and district roles the
progress of each open campaign per street. Progress is one aggregate query grouped by the street's path prefix
(orgs.tree.street_path_length()) plus the campaigns' stages and the streets' names: four queries whatever the number of
organizations or streets.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Min, Q
from django.db.models.functions import Substr

from evaluations.models import Campaign, CampaignStatus, Evaluation, EvaluationStatus
from evaluations.rules.workflow import STAGE_KIND_LABELS, StageKind
from evaluations.selectors.worklist import Deadline, deadline_of, evaluations_waiting_for, opinions_awaited_from
from orgs.models import Organization, User
from orgs.permissions import user_grants
from orgs.roles import Role
from orgs.tree import street_path_length

# The roles that watch a campaign's progress across streets; a grant on a street or the district shows it.
PROGRESS_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.DISTRICT_APPROVER, Role.DEPARTMENT_REVIEWER, Role.STREET_STAFF})
# The milestones counted per street: each stage kind whose passing is a milestone, and the stage sat in.
PASSED_KINDS = {
    "self_assessed": StageKind.SELF_ASSESSMENT,
    "reviewed": StageKind.REVIEW,
    "consulted": StageKind.CONSULTATION,
}
APPROVED = "approved"


@dataclass(frozen=True)
class WaitingGroup:
    """Evaluations of one campaign at one stage that wait for the user, with the stage's deadline."""

    campaign_id: int
    campaign_name: str
    stage_kind: str
    count: int
    deadline: Deadline

    @property
    def stage_label(self) -> str:
        return str(STAGE_KIND_LABELS.get(self.stage_kind, self.stage_kind))


def _grouped(queryset, now: datetime) -> list[WaitingGroup]:
    rows = (
        queryset.order_by()
        .values("campaign_id", "campaign__name", "stage__kind")
        .annotate(count=Count("pk"), deadline=Min("stage__deadline"))
    )
    groups = [
        WaitingGroup(
            campaign_id=row["campaign_id"],
            campaign_name=row["campaign__name"],
            stage_kind=row["stage__kind"],
            count=row["count"],
            deadline=deadline_of(row["deadline"], now),
        )
        for row in rows
    ]
    # The overdue and the nearest deadlines first, those without a deadline last.
    return sorted(groups, key=lambda group: (group.deadline.at is None, group.deadline.at or now, group.campaign_id))


def waiting_groups_for(user: User, now: datetime) -> list[WaitingGroup]:
    """The evaluations waiting for the user's action, one line per campaign and stage (one query)."""
    return _grouped(evaluations_waiting_for(user), now)


def opinion_groups_for(user: User, now: datetime) -> list[WaitingGroup]:
    """The organizations awaiting the user's department's opinion, one line per campaign (one query)."""
    return _grouped(opinions_awaited_from(user), now)


@dataclass
class StreetProgress:
    """Where one street's evaluations of a campaign stand. A milestone the campaign's procedure lacks is None."""

    path: str
    name: str
    organization_id: int | None
    total: int = 0
    self_assessed: int | None = None
    reviewed: int | None = None
    in_publicity: int | None = None
    consulted: int | None = None
    approved: int = 0
    # How many sit at each stage (by the stage's order), the approved last: the segments of the bar.
    at_stage: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BarSegment:
    """One stage's part of a street's bar, in percent of the street's evaluations."""

    key: str  # a stage kind, or "approved"
    label: str
    count: int
    start: float
    width: float


@dataclass
class CampaignProgress:
    campaign: Campaign
    stages: list  # the campaign's stages in order
    streets: list[StreetProgress]
    total: StreetProgress

    def bar(self, street: StreetProgress) -> list[BarSegment]:
        segments, start = [], 0.0
        parts = [(stage.kind, stage.get_kind_display(), street.at_stage.get(stage.order, 0)) for stage in self.stages]
        parts.append((APPROVED, str(EvaluationStatus.APPROVED.label), street.approved))
        for key, label, count in parts:
            if not count or not street.total:
                continue
            width = round(count * 100 / street.total, 2)
            segments.append(BarSegment(key=key, label=str(label), count=count, start=round(start, 2), width=width))
            start += width
        return segments

    @property
    def rows(self) -> list[tuple[StreetProgress, list[BarSegment]]]:
        return [(street, self.bar(street)) for street in self.streets]

    @property
    def total_bar(self) -> list[BarSegment]:
        return self.bar(self.total)

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(stage.kind, stage.get_kind_display()) for stage in self.stages] + [
            (APPROVED, str(EvaluationStatus.APPROVED.label))
        ]


def progress_paths_for(user: User) -> list[str] | None:
    """The subtrees whose progress the user watches: grants of street and district roles on a street or above.
    None: everything (a superuser); an empty list: no progress on the user's home."""
    if user.is_superuser:
        return None
    paths = sorted(
        {
            grant.path
            for grant in user_grants(user)
            if grant.role in PROGRESS_ROLES and len(grant.path) <= street_path_length()
        }
    )
    return [path for index, path in enumerate(paths) if not any(path.startswith(kept) for kept in paths[:index])]


def _street_progress(path: str, name_and_pk: tuple[str, int | None] | None, orders: dict) -> StreetProgress:
    """A street's empty progress: the milestones its campaign's procedure has start at 0, the others stay None."""
    name, pk = name_and_pk or ("", None)
    street = StreetProgress(path=path, name=name, organization_id=pk)
    for milestone in orders:
        setattr(street, milestone, 0)
    return street


def _tally(street: StreetProgress, stage_order: int | None, approved: bool, count: int, orders: dict) -> None:
    """Add ``count`` evaluations sitting at the stage of this order (or approved) to the street's milestones."""
    street.total += count
    if approved:
        street.approved += count
    else:
        street.at_stage[stage_order] = street.at_stage.get(stage_order, 0) + count
    for name, order in orders.items():
        if name == "in_publicity":
            passed = not approved and stage_order == order
        else:
            passed = approved or (stage_order is not None and stage_order > order)
        if passed:
            setattr(street, name, getattr(street, name) + count)


def campaign_progress_for(user: User) -> list[CampaignProgress]:
    """Each open campaign's evaluations in the user's progress subtrees, per street: self-assessed, reviewed, in
    publicity, consulted, approved, and how many sit at each stage. Four queries at most."""
    paths = progress_paths_for(user)
    if paths == []:
        return []
    condition = Q()
    for path in paths or []:
        condition |= Q(organization__path__startswith=path)
    rows = list(
        Evaluation.objects.filter(condition, campaign__status=CampaignStatus.OPEN)
        .annotate(street=Substr("organization__path", 1, street_path_length()))
        .values("campaign_id", "street", "stage__order", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    if not rows:
        return []
    campaigns = (
        Campaign.objects.filter(pk__in={row["campaign_id"] for row in rows})
        .select_related("scope")
        .prefetch_related("stages")
        .order_by("-year", "-pk")
    )
    names = {
        path: (name, pk)
        for path, name, pk in Organization.objects.filter(path__in={row["street"] for row in rows}).values_list(
            "path", "name", "pk"
        )
    }
    by_campaign = defaultdict(list)
    for row in rows:
        by_campaign[row["campaign_id"]].append(row)
    progress = []
    for campaign in campaigns:
        stages = sorted(campaign.stages.all(), key=lambda stage: stage.order)
        kinds = {stage.kind: stage.order for stage in stages}
        orders = {name: kinds[kind] for name, kind in PASSED_KINDS.items() if kind in kinds}
        if StageKind.PUBLICITY in kinds:
            orders["in_publicity"] = kinds[StageKind.PUBLICITY]
        streets: dict[str, StreetProgress] = {}
        total = _street_progress("", ("", None), orders)
        for row in by_campaign[campaign.pk]:
            street = streets.get(row["street"])
            if street is None:
                street = streets[row["street"]] = _street_progress(row["street"], names.get(row["street"]), orders)
            approved = row["status"] == EvaluationStatus.APPROVED
            for target in (street, total):
                _tally(target, row["stage__order"], approved, row["count"], orders)
        progress.append(
            CampaignProgress(
                campaign=campaign,
                stages=stages,
                streets=[streets[path] for path in sorted(streets)],
                total=total,
            )
        )
    return progress
