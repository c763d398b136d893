"""Timing a page through the test client, as the page benches do."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.urls import reverse


def timed_page(client: Client, url: str, renders: int) -> tuple[float, int, object]:
    """Median milliseconds of ``renders`` requests after three unmeasured ones, the statements of one, a response."""
    for _ in range(3):  # warm the caches and the session, unmeasured
        response = client.get(url)
    statements = []
    # Counted with an execute wrapper: a request empties the query log that CaptureQueriesContext reads.
    with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
        client.get(url)
    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1), len(statements), response


def timed_ranking(campaign, user, renders: int) -> tuple[float, int, int]:
    """The campaign's ranking page for the user: median milliseconds, statements, and rows (every evaluation's)."""
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    url = reverse("evaluations:campaign_ranking", kwargs={"pk": campaign.pk})
    milliseconds, statements, response = timed_page(client, url, renders)
    assert response.status_code == 200, response.status_code
    rows = response.content.decode().count('<tr><td class="num">')
    assert rows == campaign.evaluations.count(), "the page shows every organization of the campaign"
    return milliseconds, statements, rows
