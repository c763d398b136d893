"""One-time vote codes (投票码): at least 128 random bits, issued in batches, kept only as hashes.

A code is read off paper and sometimes typed: its alphabet leaves out the look-alikes 0 O o 1 I l, so no code
can be misread. Codes issued before (URL-safe base64, which has them) keep working: a code is looked up by its
hash whatever its characters.
"""

import hashlib
import math
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Survey, VoteCode
from evaluations.services.votes.surveys import VoteRefused, check_survey_manager, survey_refusal, vote_refused
from orgs.models import User
from orgs.services.audit import audit_record

CODE_ALPHABET = "".join(
    character for character in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz23456789" if character not in "OoIl"
)
CODE_BITS = 128
CODE_LENGTH = math.ceil(CODE_BITS / math.log2(len(CODE_ALPHABET)))  # 23 characters of 56: 133 bits


def vote_code_new() -> str:
    """A fresh one-time code: at least 128 random bits, none of its characters a look-alike."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def vote_code_hash(code: str) -> str:
    """What is stored of a code: its SHA-256 in hex."""
    return hashlib.sha256(code.encode()).hexdigest()


MAX_CODES_PER_ISSUE = 1000


CODE_BATCH = 1000


def vote_codes_issue(*, survey: Survey, count: int, expires_at: datetime, by: User) -> list[str]:
    """Create ``count`` one-time codes and return them in clear, this once: only their hashes are kept."""
    check_survey_manager(by, survey)
    now = timezone.now()
    refusal = survey_refusal(survey, now)
    if refusal is not None and refusal.code != "not_started":
        raise refusal
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise vote_refused(_("Issue from 1 to %(max)d codes at a time.") % {"max": MAX_CODES_PER_ISSUE}, "bad_count")
    if expires_at <= now:
        raise vote_refused(_("The codes must expire in the future."), "bad_expiry")
    codes = [vote_code_new() for _ in range(count)]
    with transaction.atomic():
        VoteCode.objects.bulk_create(
            [
                VoteCode(survey=survey, code_hash=vote_code_hash(code), expires_at=expires_at, created_by=by)
                for code in codes
            ],
            batch_size=CODE_BATCH,
        )
        audit_record(
            action=EvaluationAuditAction.VOTE_CODES_ISSUE,
            actor=by,
            object_type="survey",
            object_id=survey.pk,
            detail={"vote_codes_issued": count, "expires_at": expires_at.isoformat()},
        )
    return codes


def code_refusal(vote_code: VoteCode | None, now: datetime) -> VoteRefused | None:
    if vote_code is None:
        return vote_refused(_("This vote code is not valid. Check that the link was copied whole."), "unknown")
    if vote_code.used:
        return vote_refused(_("This vote code has already been used: each code votes once."), "used")
    if vote_code.expires_at <= now:
        return vote_refused(_("This vote code has expired."), "expired")
    return survey_refusal(vote_code.survey, now)
