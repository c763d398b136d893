"""Publicity pages: the public page of a street's proposed stars (no login), where anyone files an objection;
the street's page to answer objections and close the publicity; the printed notice.

The public address is ``/publicity/<campaign id>/<street code>/``: both are known to residents from the
printed notice and nothing secret is behind it. It lists data only while organizations of that street sit at
the publicity stage of an open campaign, and then only their names, proposed stars and totals.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evaluations.exports.publicity_notice import NoticeEntry, NoticeText, publicity_notice_pdf
from evaluations.forms.common import cleaned
from evaluations.forms.publicity import ObjectionAnswerForm, ObjectionForm
from evaluations.permissions import get_objection_for_user, get_publicity_for_user
from evaluations.selectors.publicity import (
    Publicity,
    objection_contact_masked,
    open_objection_counts,
    publicity_of,
    publicity_street,
    street_objections,
)
from evaluations.services.publicity import ObjectionRefused, objection_answer, objection_file, publicity_close
from evaluations.templatetags.points import points
from orgs.client_address import client_address
from orgs.models import AuditAction, Level, Organization
from orgs.permissions import Capability
from orgs.services.audit import audit_record
from orgs.tree import STEPLEN

DATETIME = "%Y-%m-%d %H:%M"


def _public_url(request: HttpRequest, campaign_id: int, street: Organization) -> str:
    return request.build_absolute_uri(
        reverse("evaluations:publicity_public", kwargs={"campaign_id": campaign_id, "street_code": street.code})
    )


def _rows(publicity: Publicity) -> list[dict]:
    """What the pages and the notice show of each organization: name, proposed stars, total. No personal data."""
    rows = []
    for evaluation in publicity.evaluations:
        result = getattr(evaluation, "result", None)
        stars = result.stars if result is not None else None
        rows.append(
            {
                "evaluation": evaluation,
                "organization": evaluation.organization.name,
                "stars": stars,
                "star_marks": "★" * stars if stars else "",
                "total": points(result.total) if result is not None else "—",
            }
        )
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def publicity_public(request: HttpRequest, campaign_id: int, street_code: str) -> HttpResponse:
    """The public page: the organizations publicised and their proposed stars; a form to file an objection."""
    campaign, street = publicity_street(campaign_id, street_code)
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        form = ObjectionForm(request.POST)
        if not form.is_valid():
            values = {key: form.cleaned_data.get(key, "") for key in form.fields}
            errors, status = {name: list(messages) for name, messages in form.errors.items()}, 400
        else:
            values = form.cleaned_data
            try:
                objection_file(
                    campaign=campaign,
                    street=street,
                    evaluation_id=values["evaluation"],
                    text=values["text"],
                    name=values["name"],
                    contact=values["contact"],
                    client_address=client_address(request) or "",
                )
            except ObjectionRefused as refusal:
                errors = refusal.message_dict
                status = 429 if refusal.reason == "throttled" else 410
            except ValidationError as error:
                errors, status = error.message_dict, 400
            else:
                return redirect(_public_url(request, campaign.pk, street) + "?filed=1#objection")
    publicity = publicity_of(campaign, street)
    context = {
        "campaign": campaign,
        "street": street,
        "publicity": publicity,
        "rows": _rows(publicity),
        "values": values,
        "errors": errors,
        "general_errors": errors.get("__all__", []),
        "filed": request.GET.get("filed") == "1",
        "per_hour": settings.PUBLICITY_OBJECTIONS_PER_HOUR,
        "supervision_phone": _supervision_phone_lines(),
    }
    return render(request, "evaluations/publicity_public.html", context, status=status)


def _manage_url(campaign_id: int, street: Organization) -> str:
    return reverse("evaluations:publicity_manage", kwargs={"campaign_id": campaign_id, "street_code": street.code})


@login_required
@require_GET
def publicity_manage(request: HttpRequest, campaign_id: int, street_code: str) -> HttpResponse:
    """The street's publicity: who is publicised until when, the objections with their answers, closing."""
    campaign, street = get_publicity_for_user(request.user, campaign_id, street_code, Capability.RUN_PUBLICITY)
    publicity = publicity_of(campaign, street)
    rows = _rows(publicity)
    open_counts = open_objection_counts(row["evaluation"].pk for row in rows)
    for row in rows:
        row["open_objections"] = open_counts.get(row["evaluation"].pk, 0)
    objections = street_objections(campaign, street)
    for objection in objections:
        objection.contact_masked = objection_contact_masked(objection)
    context = {
        "campaign": campaign,
        "street": street,
        "publicity": publicity,
        "rows": rows,
        "objections": objections,
        "public_url": _public_url(request, campaign.pk, street),
        "may_close": publicity.is_open and publicity.ends_at <= timezone.now() and not any(open_counts.values()),
    }
    return render(request, "evaluations/publicity_manage.html", context)


