"""The structured list of dangerous places on the printable self-assessment, the audit page and the protocol."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from audits.models import AuditProtocol, DangerousPlace, SelfAssessment
from audits.protocol_pdf import ProtocolRenderer
from audits.services.protocols import protocol_snapshot
from audits.tests.factories_audits import planned_audit
from audits.tests.factories_self_assessments import ActionPlanItemFactory

pytestmark = pytest.mark.django_db


def _places(assessment: SelfAssessment) -> None:
    item = ActionPlanItemFactory(self_assessment=assessment, goal="Oświetlone przejście")
    DangerousPlace.objects.create(
        self_assessment=assessment, place="Przejście przy ul. Kolejowej", kind=DangerousPlace.Kind.ROAD,
        description="Brak oświetlenia po zmroku.", source=DangerousPlace.Source.SURVEY, action_item=item,
        status=DangerousPlace.Status.IN_PROGRESS, reinspect_on=datetime.date(2030, 4, 2))
    DangerousPlace.objects.create(self_assessment=assessment, place="Parking za salą gimnastyczną",
                                  kind=DangerousPlace.Kind.OTHER, source=DangerousPlace.Source.POLICE)


def _row(html: str, place: str) -> str:
    start = html.index(place)
    return html[start:html.index("</tr>", start)]


def test_the_printed_self_assessment_lists_the_dangerous_places(client, world):
    audit = planned_audit(institution=world.institution_a, team=[world.auditor])
    assessment = SelfAssessment.objects.get(enrolment=audit.enrolment)
    _places(assessment)
    client.force_login(world.coordinator_a)
    html = client.get(reverse("audits:self-assessment-print", args=[assessment.pk])).content.decode()
    assert "Miejsca niebezpieczne (lista)" in html
    row = _row(html, "Przejście przy ul. Kolejowej")
    for shown in ("Droga lub przejście", "Brak oświetlenia po zmroku.", "Ankieta", "Oświetlone przejście",
                  "W trakcie", "02.04.2030"):
        assert shown in row, shown
    assert "Policja" in _row(html, "Parking za salą gimnastyczną")


def test_the_audit_page_lists_the_dangerous_places(client, world):
    audit = planned_audit(institution=world.institution_a, team=[world.auditor])
    _places(SelfAssessment.objects.get(enrolment=audit.enrolment))
    for reader in (world.auditor, world.kwp):
        client.force_login(reader)
        html = client.get(audit.get_absolute_url()).content.decode()
        row = _row(html, "Przejście przy ul. Kolejowej")
        assert "Oświetlone przejście" in row and "W trakcie" in row and "02.04.2030" in row, reader


def test_the_audit_protocol_prints_the_dangerous_places(world):
    audit = planned_audit(institution=world.institution_a, team=[world.auditor])
    _places(SelfAssessment.objects.get(enrolment=audit.enrolment))
    snapshot = protocol_snapshot(audit, signed_by=world.auditor, signed_at=timezone.now())
    assert snapshot["dangerous_places"][0] == {
        "place": "Przejście przy ul. Kolejowej", "kind": "Droga lub przejście",
        "description": "Brak oświetlenia po zmroku.", "source": "Ankieta", "action": "Oświetlone przejście",
        "status": "W trakcie", "reinspect_on": "2030-04-02"}
    # The PDF's HTML, from the snapshot as a stored protocol holds it (the unsigned audit has no percent yet).
    protocol = AuditProtocol(audit=audit, number="P/2030/0001", version=1, snapshot=snapshot | {"percent": "100"})
    renderer = ProtocolRenderer()
    with translation.override("pl"):
        html = render_to_string(renderer.template_name, renderer.get_context(protocol))
    assert "Miejsca niebezpieczne (lista)" in html
    assert "<td>Przejście przy ul. Kolejowej</td><td>Droga lub przejście</td>" in html
