"""A crawl of every page, export and API list as each role finds no unmasked ID-card or phone number."""

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import openpyxl
import pytest

from tests.factories import MemberFactory, SecretaryFactory, make_id_card

ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
API_STARTS = ["/api/v1/organizations/", "/api/v1/members/", "/api/v1/secretaries/", "/api/v1/me/"]
MAX_PAGES = 150
SKIPPED = ("/accounts/logout/", "/static/", "/api/v1/schema/", "/api/v1/docs/")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("href", "hx-get"):
            if attributes.get(name):
                self.links.append(attributes[name])


def readable_text(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return body.decode("utf-8-sig", errors="replace")


def crawl(client) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(["/", "/orgs/", "/members/", *API_STARTS])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(SKIPPED):
            continue
        response = client.get(url)
        if response.status_code != 200:
            seen[url] = ""
            continue
        text = readable_text(response)
        seen[url] = text
        if "text/html" in response.get("Content-Type", ""):
            parser = Links()
            parser.feed(text)
            for link in parser.links:
                absolute = urljoin(url, link)
                parsed = urlparse(absolute)
                if parsed.netloc in ("", "testserver"):
                    queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return seen


@pytest.fixture
def populated(district):
    for number in range(5):
        MemberFactory(branch=district.branch, name=f"成员{number}")
        MemberFactory(branch=district.other_branch, name=f"外街{number}")
    SecretaryFactory(organization=district.community, id_card=make_id_card(901))
    return district


@pytest.mark.parametrize(
    "role",
    ["district_admin", "district_approver", "department_reviewer", "street_staff", "org_admin", "member", "superuser"],
)
def test_no_page_export_or_api_answer_shows_a_full_number(role, populated, client):
    client.force_login(populated.users[role])
    pages = crawl(client)
    assert len([text for text in pages.values() if text]) >= 4
    leaks = []
    for url, text in pages.items():
        for pattern in (ID_CARD, PHONE):
            leaks.extend(f"{url}: {match}" for match in pattern.findall(text))
    assert not leaks, "\n".join(leaks)


def test_the_crawl_reaches_exports_and_member_pages(populated, client):
    client.force_login(populated.users["district_admin"])
    pages = crawl(client)
    assert any(url.startswith("/rosters/export/") and text for url, text in pages.items())
    assert any(url.startswith("/members/") and url.rstrip("/").split("/")[-1].isdigit() for url in pages)