@login_required
@require_POST
def objection_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The street answers one objection; the page comes back with the answer or a message naming the problem."""
    objection = get_objection_for_user(request.user, pk, Capability.RUN_PUBLICITY)
    organization = objection.evaluation.organization
    prefixes = [organization.path[:end] for end in range(STEPLEN, len(organization.path) + 1, STEPLEN)]
    street = Organization.objects.filter(path__in=prefixes, level=Level.STREET).first() or organization
    try:
        answer = cleaned(ObjectionAnswerForm(request.POST))["answer"]
        objection_answer(objection=objection, answer=answer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The objection on %(organization)s is answered.") % {"organization": organization.name}
        )
    return redirect(_manage_url(objection.evaluation.campaign_id, street) + f"#objection-{pk}")


@login_required
@require_POST
def publicity_close_view(request: HttpRequest, campaign_id: int, street_code: str) -> HttpResponse:
    """Close the street's publicity: each organization moves on to the department opinions or says why not."""
    campaign, street = get_publicity_for_user(request.user, campaign_id, street_code, Capability.RUN_PUBLICITY)
    try:
        closing = publicity_close(campaign=campaign, street=street, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if closing.moved:
            messages.success(
                request,
                _("Publicity closed for: %(organizations)s.") % {"organizations": "、".join(closing.moved)},
            )
        for organization, reason in closing.refused:
            messages.error(
                request,
                _("%(organization)s: the publicity cannot close: %(reason)s")
                % {"organization": organization, "reason": reason},
            )
    return redirect(_manage_url(campaign.pk, street))


def _supervision_phone_lines() -> tuple[str, ...]:
    """The supervision phone (监督电话) as the notice and the public page say it; nothing when none is set."""
    phone = settings.PUBLICITY_SUPERVISION_PHONE
    return (_("Supervision phone: %(phone)s") % {"phone": phone},) if phone else ()


@login_required
@require_GET
def publicity_notice(request: HttpRequest, campaign_id: int, street_code: str) -> HttpResponse:
    """The printed publicity notice (公示通知) of the street, as PDF with Chinese text."""
    campaign, street = get_publicity_for_user(request.user, campaign_id, street_code, Capability.RUN_PUBLICITY)
    publicity = publicity_of(campaign, street)
    entries = [
        NoticeEntry(
            organization=row["organization"],
            stars=_("%(stars)s stars") % {"stars": row["stars"]} if row["stars"] is not None else "—",
            total=row["total"],
        )
        for row in _rows(publicity)
    ]
    if publicity.is_open:
        window = _("Publicity period: from %(start)s to %(end)s (at least %(days)s days).") % {
            "start": timezone.localtime(publicity.starts_at).strftime(DATETIME),
            "end": timezone.localtime(publicity.ends_at).strftime(DATETIME),
            "days": publicity.stage.min_days,
        }
    else:
        window = _("No organization of this street is publicised at present.")
    url = _public_url(request, campaign.pk, street)
    text = NoticeText(
        title=_("Publicity notice: %(campaign)s") % {"campaign": campaign.name},
        introduction=_(
            "The street review of %(street)s is complete. The proposed star levels of the following party "
            "organizations are made public below and open to supervision by party members and the masses."
        )
        % {"street": street.name},
        window=window,
        headers=(_("No."), _("Party organization"), _("Proposed stars"), _("Total")),
        how_to_object=(
            _(
                "How to object: anyone with an objection may file it during the publicity period on the page below "
                "(scan the QR code), giving the organization and the facts. A name and a contact phone are optional."
            ),
            _("Every objection is checked and answered by the street before the publicity closes."),
            *_supervision_phone_lines(),
        ),
        url=url,
        issuer=f"{street.name}  {timezone.localdate():%Y-%m-%d}",
        empty=_("No organization of this street is publicised at present."),
    )
    content = publicity_notice_pdf(entries, text)
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="organization",
        object_id=street.pk,
        detail={"kind": "publicity_notice", "format": "pdf", "campaign": campaign.pk, "rows": len(entries)},
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="publicity-{campaign.pk}-{street.code}.pdf"'
    return response
