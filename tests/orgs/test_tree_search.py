"""The organization tree finds organizations by name or code, within the user's scope, with their trail."""

from django.urls import reverse


def test_a_search_lists_matches_with_the_names_above_them(district, login):
    client = login(district.users["district_admin"])

    page = client.get(reverse("org_tree"), {"q": "网格"}).content.decode()

    assert "找到 2 个与“网格”匹配的党组织" in page
    assert "示范区委 › 东城街道党工委 › 东城第一社区党委 › </span>" in page
    assert reverse("org_detail", kwargs={"pk": district.branch.pk}) in page


def test_a_search_by_code_finds_the_organization(district, login):
    page = login(district.users["district_admin"]).get(reverse("org_tree"), {"q": "c0102"}).content.decode()

    assert "找到 1 个与“c0102”匹配的党组织" in page and "东城村党总支" in page


def test_a_search_stays_within_the_users_scope(district, login):
    page = login(district.users["street_staff"]).get(reverse("org_tree"), {"q": "西城"}).content.decode()

    assert "您权限范围内没有名称或代码与此匹配的党组织。" in page
    assert reverse("org_detail", kwargs={"pk": district.other_street.pk}) not in page


def test_a_collapsed_node_says_so(district, login):
    page = login(district.users["street_staff"]).get(reverse("org_tree")).content.decode()

    assert f'aria-expanded="false" aria-controls="children-{district.street.pk}"' in page
