"""Admonition supervision (诫勉监督) of a low-star secretary with a rectification deadline (Jinyuan, seed 001:
任期内星级较低的, 由区委组织部进行诫勉监督、责令限期整改提升)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import SecretaryStarYear, SecretarySupervision
from evaluations.rules.secretary_stars import under_supervision
from evaluations.selectors.secretary_stars import secretary_star_level
from orgs.models import User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record


def supervision_set(
    *, record: SecretaryStarYear, deadline: date | None, note: str, by: User | None, today: date | None = None
) -> SecretarySupervision:
    """Put a secretary whose year ended on low stars under supervision, with a deadline (the rule set's default
    number of days from today when none is given); setting it again moves the deadline."""
    secretary = record.secretary
    check_actor(
        by, Capability.BUILD_RECOMMENDATION, secretary.organization, object_type="secretary", object_id=secretary.pk
    )
    today = today or timezone.localdate()
    level = secretary_star_level(record=record)
    if not under_supervision(level.level, supervision_stars_at_most=record.rule_set.supervision_stars_at_most):
        raise ValidationError(
            _("%(name)s has %(level)s stars in %(year)s: supervision is for %(most)s stars or fewer.")
            % {
                "name": secretary.name,
                "level": level.level,
                "year": record.year,
                "most": record.rule_set.supervision_stars_at_most,
            }
        )
    deadline = deadline or today + timedelta(days=record.rule_set.rectification_days)
    if deadline <= today:
        raise ValidationError({"deadline": _("The rectification deadline must be after today.")})
    with transaction.atomic():
        supervision, _created = SecretarySupervision.objects.update_or_create(
            person_key=record.person_key,
            year=record.year,
            defaults={
                "secretary": secretary,
                "star_level": level.level,
                "deadline": deadline,
                "note": (note or "").strip(),
                "set_by": by,
                "set_at": timezone.now(),
            },
        )
        audit_record(
            action=EvaluationAuditAction.SUPERVISION_SET,
            actor=by,
            object_type="secretary",
            object_id=secretary.pk,
            detail={"year": record.year, "level": level.level, "deadline": deadline.isoformat()},
        )
    return supervision
