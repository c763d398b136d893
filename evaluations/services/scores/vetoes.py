"""The veto items a stage marks as hit: replacing the stage's list and the history rows of what changed."""

from evaluations.models import ScoreChange, ScoreChangeKind, VetoHit

VETO_HIT = "hit"  # ScoreChange value of a veto item hit; blank when not hit


def vetoes_save(evaluation, stage, vetoes: dict[str, str], veto_items, by, now) -> list[ScoreChange]:
    """Replace the stage's vetoes hit; return the history rows of the items hit, unhit or re-noted."""
    existing = {hit.veto_item_id: hit for hit in VetoHit.objects.filter(evaluation=evaluation, stage=stage)}
    wanted = {veto_items[code].pk: note for code, note in vetoes.items()}
    code_of = {veto.pk: code for code, veto in veto_items.items()}
    removed = [hit for pk, hit in existing.items() if pk not in wanted]
    VetoHit.objects.filter(pk__in=[hit.pk for hit in removed]).delete()
    history = [(code_of.get(hit.veto_item_id, ""), VETO_HIT, "", "") for hit in removed]
    changed = []
    for pk, note in wanted.items():
        hit = existing.get(pk)
        if hit is None:
            VetoHit.objects.create(evaluation=evaluation, veto_item_id=pk, stage=stage, note=note, marked_by=by)
            history.append((code_of[pk], "", VETO_HIT, note))
        elif hit.note != note:
            hit.note, hit.marked_by = note, by
            changed.append(hit)
            history.append((code_of[pk], VETO_HIT, VETO_HIT, note))
    VetoHit.objects.bulk_update(changed, ["note", "marked_by", "marked_at"])
    return [
        ScoreChange(
            evaluation=evaluation,
            stage=stage,
            kind=ScoreChangeKind.VETO,
            code=code,
            old_value=old,
            new_value=new,
            note=note,
            by=by,
            at=now,
        )
        for code, old, new, note in history
    ]
