import datetime

import pytest
from django.urls import reverse

from audits.models import Stage
from certification.commission import proposal_list_render
from certification.models import Certificate, CertificateEvent, CommissionRecommendation, Decision
from certification.selectors import TIMELINE_RECENT
from certification.services import certificate_render, certificate_revoke
from institutions.tests.factories import InstitutionFactory

from . import factories

pytestmark = pytest.mark.django_db


def recommendation_url(commission, audit):
    return reverse("certification:recommendation-edit", args=[commission.pk, audit.pk])


def test_the_proposal_form_offers_only_what_the_rules_allow(kwp_client, kwp):
    commission = factories.commission(members=[kwp])
    audit = factories.signed_audit(points=20)
    page = kwp_client.get(recommendation_url(commission, audit)).content.decode()
    assert 'value="refused"' in page and 'value="certificate"' not in page


def test_a_member_proposes_an_outcome(kwp_client, kwp):
    commission = factories.commission(members=[kwp])
    audit = factories.signed_audit()
    response = kwp_client.post(recommendation_url(commission, audit),
                               {"outcome": "certificate", "reason": "Wynik 33/35"})
    assert response.status_code == 302
    recommendation = CommissionRecommendation.objects.get(audit=audit)
    assert (recommendation.outcome, recommendation.proposed_by) == ("certificate", kwp)
    assert not Decision.objects.exists()  # only the Komendant's approval makes it a decision


def test_a_komendant_approval_dated_in_the_future_is_refused(kwp_client, kwp):
    commission = factories.commission(members=[kwp])
    proposal = factories.closed_proposal(commission=commission, audits=[factories.signed_audit()])
    proposal_list_render(proposal_id=proposal.pk)
    response = kwp_client.post(reverse("certification:proposal-komendant", args=[proposal.pk]), {
        "approved_on": "2099-01-01", "reference": "X",
    })
    assert response.status_code == 200 and not Decision.objects.exists()


def test_an_audit_with_a_decision_cannot_be_proposed(kwp_client, kwp):
    commission = factories.commission(members=[kwp])
    decision = factories.decision()
    response = kwp_client.post(recommendation_url(commission, decision.audit), {"outcome": "refused", "reason": "X"})
    assert response.status_code == 200 and not CommissionRecommendation.objects.exists()


def test_kwp_issues_the_certificate_of_a_decision(kwp_client):
    decision = factories.decision()
    response = kwp_client.post(reverse("certification:decision-issue", args=[decision.pk]))
    certificate = Certificate.objects.get(decision=decision)
    assert response.url == certificate.get_absolute_url()


def test_a_refusal_gives_no_certificate(kwp_client):
    decision = factories.decision(outcome="refused")
    kwp_client.post(reverse("certification:decision-issue", args=[decision.pk]))
    assert not Certificate.objects.exists()


