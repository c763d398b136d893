"""The street's "+1" personalised sub-items of one community (Yucheng 4+1, seed 000)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.forms.common import error_messages
from evaluations.forms.personalised import ROW_FIELDS, PersonalisedItemsForm
from evaluations.models import PersonalizedItem
from evaluations.permissions import get_evaluation_for_user
from evaluations.selectors.evaluations import evaluation_tree, personalised_items_scored
from evaluations.services.campaigns import personalized_items_set
from orgs.permissions import Capability

EMPTY_ROWS = 3


def _saved_rows(evaluation) -> list[dict]:
    return [
        {
            "parent_code": row.parent_code,
            "code": row.code,
            "name": row.name,
            "points": format(row.points_max.normalize(), "f"),
            "standard": row.standard,
        }
        for row in PersonalizedItem.objects.filter(
            campaign_id=evaluation.campaign_id, organization_id=evaluation.organization_id
        ).order_by("order", "pk")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def personalised_items_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The street sets a community's "+1" sub-items; the service checks that they make the dimension's points.

    Once a stage has scored them the page shows them read-only with the reason.
    """
    evaluation = get_evaluation_for_user(request.user, pk, Capability.REVIEW_SCORES)
    tree = evaluation_tree(evaluation)
    parents = [item for dimension in tree.dimensions if dimension.personalised for item in dimension.items]
    general_errors: list[str] = []
    locked_reason = ""
    if personalised_items_scored(evaluation.campaign_id, evaluation.organization_id):
        locked_reason = _(
            "%(organization)s has scores on its personalised sub-items: they can no longer be changed."
        ) % {"organization": evaluation.organization.name}
    if request.method == "POST" and not locked_reason:
        form = PersonalisedItemsForm(request.POST)
        valid = form.is_valid()
        rows = form.rows()
        if not valid:
            general_errors = error_messages(form)
        else:
            try:
                personalized_items_set(
                    campaign=evaluation.campaign, organization=evaluation.organization, items=rows, by=request.user
                )
            except ValidationError as error:
                # The service names each row "Sub-item N (code)"; put each message next to its row.
                for position, row in enumerate(rows, start=1):
                    where = _("Sub-item %(position)s (%(code)s)") % {"position": position, "code": row["code"] or "?"}
                    row["error"] = " ".join(message for message in error.messages if message.startswith(where))
                placed = {row["error"] for row in rows}
                general_errors = [message for message in error.messages if message not in placed]
            else:
                messages.success(request, _("The personalised sub-items were saved."))
                return redirect("evaluations:personalised_items", pk=evaluation.pk)
    else:
        rows = _saved_rows(evaluation)
    if locked_reason:
        names = {item.code: item.name for item in parents}
        rows = [{**row, "parent_name": names.get(row["parent_code"], "")} for row in rows]
        status = 409 if request.method == "POST" else 200
    else:
        rows = rows + [dict.fromkeys(ROW_FIELDS, "") for _row in range(EMPTY_ROWS)]
        status = 400 if general_errors or any(row.get("error") for row in rows) else 200
    return render(
        request,
        "evaluations/personalised_items.html",
        {
            "evaluation": evaluation,
            "parents": parents,
            "dimensions": [dimension for dimension in tree.dimensions if dimension.personalised],
            "rows": rows,
            "general_errors": general_errors,
            "locked_reason": locked_reason,
        },
        status=status,
    )
