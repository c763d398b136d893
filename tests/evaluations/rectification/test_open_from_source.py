"""A case opened by the system from a source elsewhere (a consequence of a rating): named by kind and id, opened once
however often the source asks, with the source in words."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import RectificationCase
from tests.support.rectification import case_on

pytestmark = pytest.mark.postgres


def test_the_same_source_opens_one_case(district):
    source = {"kind": "consequence", "source_kind": "consequence", "source_id": 41, "source_text": "连续两年二星"}
    first = case_on(district, by=None, **source)
    again = case_on(district, by=None, **source | {"title": "另一个标题"})
    assert again.pk == first.pk
    assert RectificationCase.objects.get().source_text == "连续两年二星"
    assert first.opened_by is None
    assert list(first.events.values_list("step", "by")) == [("opened", None)]


def test_a_consequence_case_is_not_opened_by_hand(district):
    with pytest.raises(ValidationError) as refused:
        case_on(district, kind="consequence")
    assert "kind" in refused.value.message_dict
