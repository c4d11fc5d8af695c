"""Polish for every visitor; English only when chosen in the language switcher (not from the browser)."""

from django.conf import settings
from django.urls import reverse


def test_a_browser_asking_for_english_still_gets_polish(client, db):
    response = client.get(reverse("join:apply"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Dołącz do programu" in response.text and "Join the programme" not in response.text
    assert response["Content-Language"] == "pl"
    assert 'lang="pl"' in response.text


def test_english_is_shown_once_chosen_in_the_switcher(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/join/"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("join:apply"), HTTP_ACCEPT_LANGUAGE="pl")
    assert "Join the programme" in page.text and page["Content-Language"] == "en"

    client.post(reverse("set_language"), {"language": "pl", "next": "/join/"})
    assert "Dołącz do programu" in client.get(reverse("join:apply"), HTTP_ACCEPT_LANGUAGE="en").text


def test_an_unknown_language_cookie_falls_back_to_polish(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "Dołącz do programu" in client.get(reverse("join:apply")).text
