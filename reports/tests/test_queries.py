"""Dashboards and exports run the same number of queries for 5 and for 50 institutions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.tests.factories import answer_all
from audits.tests.factories_audits import free_past_edition, planned_audit, score_all
from audits.tests.factories_self_assessments import current_edition, enrolment_for, self_assessment_for
from certification.models import Certificate
from certification.tests import factories as cert
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UserFactory
from reports.models import ExportJob
from reports.services.export_jobs import export_job_build

from .exporting import order
from .factories import build

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # the rows are read while streaming
        else:
            response.content  # noqa: B018
    return len(queries)


def count_build_queries(client, kwp, url: str, params: dict) -> int:
    """Queries of the worker's build of one export (the request only records the job)."""
    job = order(client, kwp, url, **params)
    with CaptureQueriesContext(connection) as queries:
        assert export_job_build(job_id=job.pk).status == ExportJob.Status.DONE
    return len(queries)


def test_kwp_dashboard_and_exports_do_not_grow_with_institutions(client, kwp, world):
    built = build(5)
    client.force_login(kwp)
    pk = built.edition.pk
    exports = [
        *[(reverse("reports:export-institutions"), {"format": fmt}) for fmt in ("xlsx", "csv")],
        *[(reverse("reports:export-certificates"), {"format": fmt}) for fmt in ("xlsx", "csv")],
        *[(reverse("reports:export-self-assessments"), {"format": fmt, "edition": pk}) for fmt in ("xlsx", "csv")],
        *[(reverse("reports:export-audits", args=[pk]), {"format": fmt}) for fmt in ("xlsx", "csv")],
    ]
    small = [count_queries(client, reverse("dashboard"), {"edition": pk}),
             *[count_build_queries(client, kwp, url, params) for url, params in exports]]
    build(45, edition=built.edition, auditor=built.auditor, start=5)
    large = [count_queries(client, reverse("dashboard"), {"edition": pk}),
             *[count_build_queries(client, kwp, url, params) for url, params in exports]]
    assert large == small


def _coordinated(n: int, coordinator, auditor, edition, start: int = 0) -> None:
    today = timezone.localdate()
    for i in range(start, start + n):
        institution = InstitutionFactory(coordinators=[coordinator], name=f"Placówka koordynatora {i:03d}")
        if i % 3 == 0:
            enrolment_for(institution, edition)
        elif i % 3 == 1:
            answer_all(self_assessment_for(institution, edition=edition))
        else:
            planned_audit(edition=edition, institution=institution, team=[auditor],
                          date=today + datetime.timedelta(days=10))
            certificate = cert.certificate(institution=institution, year=2012)
            Certificate.objects.filter(pk=certificate.pk).update(
                valid_from=today - datetime.timedelta(days=10), valid_until=today + datetime.timedelta(days=60))


def test_coordinator_dashboard_does_not_grow_with_institutions(client, world):
    coordinator, auditor, edition = UserFactory(), AuditorFactory(), current_edition()
    _coordinated(5, coordinator, auditor, edition)
    client.force_login(coordinator)
    small = count_queries(client, reverse("dashboard"))
    _coordinated(45, coordinator, auditor, edition, start=5)
    assert count_queries(client, reverse("dashboard")) == small
    assert len(client.get(reverse("dashboard")).context["cards"]) == 50


def _audits_of(n: int, auditor, edition) -> None:
    today = timezone.localdate()
    for i in range(n):
        if i % 3 == 0:
            planned_audit(edition=edition, team=[auditor], date=today + datetime.timedelta(days=5 + i))
        elif i % 3 == 1:
            planned_audit(edition=edition, team=[auditor], date=today - datetime.timedelta(days=1))
        else:
            score_all(planned_audit(edition=edition, team=[auditor], date=today - datetime.timedelta(days=2)))


def test_auditor_dashboard_does_not_grow_with_audits(client, world):
    auditor, edition = AuditorFactory(), free_past_edition(1990)
    _audits_of(5, auditor, edition)
    client.force_login(auditor)
    small = count_queries(client, reverse("dashboard"))
    _audits_of(45, auditor, edition)
    assert count_queries(client, reverse("dashboard")) == small
    mine = client.get(reverse("dashboard")).context["mine"]
    assert len(mine.upcoming) + len(mine.to_score) + len(mine.awaiting_signature) == 50
