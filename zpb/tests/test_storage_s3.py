"""Media on S3-compatible object storage (STORAGE_BACKEND=s3), against a real S3 server the fixture starts.

moto's standalone server speaks the S3 HTTP API on a local port; the app talks to it through django-storages
and boto3 exactly as it would to AWS, MinIO or Ceph, with nothing of ours replaced.
"""

import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Evidence
from audits.tests.factories_self_assessments import PDF_BYTES, self_assessment_for
from certification.models import Certificate
from certification.services import certificate_render, certificate_rerender
from certification.tests import factories
from zpb.settings import s3_storage

pytestmark = pytest.mark.s3

CREDENTIALS = {"access_key": "zpb-test", "secret_key": "zpb-test-secret", "region_name": "eu-central-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """A moto S3 server on a free port for the whole run, stopped at its end."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3_bucket(s3_endpoint, settings):
    """A fresh bucket per test, and the app's default storage pointed at it (as STORAGE_BACKEND=s3 does)."""
    bucket = f"zpb-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, aws_access_key_id=CREDENTIALS["access_key"],
        aws_secret_access_key=CREDENTIALS["secret_key"], region_name=CREDENTIALS["region_name"],
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage({"endpoint_url": s3_endpoint, "bucket_name": bucket, "location": "media",
                               "addressing_style": None, **CREDENTIALS}),
    }

    def keys() -> list[str]:
        return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]

    return keys


def test_the_default_storage_is_the_bucket(s3_bucket):
    name = default_storage.save("probe.txt", SimpleUploadedFile("probe.txt", b"x"))
    assert s3_bucket() == [f"media/{name}"]


def test_evidence_is_uploaded_to_the_bucket_downloaded_through_the_app_and_deleted(
    client, world, s3_bucket, django_capture_on_commit_callbacks,
):
    draft = self_assessment_for(world.institution_a)
    criterion = draft.enrolment.rulebook.areas.get(number=1).criteria.get(code="1.1")
    prefix = f"c{criterion.pk}"
    client.force_login(world.coordinator_a)
    client.post(reverse("audits:self-assessment-criterion-save", args=[draft.pk, criterion.pk]), {
        f"{prefix}-version": 0, f"{prefix}-score": 8, f"{prefix}-description": "Ankiety",
        f"{prefix}-file": SimpleUploadedFile("ankiety.pdf", PDF_BYTES),
    })
    evidence = Evidence.objects.get(answer__self_assessment=draft)
    assert s3_bucket() == [f"media/{evidence.file.name}"]

    response = client.get(reverse("audits:self-assessment-evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Length"] == str(len(PDF_BYTES))

    client.force_login(world.coordinator_b)  # another school's coordinator: the object exists, the answer is 404
    assert client.get(reverse("audits:self-assessment-evidence-download", args=[evidence.pk])).status_code == 404

    client.force_login(world.coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("audits:self-assessment-evidence-delete", args=[evidence.pk]))
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert s3_bucket() == []


def test_a_certificate_pdf_is_rendered_to_the_bucket_and_downloaded_through_the_app(
    client, kwp, s3_bucket, django_capture_on_commit_callbacks,
):
    certificate = factories.certificate()
    assert certificate_render(certificate_id=certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.READY
    assert s3_bucket() == [f"media/{certificate.pdf.name}"]

    client.force_login(kwp)
    response = client.get(reverse("certification:certificate-pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{certificate.pdf_filename}"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    # A re-render stores a new object and deletes the old one after commit: never one name overwritten in place.
    old_name = certificate.pdf.name
    certificate_rerender(certificate=certificate, by=kwp)  # its dispatch after commit is left out: rendered here
    with django_capture_on_commit_callbacks(execute=True):
        certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name != old_name
    assert s3_bucket() == [f"media/{certificate.pdf.name}"]


def test_a_pdf_missing_from_the_bucket_is_404_not_an_error(client, kwp, s3_bucket):
    certificate = factories.certificate()
    certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    default_storage.delete(certificate.pdf.name)
    client.force_login(kwp)
    assert client.get(reverse("certification:certificate-pdf", args=[certificate.pk])).status_code == 404