def test_kwp_revokes_with_a_reason(kwp_client, kwp):
    certificate = factories.certificate()
    kwp_client.post(reverse("certification:certificate-revoke", args=[certificate.pk]), {"reason": "Nieprawdziwe dane"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.events.filter(action=CertificateEvent.Action.REVOKED, by=kwp, note="Nieprawdziwe dane").exists()


def test_a_revocation_needs_a_reason(kwp_client):
    certificate = factories.certificate()
    kwp_client.post(reverse("certification:certificate-revoke", args=[certificate.pk]), {"reason": " "})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_list_filters_by_status(kwp_client, kwp):
    kept, revoked = factories.certificate(), factories.certificate()
    certificate_revoke(certificate=revoked, by=kwp, reason="Powód")
    page = kwp_client.get(reverse("certification:certificate-list"), {"status": "revoked"}).content.decode()
    assert revoked.number in page and kept.number not in page


def test_the_list_searches_by_institution(kwp_client):
    found = factories.certificate(institution=InstitutionFactory(name="Szkoła Podstawowa w Nowym Targu"))
    other = factories.certificate()
    page = kwp_client.get(reverse("certification:certificate-list"), {"q": "nowym targu"}).content.decode()
    assert found.number in page and other.number not in page


def test_coordinators_see_only_their_certificates(client, world, school):
    mine = factories.certificate(institution=school)
    theirs = factories.certificate(institution=InstitutionFactory(coordinators=[world.coordinator_b]))
    client.force_login(world.coordinator_a)
    page = client.get(reverse("certification:certificate-list")).content.decode()
    assert mine.number in page and theirs.number not in page


@pytest.mark.parametrize("rows", [1, 10])
def test_the_certificate_list_needs_the_same_queries_for_1_and_10_rows(
    kwp_client, django_assert_num_queries, rows
):
    for _ in range(rows):
        factories.certificate()
    # session, user, count, page of certificates (+institution), editions for the filter, then the menu:
    # nothing more (the KWP menu entries need no query)
    with django_assert_num_queries(5):
        assert kwp_client.get(reverse("certification:certificate-list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_the_decision_list_needs_the_same_queries_for_1_and_10_rows(kwp_client, django_assert_num_queries, rows):
    for _ in range(rows):
        factories.decision()
        factories.signed_audit()
    # session, user, default edition, editions for the filter, audits awaiting: count and page (+joins, + their
    # proposal), the edition's commission, decisions: count and page (+joins)
    with django_assert_num_queries(9):
        assert kwp_client.get(reverse("certification:decision-list")).status_code == 200


def test_the_coordinator_downloads_the_pdf(client, world, school):
    certificate = factories.certificate(institution=school)
    certificate_render(certificate_id=certificate.pk)
    client.force_login(world.coordinator_a)
    response = client.get(reverse("certification:certificate-pdf", args=[certificate.pk]))
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pdf_not_ready_is_not_found(client, world, school):
    certificate = factories.certificate(institution=school)
    client.force_login(world.coordinator_a)
    assert client.get(reverse("certification:certificate-pdf", args=[certificate.pk])).status_code == 404


def test_the_coordinator_start_page_lists_their_certificates(client, world, school):
    certificate = factories.certificate(institution=school)
    client.force_login(world.coordinator_a)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Twoje certyfikaty" in page and certificate.number in page


def test_the_kwp_start_page_counts_audits_awaiting_a_decision(client, reference_data):
    from institutions.tests.factories import KwpStaffFactory

    factories.signed_audit()
    client.force_login(KwpStaffFactory())
    assert "1 podpisany audyt czeka na decyzję" in client.get(reverse("dashboard")).content.decode()


def test_kwp_has_a_certificates_menu_entry(kwp_client):
    page = kwp_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("certification:certificate-list")}">Certyfikaty' in page


# --- Institution timeline -----------------------------------------------------------------


def timeline(client, user, institution):
    client.force_login(user)
    return client.get(institution.get_absolute_url()).content.decode()


def test_the_timeline_runs_from_joining_to_the_certificate(client, world, school):
    institution = school
    institution.joined_on = datetime.date(2019, 9, 1)
    institution.save()
    certificate = factories.certificate(institution=institution)
    page = timeline(client, world.kwp, institution)
    positions = [page.index(text) for text in (
        "Przystąpienie do programu", "Zgłoszenie do edycji 2025/2026", "Audyt podpisany (edycja 2025/2026)",
        "Decyzja: Przyznanie certyfikatu (etap I)", f"nr {certificate.number}",
    )]
    assert positions == sorted(positions)


def test_the_timeline_shows_a_revocation(client, world, school):
    certificate = factories.certificate(institution=school)
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Powód")
    assert f"Unieważnienie certyfikatu nr {certificate.number}" in timeline(client, world.coordinator_a,
                                                                             school)


def test_coordinators_do_not_see_the_decisions_justification(client, world, school):
    audit = factories.signed_audit(institution=school)
    from certification.services import decision_record

    decision_record(audit=audit, outcome="certificate", decided_on=audit.date, reference="R/1",
                    note="Notatka wewnętrzna zespołu", by=world.kwp)
    assert "Notatka wewnętrzna zespołu" not in timeline(client, world.coordinator_a, school)
    assert "Notatka wewnętrzna zespołu" in timeline(client, world.kwp, school)


def test_a_long_timeline_shows_its_latest_entries_and_links_to_the_whole(client, world, school):
    """It grows by a handful of entries a year: the institution page keeps a fixed size (docs/benchmarks.md)."""
    school.joined_on = datetime.date(2015, 9, 1)
    school.save()
    for year in (2021, 2023, 2025):
        factories.certificate(institution=school, year=year)
    whole_url = reverse("certification:institution-timeline", args=[school.pk])
    for user in (world.kwp, world.coordinator_a):
        page = timeline(client, user, school)
        assert page.count('class="list-group-item timeline-') == TIMELINE_RECENT
        assert "Przystąpienie do programu" not in page  # the oldest entry
        assert f'href="{whole_url}">Cała historia w programie</a>' in page
        whole = client.get(whole_url).content.decode()
        assert whole.count('class="list-group-item timeline-') > TIMELINE_RECENT
        assert "Przystąpienie do programu" in whole
        assert whole.index("Przystąpienie do programu") < whole.index("Zgłoszenie do edycji 2025/2026")


def test_a_short_timeline_has_no_link_to_the_whole(client, world, school):
    factories.certificate(institution=school)
    page = timeline(client, world.kwp, school)
    assert "Przystąpienie do programu" in page or "Zgłoszenie do edycji" in page
    assert reverse("certification:institution-timeline", args=[school.pk]) not in page


def test_the_extension_shows_on_the_proposal_form_after_an_earlier_certificate(kwp_client, kwp, world, school):
    factories.certificate(institution=school, year=2024)
    audit = factories.signed_audit(institution=school, kind=Stage.EXTENSION)
    commission = factories.commission(members=[kwp])
    page = kwp_client.get(recommendation_url(commission, audit)).content.decode()
    assert 'value="extension"' in page


def test_the_proposal_form_states_the_rulebooks_threshold(kwp_client, kwp):
    # Moved from audits' threshold tests: the commission's form replaced KWP's decision form.
    commission = factories.commission(members=[kwp])
    page = kwp_client.get(recommendation_url(commission, factories.signed_audit())).content.decode()
    assert "do zaliczenia potrzeba 28 z 35 pkt (80%)" in page
