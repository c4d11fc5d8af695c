"""The site's icon: /favicon.ico (asked for by every browser) and the icon every page links to."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_favicon_ico_leads_to_the_vendored_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    path = finders.find(response.url.removeprefix("/static/"))
    assert path and Path(path).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_links_its_icon(client, db):
    for url in (reverse("home"), reverse("join:apply"), reverse("login"), reverse("certification:verify")):
        text = client.get(url).text
        assert '<link rel="icon" href="/static/zpb/favicon.svg" type="image/svg+xml">' in text, url
        assert finders.find("zpb/favicon.svg")
