"""Audits, self-assessments and decisions keep their enrolment's edition, also when made outside the services
(the admin's add form has no such field): the dashboard counts an edition's rows by it."""

import datetime

import pytest

from audits.models import Audit, SelfAssessment
from certification.models import Decision

from . import factories

pytestmark = pytest.mark.django_db


def test_rows_made_without_an_edition_take_their_enrolments(reference_data, world):
    audit = factories.signed_audit()
    enrolment = audit.enrolment
    Decision.objects.filter(audit=audit).delete()
    other = Audit.objects.create(enrolment=enrolment, kind=audit.kind, status=Audit.Status.CANCELLED,
                                 date=audit.date + datetime.timedelta(days=1))
    assessment = SelfAssessment.objects.filter(enrolment=enrolment).first() or SelfAssessment.objects.create(
        enrolment=enrolment)
    decision = Decision.objects.create(audit=audit, outcome=Decision.Outcome.REFUSED,
                                       decided_on=audit.date, reference="KWP-T-1/2026", recorded_by=world.kwp)
    for row in (other, assessment, decision):
        row.refresh_from_db()
        assert row.edition_id == enrolment.edition_id
