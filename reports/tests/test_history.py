"""KWP staff see the history of every institution, partner, user, self-assessment, audit, decision and
certificate in the app; nobody else does."""

import pytest
from django.urls import reverse

from certification.tests.access import objects as certification_objects
from reports.selectors.history import PAGE_SIZE


def objects(world) -> dict:
    cert = certification_objects(world)["certificate"]
    return {
        "institution": world.institution_a.pk, "partner": world.partner.pk, "user": world.coordinator_a.pk,
        "self-assessment": world.sa_a.pk, "audit": world.audit_a.pk, "decision": cert.decision_id,
        "certificate": cert.pk,
    }


def url(kind: str, pk: int) -> str:
    return reverse("reports:history", kwargs={"kind": kind, "pk": pk})


def test_kwp_sees_the_history_of_every_kind_and_no_one_else_does(client, world):
    for kind, pk in objects(world).items():
        client.force_login(world.kwp)
        assert client.get(url(kind, pk)).status_code == 200, kind
        for role in ("coordinator_a", "auditor"):
            client.force_login(world.user(role))
            assert client.get(url(kind, pk)).status_code == 403, (kind, role)


def test_an_unknown_kind_or_object_is_404(client, world):
    client.force_login(world.kwp)
    assert client.get(url("edition", 1)).status_code == 404
    assert client.get(url("institution", 10**9)).status_code == 404


def test_a_change_shows_who_made_it_and_each_field_before_and_after(client, world):
    institution = world.institution_a
    institution._history_user = world.kwp
    institution.town, institution.phone = "Brzesko", "14 600 00 00"
    institution.save()
    client.force_login(world.kwp)
    page = client.get(url("institution", institution.pk)).text
    assert "Wiśniewska" in page
    assert "Bochnia → Brzesko" in page
    assert "— → 14 600 00 00" in page


def test_the_certificate_and_decision_show_their_events(client, world):
    cert = certification_objects(world)["certificate"]
    client.force_login(world.kwp)
    assert "wydany" in client.get(url("certificate", cert.pk)).text
    decision_page = client.get(url("decision", cert.decision_id)).text
    assert "zapisano" in decision_page and "certyfikat: wydany" in decision_page


@pytest.mark.parametrize("changes", [1, PAGE_SIZE + 5])
def test_a_page_costs_the_same_queries_however_long_the_history(client, world, changes, django_assert_max_num_queries):
    institution = world.institution_a
    for n in range(changes):
        institution._history_user = world.kwp
        institution.phone = f"14 600 00 {n:02d}"
        institution.save()
    client.force_login(world.kwp)
    # session, user, object, count, page of records (+1), history users joined; the rest is the layout's.
    with django_assert_max_num_queries(12):
        assert client.get(url("institution", institution.pk)).status_code == 200
