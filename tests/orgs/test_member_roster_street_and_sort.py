"""The member roster filters by street and sorts by its columns, keeping the other filters."""

import re
from datetime import date

from django.urls import reverse

from tests.factories import MemberFactory


def names_on(page: str, names) -> list[str]:
    """The given names in the order the page shows them."""
    return sorted((name for name in names if name in page), key=page.index)


def test_the_street_filter_keeps_only_that_streets_members(district, login):
    client = login(district.users["district_admin"])

    page = client.get(reverse("member_list"), {"street": district.other_street.pk}).content.decode()

    assert "李四" in page and "张三" not in page
    assert f'<option value="{district.other_street.pk}" selected>西城街道党工委</option>' in page


def test_a_street_outside_the_users_scope_is_not_offered_and_filters_nothing(district, login):
    client = login(district.users["street_staff"])

    page = client.get(reverse("member_list"), {"street": district.other_street.pk}).content.decode()

    assert "西城街道党工委" not in page and 'name="street"' not in page  # one street: no choice to offer
    assert "张三" in page and "李四" not in page


def test_a_column_sorts_ascending_then_descending(district, login):
    MemberFactory(branch=district.branch, name="王五", joined_on=date(1999, 7, 1))
    MemberFactory(branch=district.branch, name="赵六", joined_on=date(2012, 7, 1))
    client = login(district.users["district_admin"])
    everyone = ("张三", "李四", "王五", "赵六")  # 张三 and 李四 joined in 2005

    ascending = client.get(reverse("member_list"), {"sort": "joined_on", "street": district.street.pk})
    descending = client.get(reverse("member_list"), {"sort": "-joined_on", "street": district.street.pk})

    assert names_on(ascending.content.decode(), everyone) == ["王五", "张三", "赵六"]
    assert names_on(descending.content.decode(), everyone) == ["赵六", "张三", "王五"]
    page = descending.content.decode()
    assert 'aria-sort="descending"' in page
    [again] = [link for link in re.findall(r'href="\?([^"]*)"', page) if "sort=joined_on" in link]
    assert f"street={district.street.pk}" in again  # clicking again sorts ascending, in the same street


def test_an_unknown_sort_falls_back_to_names(district, login):
    client = login(district.users["district_admin"])

    response = client.get(reverse("member_list"), {"sort": "id_card_encrypted"})

    assert response.status_code == 200
    page = response.content.decode()
    assert '<th aria-sort="ascending"><a class="sort" href="?sort=-name"' in page
