"""Policy what-ifs (issue 13, item 6): try a draft of a template on a campaign, keep the outcome, adopt the draft.

The run gathers the campaign's inputs street by street with the computation's own reads and inputs code, runs the
engine with the current template and with the draft, and compares each organization: nothing is written to the
campaign's results. A request is a PolicyWhatIf row that a task claims with a conditional update; adopting it
loads the draft as the template's next version.
"""

from dataclasses import replace
from datetime import datetime, timedelta

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.audit import EvaluationAuditAction
from evaluations.models import Campaign, ComputationStatus, PolicyWhatIf
from evaluations.services.compute.chunks import campaign_chunks, campaign_run
from evaluations.services.compute.inputs import (
    NO_PERSONALISED,
    EvaluationInputs,
    engine_inputs,
    evaluation_inputs,
    gather,
    scored_template,
    scores_by_code,
)
from evaluations.services.compute.reads import chunk_reads
from evaluations.services.whatif_consequences import (
    CONSEQUENCE_COLUMN,
    rule_set_what_if_outcome,
    template_consequence_column,
)
from orgs.models import Organization, User
from orgs.permissions import Capability, check_actor
from orgs.services.audit import audit_record
from scoring.definitions import SchemeName, Template
from scoring.drafts import sharing_with
from scoring.engine import InputError, Inputs, Result, compute
from scoring.models import IndicatorTemplate
from scoring.services import template_load
from scoring.template_format.reading import template_from_dict
from scoring.whatif import Change, Direction, compare, grade_order, tally

WHAT_IF_CAPABILITY = Capability.MANAGE_CAMPAIGNS
COLUMN = "results"  # the comparison of stars and grades; the consequences have a column of their own


def _check(by: User | None, campaign: Campaign, object_id: object) -> None:
    check_actor(by, WHAT_IF_CAPABILITY, campaign.scope, object_type="policy_what_if", object_id=object_id)


def policy_what_if_request(
    *, template: IndicatorTemplate, campaign: Campaign, draft: dict, edits: list[dict], by: User | None
) -> PolicyWhatIf:
    """Ask for a run of the draft (a definition in the file's layout) on a campaign that used the template; the
    task starts after the commit."""
    from evaluations.tasks import policy_what_if  # lazily: the task module imports this service

    _check(by, campaign, campaign.pk)
    if not campaign.evaluations.filter(template=template).exists():
        raise ValidationError({"campaign": _("This campaign rated no organization on this template.")})
    with transaction.atomic():
        what_if = PolicyWhatIf.objects.create(
            template=template, campaign=campaign, draft=draft, edits=edits, requested_by=by
        )
        audit_record(
            action=EvaluationAuditAction.WHAT_IF_RUN,
            actor=by,
            object_type="policy_what_if",
            object_id=what_if.pk,
            detail={"template": template.pk, "campaign": campaign.pk, "edits": [edit["field"] for edit in edits]},
        )
    what_if_id = what_if.pk
    transaction.on_commit(lambda: policy_what_if.delay(what_if_id))
    return what_if


def _result(template: Template, inputs: Inputs, memo: dict) -> Result | None:
    try:
        return compute(template, inputs, memo=memo)
    except InputError:
        return None


def _drafted(scored: Template, inputs: EvaluationInputs, current: Template, draft: Template, trees: dict) -> Template:
    """The draft as the community sees it: the current scored tree with the draft's scheme, gate and veto items
    when the draft keeps the tree (the engine then sums the points once for both), else the draft's own tree."""
    if draft.dimensions is current.dimensions:
        return replace(scored, scheme=draft.scheme, satisfaction=draft.satisfaction, vetoes=draft.vetoes)
    return scored_template(replace(inputs, template=draft), trees)


def _change_row(evaluation_id: int, organization: tuple, street_id: int, change: Change) -> dict:
    organization_id, code, name = organization
    return {
        "evaluation": evaluation_id,
        "organization": organization_id,
        "code": code,
        "name": name,
        "street": street_id,
        "direction": change.direction.value,
        "stars_before": change.stars_before,
        "stars_after": change.stars_after,
        "grade_before": change.grade_before,
        "grade_after": change.grade_after,
        "reasons": [reason.as_dict() for reason in change.reasons],
    }


def _compare_chunk(what_if: PolicyWhatIf, read, run, draft: Template, grades: tuple) -> list[tuple]:
    """One street: the evaluations on the template, each computed under both definitions and compared."""
    with transaction.atomic():
        gathered = gather(read(), run)
    current = run.templates[what_if.template_id]
    draft_vetoes = frozenset(veto.code for veto in draft.vetoes)
    entries = [
        (
            evaluation_id,
            organization_id,
            evaluation_inputs(
                current,
                template_id,
                gathered.scores.get(evaluation_id, {}),
                gathered.vetoes.get(evaluation_id, {}),
                gathered.personalised.get(organization_id, NO_PERSONALISED),
                gathered.votes.get(evaluation_id, {}),
                fingerprinted=False,
            ),
        )
        for evaluation_id, organization_id, template_id, _fingerprint in gathered.rows
        if template_id == what_if.template_id
    ]
    scores = scores_by_code(entries, gathered.names, run)
    trees: dict = {}
    drafted: dict[int, Template] = {}
    compared = []
    for evaluation_id, organization_id, inputs in entries:
        scored = scored_template(inputs, trees)
        scored_draft = drafted.get(id(scored))
        if scored_draft is None:
            scored_draft = drafted[id(scored)] = _drafted(scored, inputs, current, draft, trees)
        engine = engine_inputs(inputs, scores[evaluation_id])
        memo: dict = {}
        before = _result(scored, engine, memo)
        # A veto item the draft no longer has is no longer hit.
        hit = engine.vetoes_hit
        after = _result(scored_draft, replace(engine, vetoes_hit=hit & draft_vetoes) if hit else engine, memo)
        compared.append((evaluation_id, organization_id, compare(before, after, grades=grades)))
    return compared


