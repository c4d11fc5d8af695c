"""Shared by the api tests: a token for a person, and every row of a paginated list."""

from rest_framework.test import APIClient

from api.services import token_create
from institutions.models import User


def token_client(user: User | None, *, kwp: User | None = None, keyword: str = "Bearer") -> APIClient:
    """A client that sends `user`'s new token (none for an anonymous client)."""
    client = APIClient()
    if user is not None:
        _token, key = token_create(user=user, name="test", by=kwp or User.objects.filter(role="kwp").first())
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def all_rows(client: APIClient, url: str, **params) -> list[dict]:
    """Every row of a list, page by page."""
    rows: list[dict] = []
    response = client.get(url, {"page_size": 7, **params})  # small pages, so the tests cross page boundaries
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        if not body["next"]:
            return rows
        response = client.get(body["next"])
