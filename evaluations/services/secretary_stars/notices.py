"""Who hears of a star change and what they read: a proposal goes to the district organization department, a
decision back to the street, and a removal or an undo to the secretary (their account, if they have one) and to
their community and street. Whoever acted is not told of it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.models import SecretaryStarChange
from evaluations.services.notifications import notify
from orgs.models import User
from orgs.roles import Role
from orgs.selectors import role_holders_over

EVENT_TEXTS = {
    "proposed": _("%(name)s (%(organization)s): %(kind)s %(stars)s proposed for %(year)s, waiting for approval."),
    "approved": _("%(name)s (%(organization)s): %(kind)s %(stars)s approved, effective from %(date)s."),
    "rejected": _("%(name)s (%(organization)s): %(kind)s %(stars)s rejected: %(note)s"),
    "removed": _("%(name)s (%(organization)s): %(stars)s stars removed from %(date)s. Reason: %(reason)s"),
    "undone": _("%(name)s (%(organization)s): %(kind)s %(stars)s undone. Reason: %(note)s"),
}

EVENT_ROLES = {
    "proposed": (Role.DISTRICT_ADMIN,),
    "approved": (Role.STREET_STAFF,),
    "rejected": (Role.STREET_STAFF,),
    "removed": (Role.STREET_STAFF, Role.ORG_ADMIN),
    "undone": (Role.STREET_STAFF, Role.ORG_ADMIN),
}


def star_change_notify(*, change: SecretaryStarChange, event: str, by: User | None) -> None:
    """Tell those concerned by the event, inside its transaction; the key makes each event one notice a person."""
    secretary = change.secretary
    organization = secretary.organization
    holders = role_holders_over([organization.path], EVENT_ROLES[event])[organization.path]
    users = set().union(*holders.values()) if holders else set()
    if event in ("removed", "undone") and secretary.member_id:
        users |= set(User.objects.filter(member_id=secretary.member_id, is_active=True).values_list("pk", flat=True))
    users.discard(getattr(by, "pk", None))
    text = EVENT_TEXTS[event] % {
        "name": secretary.name,
        "organization": organization.name,
        "kind": change.get_kind_display(),
        "stars": change.stars,
        "year": change.record.year,
        "date": change.effective_on.isoformat(),
        "reason": change.reason,
        "note": change.undo_reason or change.decision_note,
    }
    url = reverse("evaluations:secretary_star_history", args=[secretary.pk])
    notify(users=users, key=f"secretary-star-change:{change.pk}:{event}", text=text, url=url)
