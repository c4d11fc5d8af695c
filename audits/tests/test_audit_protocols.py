"""Recommendations and the audit protocol: numbered at signing from frozen data, superseded on reopening,
rendered by a worker (also after the broker was down), downloadable by the right people only."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditProtocol, AuditRecommendation
from audits.services.audits import audit_reopen, audit_sign
from audits.services.protocols import (
    ProtocolError,
    protocol_pdf_resend,
    protocol_render,
    recommendation_add,
    recommendation_delete,
)
from audits.tests.factories_audits import free_past_edition, planned_audit, score_all
from certification.tests.helpers import broker_unreachable, pdf_text
from institutions.tests.factories import AuditorFactory
from zpb.tests.helpers import wait_for

YEAR = timezone.localdate().year


def _scored(world, **kwargs):
    audit = planned_audit(institution=world.institution_a, team=[world.auditor, AuditorFactory()], **kwargs)
    score_all(audit, {"1.1": 2})
    return audit


@pytest.mark.django_db
def test_the_lead_signs_and_a_numbered_protocol_freezes_what_the_audit_says(world, tmp_path):
    audit = _scored(world)
    recommendation_add(audit=audit, text="Oznakować wyjście ewakuacyjne przy sali gimnastycznej.", by=world.auditor)
    member = audit.team.get(is_lead=False).user
    recommendation_add(audit=audit, text="Dyżury nauczycieli w szatni.", by=member)
    audit = audit_sign(audit=audit, by=world.auditor, summary="Dobra współpraca.")

    protocol = audit.protocols.get()
    number = f"P/{YEAR}/{protocol.sequence:04d}"  # the world's own signed audit took earlier numbers
    assert (protocol.number, protocol.version, protocol.pdf_status) == (number, 1, "pending")
    data = protocol.snapshot
    assert data["institution"]["name"] == world.institution_a.name
    assert [m["lead"] for m in data["team"]] == [True, False]
    assert data["recommendations"] == ["Oznakować wyjście ewakuacyjne przy sali gimnastycznej.",
                                       "Dyżury nauczycieli w szatni."]
    assert (data["total"], data["threshold"]["percent"], data["passed"]) == (audit.total_points, 80, audit.passed)
    first = next(c for c in data["criteria"] if c["code"] == "1.1")
    assert first["score"] == 2 and first["comment"] == "Braki w dokumentacji."

    # Later edits cannot change the frozen protocol.
    AuditRecommendation.objects.filter(audit=audit).update(text="zmienione")
    assert protocol_render(protocol_id=protocol.pk)
    protocol.refresh_from_db()
    with protocol.pdf.open("rb") as pdf:
        text = pdf_text(pdf.read(), tmp_path)
    flat = " ".join(text.split())
    for expected in (number, "Protokół z audytu", world.institution_a.name, "Oznakować wyjście ewakuacyjne",
                     "Braki w dokumentacji.", str(world.auditor), "Wynik:"):
        assert expected in flat, expected
    assert "zmienione" not in flat


@pytest.mark.django_db
def test_numbers_have_no_gaps_and_reopening_supersedes_the_protocol(world):
    first = audit_sign(audit=_scored(world), by=world.auditor)
    second = audit_sign(audit=_scored(world, edition=free_past_edition()), by=world.auditor)
    n = first.protocols.get().sequence
    assert second.protocols.get().number == f"P/{YEAR}/{n + 1:04d}"

    reopened = audit_reopen(audit=first, reason="Błędna suma.", by=world.kwp)
    old = reopened.protocols.get()
    assert old.superseded_at is not None
    with pytest.raises(ProtocolError):  # a signed audit is read-only, a reopened one takes recommendations again
        recommendation_add(audit=second, text="Za późno.", by=world.auditor)
    recommendation_add(audit=reopened, text="Nowe zalecenie.", by=world.auditor)
    audit_sign(audit=reopened, by=world.auditor)
    versions = list(reopened.protocols.order_by("version").values_list("number", "version", "superseded_at"))
    assert [(number, v) for number, v, _ in versions] == [(f"P/{YEAR}/{n:04d}", 1), (f"P/{YEAR}/{n:04d}", 2)]
    assert versions[1][2] is None
    assert reopened.protocols.get(version=2).snapshot["recommendations"] == ["Nowe zalecenie."]


@pytest.mark.django_db
def test_only_the_team_writes_recommendations_and_only_until_signing(world):
    audit = _scored(world)
    with pytest.raises(ProtocolError):
        recommendation_add(audit=audit, text="Nie jestem w zespole.", by=world.officer_a)
    with pytest.raises(ProtocolError):
        recommendation_add(audit=audit, text="   ", by=world.auditor)
    recommendation = recommendation_add(audit=audit, text="Monitoring boiska.", by=world.auditor)
    with pytest.raises(ProtocolError):
        recommendation_delete(recommendation=recommendation, by=world.officer_a)
    recommendation_delete(recommendation=recommendation, by=world.auditor)
    assert not audit.recommendation_items.exists()


@pytest.mark.django_db
def test_the_protocol_downloads_for_the_right_people_only(client, world):
    audit = audit_sign(audit=_scored(world), by=world.auditor)
    protocol = audit.protocols.get()
    url = reverse("audits:audit-protocol-pdf", args=[protocol.pk])
    client.force_login(world.kwp)
    assert client.get(url).status_code == 404  # not rendered yet
    protocol_render(protocol_id=protocol.pk)
    for user, status in ((world.kwp, 200), (world.coordinator_a, 200), (world.auditor, 200),
                         (world.officer_a, 200), (world.officer_b, 404), (world.coordinator_b, 404),
                         (AuditorFactory(), 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


@pytest.mark.celery
def test_with_the_broker_down_the_protocol_waits_and_the_sweep_renders_it(celery_worker, reference_data):
    from zpb.tests.world import build_world

    world = build_world()
    audit = _scored(world)
    with broker_unreachable(None), transaction.atomic():
        audit_sign(audit=audit, by=world.auditor)  # the dispatch after commit fails quietly
    protocol = audit.protocols.get()
    assert (protocol.pdf_status, protocol.pdf_queued_at) == ("pending", None)
    assert protocol_pdf_resend(older_than=datetime.timedelta(minutes=5)) == 0  # too fresh: its own dispatch may run
    assert protocol_pdf_resend(older_than=datetime.timedelta(0)) == 1

    def ready() -> bool:
        protocol.refresh_from_db()
        return protocol.pdf_status == AuditProtocol.PdfStatus.READY

    assert wait_for(ready)


@pytest.mark.django_db
def test_answers_to_last_editions_recommendations_are_saved_then_read_only_and_auditors_read_them(client, world):
    from audits.models import SelfAssessment
    from audits.tests.factories_audits import edition_of
    from audits.tests.factories_self_assessments import current_edition, self_assessment_for

    edition = current_edition()
    last_year = _scored(world, edition=edition_of(edition.start_year - 1))
    recommendation = recommendation_add(audit=last_year, text="Warsztaty o cyberprzemocy.", by=world.auditor)
    audit_sign(audit=last_year, by=world.auditor)
    assessment = self_assessment_for(world.institution_a, edition=edition)
    url = reverse("audits:self-assessment-recommendations", args=[assessment.pk])

    client.force_login(world.coordinator_a)
    client.post(url, {f"answer-{recommendation.pk}": "Dwa warsztaty w marcu."})
    assert assessment.recommendation_answers.get().answer == "Dwa warsztaty w marcu."

    SelfAssessment.objects.filter(pk=assessment.pk).update(status=SelfAssessment.Status.ACCEPTED)
    client.post(url, {f"answer-{recommendation.pk}": "Zmiana po złożeniu."})
    assert assessment.recommendation_answers.get().answer == "Dwa warsztaty w marcu."
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert 'id="recommendation-answers"' in page and "Dwa warsztaty w marcu." in page
    printed = client.get(reverse("audits:self-assessment-print", args=[assessment.pk])).content.decode()
    assert "Warsztaty o cyberprzemocy." in printed and "Dwa warsztaty w marcu." in printed

    this_year = planned_audit(edition=edition, institution=world.institution_a, team=[world.auditor])
    for reader in (world.auditor, world.kwp, world.officer_a):
        client.force_login(reader)
        page = client.get(this_year.get_absolute_url()).content.decode()
        assert "Warsztaty o cyberprzemocy." in page and "Dwa warsztaty w marcu." in page, reader
