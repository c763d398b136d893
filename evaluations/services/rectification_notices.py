"""Who hears of a step of a rectification case, and what they read: the organization's side (the owner's account and
the organization's administrators) of an opening, a send-back, a close-out and an overdue reminder; the level above
of a submission and of an overdue case. Whoever took the step is not told of it; the key makes each one notice a
person."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.models import Notification, RectificationCase
from evaluations.rectification_permissions import level_above_roles, organization_roles, parent_of
from evaluations.rules.rectification import CaseStep, Side
from evaluations.services.notifications import TEXT_MAX, notifications_create, notify
from orgs.models import User
from orgs.selectors import role_holders_over

STEP_TEXTS = {
    CaseStep.OPENED: _("%(organization)s: rectification case “%(title)s” opened, due %(deadline)s."),
    CaseStep.SUBMITTED: _("%(organization)s submitted “%(title)s” for close-out: check it and close it out."),
    CaseStep.SENT_BACK: _("%(organization)s: “%(title)s” was sent back. Reason: %(text)s"),
    CaseStep.CLOSED: _("%(organization)s: “%(title)s” is closed out."),
    CaseStep.REMINDED: _(
        "%(organization)s: “%(title)s” was due %(deadline)s and is overdue; report the progress and submit it."
    ),
    CaseStep.ESCALATED: _(
        "%(organization)s: “%(title)s” (owner %(owner)s) was due %(deadline)s and is still not closed out."
    ),
    CaseStep.CANCELLED: _(
        "%(organization)s: “%(title)s” is withdrawn, as the consequence behind it no longer holds; nothing more is to "
        "be done on it. Reason: %(text)s"
    ),
}
STEP_SIDE = {
    CaseStep.OPENED: Side.ORGANIZATION,
    CaseStep.SUBMITTED: Side.LEVEL_ABOVE,
    CaseStep.SENT_BACK: Side.ORGANIZATION,
    CaseStep.CLOSED: Side.ORGANIZATION,
    CaseStep.REMINDED: Side.ORGANIZATION,
    CaseStep.ESCALATED: Side.LEVEL_ABOVE,
    CaseStep.CANCELLED: Side.ORGANIZATION,
}


def side_users(case: RectificationCase, side: Side) -> set[int]:
    """The active accounts of one side of the case: the owner and the organization's administrators, or the staff of
    the level above."""
    organization = case.organization
    if side == Side.ORGANIZATION:
        path, roles = organization.path, organization_roles(organization)
    else:
        parent = parent_of(organization)
        if parent is None:
            return set()
        path, roles = parent.path, level_above_roles(organization)
    holders = role_holders_over([path], roles)[path]
    users = set().union(*holders.values()) if holders else set()
    if side == Side.ORGANIZATION and case.owner_id and case.owner.is_active:
        users.add(case.owner_id)
    return users


def organization_side_users(cases: list[RectificationCase]) -> dict[int, set[int]]:
    """The organization's side of each case (as ``side_users``), for any number of cases in at most two queries."""
    by_roles: dict[tuple, set[str]] = {}
    for case in cases:
        by_roles.setdefault(organization_roles(case.organization), set()).add(case.organization.path)
    holders = {}
    for roles, paths in by_roles.items():
        for path, granted in role_holders_over(paths, roles).items():
            holders[roles, path] = set().union(*granted.values()) if granted else set()
    users = {}
    for case in cases:
        users[case.pk] = set(holders[organization_roles(case.organization), case.organization.path])
        if case.owner_id and case.owner.is_active:
            users[case.pk].add(case.owner_id)
    return users


def _message(case: RectificationCase, step: CaseStep, text: str) -> str:
    return STEP_TEXTS[step] % {
        "organization": case.organization.name,
        "title": case.title,
        "deadline": case.deadline.isoformat(),
        "owner": case.owner_name,
        "text": text,
    }


def cases_step_notify(*, cases: list[RectificationCase], step: CaseStep, key: str, texts: dict[int, str]) -> None:
    """Tell the organization's side of each case of a step the system took on many cases at once (one insert)."""
    users = organization_side_users(cases)
    notifications_create(
        Notification(
            user_id=user_id,
            key=f"rectification:{case.pk}:{key}",
            text=_message(case, step, texts.get(case.pk, ""))[:TEXT_MAX],
            url=reverse("evaluations:rectification_detail", args=[case.pk]),
        )
        for case in cases
        for user_id in users[case.pk]
    )


def case_step_notify(*, case: RectificationCase, step: CaseStep, key: str, text: str = "", by: User | None) -> None:
    """Tell the side concerned by the step, inside its transaction."""
    users = side_users(case, STEP_SIDE[step]) - {getattr(by, "pk", None)}
    message = _message(case, step, text)
    url = reverse("evaluations:rectification_detail", args=[case.pk])
    notify(users=users, key=f"rectification:{case.pk}:{key}", text=message, url=url)
