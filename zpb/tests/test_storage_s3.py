"""Media on S3-compatible object storage (STORAGE_BACKEND=s3), against a real S3 server the test run starts."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Evidence
from audits.tests.factories_self_assessments import PDF_BYTES, self_assessment_for
from certification.models import Certificate
from certification.services import certificate_render, certificate_rerender
from certification.tests import factories

pytestmark = pytest.mark.s3  # the server and bucket: zpb/tests/conftest.py


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


def test_the_environment_chooses_the_bucket(s3_endpoint, s3_client, tmp_path):
    """STORAGE_BACKEND=s3 and the S3_* variables, as a host reads them from /etc/zpb/env."""
    s3_client.create_bucket(Bucket="zpb-env", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    secret = tmp_path / "s3-secret"
    secret.write_text("zpb-test-secret\n")
    env = {
        **os.environ, "STORAGE_BACKEND": "s3", "S3_BUCKET": "zpb-env", "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "eu-central-1", "S3_ACCESS_KEY_ID": "zpb-test", "S3_SECRET_ACCESS_KEY_FILE": str(secret),
        "S3_PREFIX": "media", "S3_ADDRESSING_STYLE": "path",
    }
    save = "from django.core.files.base import ContentFile; from django.core.files.storage import default_storage; " \
           "print(default_storage.save('evidence/1/x', ContentFile(b'data')))"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", save], env=env, capture_output=True,
                            text=True, timeout=60, cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stderr
    keys = [item["Key"] for item in s3_client.list_objects_v2(Bucket="zpb-env")["Contents"]]
    assert keys == [f"media/{result.stdout.split()[-1]}"]
