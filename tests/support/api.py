"""Calling the API as a user of the test district, with the user's token made beforehand (so it is not counted),
or through a client signed in as the user."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def api(user) -> APIClient:
    """An API client signed in as the user."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def token_headers(district) -> dict[str, dict[str, str]]:
    """The Authorization header of each user of the district, by user name, with a token made now."""
    return {
        name: {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}
        for name, user in district.users.items()
    }


@pytest.fixture
def api_get(district, client):
    """GET as a user by name with the user's token, made beforehand so it is not counted."""
    headers = token_headers(district)

    def get(username, url, **params):
        return client.get(url, params, **headers[username])

    return get
