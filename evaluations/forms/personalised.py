"""The street's "+1" personalised sub-items of one community (Yucheng 4+1, seed 000)."""

from django import forms

from evaluations.forms.common import RowFieldsForm

ROW_FIELDS = ("parent_code", "code", "name", "points", "standard")
MAX_ROWS = 200


class PersonalisedItemsForm(RowFieldsForm):
    """One row of fields per sub-item (``code-0``, ``name-0`` …); ``rows`` says how many rows the page had.

    Rows left empty are dropped; the service checks the others and names each by its position and code.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            self.row_count = min(int(self.data.get("rows", "0")), MAX_ROWS)
        except (TypeError, ValueError):
            self.row_count = 0
        for index in range(self.row_count):
            for field in ROW_FIELDS:
                self.add_row_field(str(index), f"{field}-{index}", forms.CharField(required=False))

    def rows(self) -> list[dict[str, str]]:
        """The rows typed, in the page's order, without the empty ones."""
        rows = [
            {field: self.cleaned_data.get(f"{field}-{index}", "") for field in ROW_FIELDS}
            for index in range(self.row_count)
        ]
        return [row for row in rows if any(row[field] for field in ("code", "name", "points", "standard"))]
