"""htmx polls swap the content of a live region, never the region itself (screen readers keep listening to it)."""

import re

import pytest
from django.urls import reverse

from certification.models import Certificate, CertificateBatch

from .access import objects

pytestmark = pytest.mark.django_db


def test_pdf_status_region_stays_and_only_its_content_polls(client, world):
    certificate = objects(world)["certificate"]
    Certificate.objects.filter(pk=certificate.pk).update(pdf_status=Certificate.PdfStatus.PENDING)
    client.force_login(world.kwp)
    html = client.get(reverse("certification:certificate-detail", args=[certificate.pk])).content.decode()
    region = html[html.index('<div id="pdf-status"'):]
    assert region.startswith('<div id="pdf-status" aria-live="polite">')
    start = region.index('<div id="pdf-status-body"')
    poller = region[start:region.index(">", start)]
    assert 'hx-select="#pdf-status-body"' in poller and 'hx-swap="outerHTML"' in poller and "aria-live" not in poller


def test_batch_progress_region_stays_and_the_poll_replaces_only_its_content(client, world):
    batch = objects(world)["batch"]
    CertificateBatch.objects.filter(pk=batch.pk).update(status=CertificateBatch.Status.RUNNING, done=0)
    client.force_login(world.kwp)
    page = client.get(reverse("certification:batch-detail", args=[batch.pk])).content.decode()
    assert re.search(r'<div id="batch-progress" aria-live="polite">\s*<div id="batch-progress-body"', page)
    url = reverse("certification:batch-status", args=[batch.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="batch-progress-body"' in fragment
    assert 'id="batch-progress"' not in fragment and "aria-live" not in fragment
