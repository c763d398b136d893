"""No API response, as any role, carries an unmasked ID-card or phone number, a ciphertext or a keyed
hash: the crawl follows every list to every detail it links."""

import re
from datetime import date

import pytest
from django.urls import reverse

from orgs.models import Member, Secretary
from orgs.personal_data import decrypt
from tests.factories import ROLE_USERS, MemberFactory

ID_CARD = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
ROLES = [*ROLE_USERS, "superuser", "nobody"]
MEMBER_READERS = {"superuser", "district_admin", "district_approver", "street_staff", "org_admin", "outsider"}
DETAILS = {
    "api-organization-list": "api-organization-detail",
    "api-member-list": "api-member-detail",
    "api-secretary-list": "api-secretary-detail",
}


@pytest.fixture
def crawl_district(district):
    MemberFactory(branch=district.group, name="王五", phone="0731-88886666")
    MemberFactory(branch=district.other_branch, name="赵六", phone="")
    member = district.member
    Secretary.objects.create(
        organization=district.community, member=member, name=member.name, started_on=date(2021, 1, 1),
        id_card_encrypted=member.id_card_encrypted, id_card_hash=member.id_card_hash,
        id_card_masked=member.id_card_masked,
    )  # fmt: skip
    return district


def secrets_at_rest() -> set[str]:
    """Every stored form that must never leave the server: clear numbers, ciphertexts, keyed hashes."""
    found: set[str] = set()
    for row in Member.objects.values("id_card_encrypted", "id_card_hash", "phone_encrypted", "phone_hash"):
        found |= {row["id_card_encrypted"], row["id_card_hash"], decrypt(row["id_card_encrypted"])}
        if row["phone_encrypted"]:
            found |= {row["phone_encrypted"], row["phone_hash"], decrypt(row["phone_encrypted"])}
    return found


def crawl(client) -> dict[str, str]:
    """Every API body a user can reach from the lists, by URL."""
    urls = [reverse("api-root"), reverse("api-me")]
    for list_name, detail_name in DETAILS.items():
        response = client.get(reverse(list_name))
        if response.status_code == 200:
            urls += [reverse(detail_name, args=[item["id"]]) for item in response.json()["results"]]
        urls.append(reverse(list_name))
    return {url: client.get(url).content.decode() for url in urls}


@pytest.mark.parametrize("username", ROLES)
def test_no_api_response_reveals_a_personal_number(crawl_district, login, username):
    bodies = crawl(login(crawl_district.users[username]))
    forbidden = secrets_at_rest()
    if username in MEMBER_READERS:  # the crawl did reach members' details
        assert any(re.search(r"/members/[0-9]+/$", url) for url in bodies)
    for url, body in bodies.items():
        assert not ID_CARD.search(body), f"unmasked ID-card number in {url}"
        assert not MOBILE.search(body), f"unmasked phone number in {url}"
        assert not [secret for secret in forbidden if secret in body], f"stored personal data in {url}"


def test_masked_forms_are_what_the_roster_shows(crawl_district, login):
    response = login(crawl_district.users["street_staff"]).get(reverse("api-member-list"), {"q": "王五"})
    (item,) = response.json()["results"]
    assert re.fullmatch(r"[0-9]{6}\*{8}[0-9]{3}[0-9X]", item["id_card"])
    assert item["phone"] == "073*****6666"
    assert "id_card_hash" not in item
    assert "phone_encrypted" not in item
