"""The navigation offers only what the user may open."""

from django.urls import reverse


def test_street_staff_sees_the_roster_but_not_the_import(district, client):
    client.force_login(district.users["street_staff"])
    page = client.get(reverse("home")).content.decode()
    assert reverse("member_list") in page
    assert reverse("roster_import") not in page


def test_district_admin_sees_the_import(district, client):
    client.force_login(district.users["district_admin"])
    assert reverse("roster_import") in client.get(reverse("home")).content.decode()


def test_a_department_reviewer_is_not_offered_the_member_roster(district, client):
    client.force_login(district.users["department_reviewer"])
    page = client.get(reverse("org_tree")).content.decode()
    assert f'href="{reverse("member_list")}"' not in page
