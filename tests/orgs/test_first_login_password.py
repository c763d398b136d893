"""A first login with an initial password must change it; the policy wants 8+ chars of 3 classes."""

import pytest
from django.urls import reverse

from orgs.models import AuditAction, AuditEvent
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer", must_change_password=True)


def change(client, new):
    return client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )


def test_initial_password_sends_every_page_to_the_change_form(newcomer, client):
    client.force_login(newcomer)
    for name in ("home", "org_tree", "member_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert "您使用初始密码登录" in page.content.decode()


def test_a_password_of_two_character_classes_is_refused_in_chinese(newcomer, client):
    client.force_login(newcomer)
    response = change(client, "abcdefgh12")
    assert response.status_code == 200
    assert "至少包含以下 3 类" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
    assert newcomer.check_password(PASSWORD)


def test_a_short_password_is_refused(newcomer, client):
    client.force_login(newcomer)
    response = change(client, "Ab1!x")
    assert "密码长度太短" in response.content.decode()


def test_changing_the_password_opens_the_application(newcomer, client):
    client.force_login(newcomer)
    response = change(client, "Zhong-Hua-2026!")
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert newcomer.check_password("Zhong-Hua-2026!")
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGE, actor=newcomer).exists()
