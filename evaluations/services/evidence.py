"""Evidence files (佐证材料) per item: checked by size and content, stored, audited."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import (
    Evaluation,
    Evidence,
)
from evaluations.permissions import check_stage_actor
from evaluations.selectors.evaluations import evaluation_tree
from evaluations.services.scores.inputs import ScoreErrors
from evaluations.services.scores.sheet import scores_ensure_open
from orgs.models import User
from orgs.services.audit import audit_record

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# The first bytes each allowed type starts with, so a renamed file is refused too.
EVIDENCE_MAGIC = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG",
    ".docx": b"PK",
}


def evidence_file_type(upload, *, item: str) -> str:
    """The content type of an evidence file: pdf, jpg, png or docx of at most 10 MB, checked by name and content;
    a refusal names the item and the file."""
    suffix = Path(upload.name or "").suffix.lower()
    values = {"item": item, "name": upload.name}
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(_("%(item)s: %(name)s is not a PDF, JPG, PNG or DOCX file.") % values)
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("%(item)s: %(name)s is larger than 10 MB.") % values)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_MAGIC[suffix]):
        raise ValidationError(_("%(item)s: the content of %(name)s does not match its type.") % values)
    return EVIDENCE_TYPES[suffix]


def evidence_file_fields(uploads, types: list[str], *, by: User | None) -> list[dict]:
    """The stored fields of each checked upload (file, name, type, size, who), for a model of evidence files."""
    return [
        {
            "file": upload,
            "original_name": Path(str(upload.name)).name[-255:],  # the name without a folder, its type kept
            "content_type": content_type,
            "size": upload.size,
            "uploaded_by": by,
        }
        for upload, content_type in zip(uploads, types, strict=True)
    ]


def evidence_add(*, evaluation: Evaluation, stage: str, code: str, upload, by: User | None) -> Evidence:
    """Attach one file to an item: pdf, jpg, png or docx of at most 10 MB, checked by name and content."""
    check_stage_actor(by, evaluation, stage)
    leaf = evaluation_tree(evaluation).leaf_by_code().get(code)
    if leaf is None:
        raise ValidationError(_("%(code)s: not an item of this evaluation.") % {"code": code})
    content_type = evidence_file_type(upload, item=leaf.label)
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update(of=("self",)).select_related("campaign", "stage").get(pk=evaluation.pk)
        )
        try:
            scores_ensure_open(locked, stage)
        except ScoreErrors as refusal:
            raise ValidationError(refusal.errors_by_code["__all__"]) from None
        evidence = Evidence.objects.create(
            evaluation=evaluation,
            item=leaf.item,
            personalized_item=leaf.personalized_item,
            stage=stage,
            **evidence_file_fields([upload], [content_type], by=by)[0],
        )
        audit_record(
            action=EvaluationAuditAction.EVIDENCE_UPLOAD,
            actor=by,
            object_type="evaluation",
            object_id=evaluation.pk,
            detail={"item": code, "file": evidence.original_name, "size": upload.size},
        )
    return evidence


def evidence_files_attach(model, *, change, uploads: list, types: list[str], by: User | None) -> None:
    """Store checked uploads (see ``evidence_file_type``) as ``model`` rows of the change they support, in one
    insert."""
    model.objects.bulk_create(model(change=change, **fields) for fields in evidence_file_fields(uploads, types, by=by))
