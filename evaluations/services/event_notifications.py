"""Who hears of what happens to an evaluation, and what they read: each event's service calls one function here inside
its transaction. The people concerned are the role holders over the organization (a grant covers its subtree):
the community's administrators and its street's staff, and for a return whoever acts at the stage it went back to.
Whoever caused the event is not told of it.
"""

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.models import (
    Campaign,
    CampaignStage,
    DepartmentOpinion,
    Evaluation,
    Notification,
    Objection,
    Transition,
)
from evaluations.services.notifications import TEXT_MAX, notifications_create, notify
from orgs.models import Organization, User
from orgs.roles import Role
from orgs.selectors import role_holders_over
from scoring.models import IndicatorItem

COMMUNITY_AND_STREET = (Role.ORG_ADMIN, Role.STREET_STAFF)


def _concerned(organization: Organization, roles: Iterable[Role], by: User | None) -> set[int]:
    holders = role_holders_over([organization.path], roles)[organization.path]
    users = set().union(*holders.values()) if holders else set()
    return users - {getattr(by, "pk", None)}


def _detail_url(evaluation: Evaluation) -> str:
    return reverse("evaluations:evaluation_detail", args=[evaluation.pk])


def objection_filed_notify(*, objection: Objection, campaign: Campaign, street: Organization) -> None:
    """An objection filed in the publicity: the community's administrators and its street's staff (who answer it)."""
    evaluation = objection.evaluation
    organization = evaluation.organization
    holders = role_holders_over([organization.path], COMMUNITY_AND_STREET)[organization.path]
    text = _(
        "%(campaign)s: an objection was filed on %(organization)s during its publicity; the street checks it and "
        "answers it before the publicity closes."
    ) % {"campaign": campaign.name, "organization": organization.name}
    key = f"objection:{objection.pk}"
    manage_url = reverse(
        "evaluations:publicity_manage", kwargs={"campaign_id": campaign.pk, "street_code": street.code}
    )
    notify(users=holders[Role.STREET_STAFF], key=key, text=text, url=manage_url)
    notify(users=holders[Role.ORG_ADMIN], key=key, text=text, url=_detail_url(evaluation))


def evaluation_sent_back_notify(*, evaluation: Evaluation, transition: Transition, by: User) -> None:
    """A return or reopen with its reason: whoever acts at the stage it went back to, and the community."""
    stage: CampaignStage = transition.to_stage
    roles = {Role(stage.actor_role), Role.ORG_ADMIN}
    text = _("%(campaign)s: %(organization)s was sent back from %(from)s to %(to)s. Reason: %(reason)s") % {
        "campaign": evaluation.campaign.name,
        "organization": evaluation.organization.name,
        "from": transition.from_stage.get_kind_display(),
        "to": stage.get_kind_display(),
        "reason": transition.reason,
    }
    notify(
        users=_concerned(evaluation.organization, roles, by),
        key=f"sent-back:{transition.pk}",
        text=text,
        url=_detail_url(evaluation),
    )


def evaluation_revised_notify(*, evaluation: Evaluation, transition: Transition, stars: int | None, by: User) -> None:
    """The approved stars taken away for a revision (摘星 until approved again): the community and its street."""
    text = _(
        "%(campaign)s: the approved %(stars)d star(s) of %(organization)s are withdrawn for a revision; it goes back "
        "to %(stage)s. Reason: %(reason)s"
    ) % {
        "campaign": evaluation.campaign.name,
        "stars": stars or 0,
        "organization": evaluation.organization.name,
        "stage": transition.to_stage.get_kind_display(),
        "reason": transition.reason,
    }
    notify(
        users=_concerned(evaluation.organization, COMMUNITY_AND_STREET, by),
        key=f"revised:{transition.pk}",
        text=text,
        url=_detail_url(evaluation),
    )


def veto_notify(*, opinion: DepartmentOpinion, by: User) -> None:
    """A department's veto removes the star of the veto item's dimension: the community, its street and the district
    organization department (who closes the joint review) hear which item, which dimension and why."""
    evaluation = opinion.evaluation
    item = opinion.veto_item
    dimension = (
        IndicatorItem.objects.filter(template_id=item.template_id, code=item.dimension_code)
        .values_list("name", flat=True)
        .first()
    )
    text = _(
        "%(campaign)s: %(department)s vetoes %(organization)s on the veto item %(item)s, so the dimension "
        "%(dimension)s lights no star. Note: %(note)s"
    ) % {
        "campaign": evaluation.campaign.name,
        "department": opinion.department.name,
        "organization": evaluation.organization.name,
        "item": item.name,
        "dimension": dimension or item.dimension_code,
        "note": opinion.note,
    }
    notify(
        users=_concerned(evaluation.organization, (*COMMUNITY_AND_STREET, Role.DISTRICT_ADMIN), by),
        key=f"veto:{opinion.pk}:{item.pk}",
        text=text,
        url=_detail_url(evaluation),
    )


def evaluations_approved_notify(*, evaluation_ids: Iterable[int], by: User) -> list[Notification]:
    """Approved results (final): the community and its street, each told the stars, and when the stars approved are
    fewer than the computed ones, by how many (stars lowered on the recommended list). Set-based: two queries."""
    rows = list(
        Evaluation.objects.filter(pk__in=list(evaluation_ids)).values_list(
            "pk",
            "revision",
            "approved_stars",
            "result__stars",
            "organization__name",
            "organization__path",
            "campaign__name",
        )
    )
    holders = role_holders_over({row[5] for row in rows}, COMMUNITY_AND_STREET)
    notices = []
    for pk, revision, stars, computed, name, path, campaign in rows:
        values = {"campaign": campaign, "organization": name, "stars": stars or 0, "computed": computed or 0}
        if computed is not None and (stars or 0) < computed:
            text = _(
                "%(campaign)s: %(organization)s is approved with %(stars)d star(s), fewer than the %(computed)d "
                "computed; the result is final."
            )
        else:
            text = _("%(campaign)s: %(organization)s is approved with %(stars)d star(s); the result is final.")
        text = (text % values)[:TEXT_MAX]
        url = reverse("evaluations:evaluation_detail", args=[pk])
        users = set().union(*holders[path].values()) - {by.pk}
        key = f"approved:{pk}:{revision}"
        notices += [Notification(user_id=user_id, key=key, text=text, url=url) for user_id in users]
    return notifications_create(notices)