def policy_what_if_run(*, what_if_id: int, now: datetime | None = None) -> PolicyWhatIf | None:
    """Claim a waiting what-if and run it street by street, with progress; None when another run has it."""
    now = now or timezone.now()
    # A run whose worker died mid-way (its task is delivered again) is taken over once its lease has passed.
    lease = now - timedelta(seconds=settings.POLICY_WHAT_IF_LEASE_SECONDS)
    waiting = Q(status=ComputationStatus.PENDING) | Q(status=ComputationStatus.RUNNING, started_at__lt=lease)
    if not PolicyWhatIf.objects.filter(waiting, pk=what_if_id).update(
        status=ComputationStatus.RUNNING, started_at=now, streets_done=0
    ):
        return None
    what_if = PolicyWhatIf.objects.select_related("campaign", "template", "rule_set", "scope").get(pk=what_if_id)
    try:
        comparison, changed, count = rule_set_what_if_outcome(what_if) if what_if.rule_set_id else _run(what_if)
    except Exception as error:
        PolicyWhatIf.objects.filter(pk=what_if_id).update(
            status=ComputationStatus.FAILED, finished_at=max(timezone.now(), now), error=repr(error)[:2000]
        )
        raise
    PolicyWhatIf.objects.filter(pk=what_if_id).update(
        status=ComputationStatus.SUCCEEDED,
        finished_at=max(timezone.now(), now),
        comparison=comparison,
        changed=changed,
        evaluations_count=count,
    )
    what_if.refresh_from_db()
    return what_if


def _run(what_if: PolicyWhatIf) -> tuple[dict, list[dict], int]:
    campaign = what_if.campaign
    run = campaign_run(campaign)
    current = run.templates[what_if.template_id]
    draft = sharing_with(current, template_from_dict(what_if.draft))
    grades = grade_order(current.scheme.grade_bands) if current.scheme.name == SchemeName.WEIGHTED_GRADE else ()
    chunks = campaign_chunks(campaign)
    streets = dict(Organization.objects.filter(path__in=chunks).values_list("path", "pk"))
    PolicyWhatIf.objects.filter(pk=what_if.pk).update(streets_total=len(chunks))
    by_street: list[tuple[int, object]] = []
    changed: list[dict] = []
    for done, (chunk, read) in enumerate(chunk_reads(campaign, chunks), start=1):
        compared = _compare_chunk(what_if, read, run, draft, grades)
        street_id = streets.get(chunk)
        by_street.extend((street_id, change) for _evaluation, _organization, change in compared)
        moved = [each for each in compared if each[2].direction in (Direction.GAIN, Direction.LOSE)]
        if moved:
            names = {
                pk: (pk, code, name)
                for pk, code, name in Organization.objects.filter(pk__in=[each[1] for each in moved]).values_list(
                    "pk", "code", "name"
                )
            }
            changed.extend(
                _change_row(evaluation_id, names[organization_id], street_id, change)
                for evaluation_id, organization_id, change in moved
            )
        PolicyWhatIf.objects.filter(pk=what_if.pk).update(streets_done=done)
    groups, total = tally(by_street)
    comparison = {
        COLUMN: {
            "streets": [{"street": street_id} | counts.as_dict() for street_id, counts in groups.items()],
            "total": total.as_dict(),
        },
        CONSEQUENCE_COLUMN: template_consequence_column(campaign=campaign, template=what_if.template, changed=changed),
    }
    return comparison, changed, len(by_street)


def _next_version(code: str) -> int:
    newest = IndicatorTemplate.objects.filter(code=code).order_by("-version").values_list("version", flat=True)
    return newest[0] + 1


def what_if_next_version(what_if: PolicyWhatIf) -> int:
    """The version number adopting the draft would make."""
    return _next_version(what_if.template.code)


def policy_what_if_adopt(*, what_if: PolicyWhatIf, by: User | None) -> IndicatorTemplate:
    """Load the draft as the template's next version (the campaigns on earlier versions keep theirs); audited."""
    _check(by, what_if.campaign, what_if.pk)
    with transaction.atomic():
        locked = PolicyWhatIf.objects.select_for_update().get(pk=what_if.pk)
        if locked.adopted_template_id is not None:
            raise ValidationError(
                _("This draft was adopted already, as version %(version)s.")
                % {"version": locked.adopted_template.version}
            )
        if locked.status != ComputationStatus.SUCCEEDED:
            raise ValidationError(_("Only a draft whose run has finished can be adopted."))
        version = _next_version(what_if.template.code)
        definition = dict(locked.draft, version=version)
        stored = template_load(
            source_yaml=yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=120), by=by
        )
        if stored.version != version:
            raise ValidationError(
                _("The draft is the same as version %(version)s of the template: nothing to adopt.")
                % {"version": stored.version}
            )
        locked.adopted_template, locked.adopted_by, locked.adopted_at = stored, by, timezone.now()
        locked.save(update_fields=["adopted_template", "adopted_by", "adopted_at"])
        audit_record(
            action=EvaluationAuditAction.WHAT_IF_ADOPT,
            actor=by,
            object_type="policy_what_if",
            object_id=locked.pk,
            detail={"template": stored.code, "version": stored.version, "from_version": what_if.template.version},
        )
    what_if.refresh_from_db()
    return stored
