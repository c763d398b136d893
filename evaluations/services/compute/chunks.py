"""How a campaign's computation is cut: one chunk per street, keyed by the street's path.

A chunk is the path prefix of a street (its subtree), or the path of one organization above the streets (a
district, a city, the province): those take part on their own. The street's prefix length follows from the
tree's root level (``orgs.tree.street_path_length``), so a province's streets sit four steps down and a
district deployment's two.
"""

from django.db.models.functions import Substr

from evaluations.models import Campaign, Evaluation
from orgs.tree import street_path_length


def campaign_chunks(campaign: Campaign) -> list[str]:
    """The campaign's chunks: the paths of the streets (and of the organizations above them) with evaluations,
    in tree order; one query."""
    return list(
        Evaluation.objects.filter(campaign=campaign)
        .annotate(chunk=Substr("organization__path", 1, street_path_length()))
        .values_list("chunk", flat=True)
        .distinct()
        .order_by("chunk")
    )


def chunk_lookup(chunk: str) -> tuple[str, str]:
    """The organization path lookup that selects a chunk: a street's subtree, or one organization above them."""
    return ("path__startswith", chunk) if len(chunk) >= street_path_length() else ("path", chunk)
