"""The certification app's part of the access matrix.

Its objects are made on first use by a case (not in `extend_world`): a certificate of
institution A would change A's history for every other app's tests (audits asks that history
which stage to offer). `objects(world)` builds them once per test and keeps them in world.extra.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from zpb.tests.matrix import Case, everyone, only

PDF_NAME = "certificates/access-matrix.pdf"


def objects(world):
    if "certification" not in world.extra:
        from certification.models import Certificate, CertificateBatch
        from certification.services import certificate_issue
        from institutions.tests.factories import InstitutionFactory

        from . import factories

        year = 2015  # an edition no other app's world uses
        batch = CertificateBatch.objects.create(edition=factories.edition(year), created_by=world.kwp)
        granting = factories.decision(institution=world.institution_a, year=year, by=world.kwp)
        certificate = certificate_issue(decision=granting, by=world.kwp, batch=batch, dispatch=False)
        if not default_storage.exists(PDF_NAME):
            default_storage.save(PDF_NAME, ContentFile(b"%PDF-1.7\n% access matrix\n"))
        Certificate.objects.filter(pk=certificate.pk).update(pdf=PDF_NAME, pdf_status=Certificate.PdfStatus.READY)
        CertificateBatch.objects.filter(pk=batch.pk).update(total=1, done=1, status=CertificateBatch.Status.FINISHED)
        world.extra["certification"] = {
            "certificate": certificate,
            "batch": batch,
            "awaiting": factories.signed_audit(institution=world.institution_b, year=year),
            "issuable": factories.decision(institution=InstitutionFactory(), year=year,
                                           decided_on=datetime.date(year + 1, 9, 1), by=world.kwp),
        }
    return world.extra["certification"]


def certificate(w):
    return {"pk": objects(w)["certificate"].pk}


def batch(w):
    return {"pk": objects(w)["batch"].pk}


CERTIFICATE_READERS = only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 404})

CASES = [
    Case("certification:certificate-list", expect=only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 200})),
    Case("certification:certificate-detail", kwargs=certificate, expect=CERTIFICATE_READERS),
    Case("certification:certificate-pdf", kwargs=certificate, expect=CERTIFICATE_READERS),
    Case("certification:certificate-rerender", kwargs=certificate, method="post", expect=only({"kwp": 302})),
    Case("certification:certificate-revoke", kwargs=certificate, expect=only({"kwp": 200})),
    Case("certification:decision-list", expect=only({"kwp": 200})),
    Case("certification:decision-create", kwargs=lambda w: {"audit_pk": objects(w)["awaiting"].pk},
         expect=only({"kwp": 200})),
    Case("certification:decision-issue", kwargs=lambda w: {"pk": objects(w)["issuable"].pk}, method="post",
         expect=only({"kwp": 302})),
    Case("certification:batch-create", expect=only({"kwp": 200})),
    Case("certification:batch-detail", kwargs=batch, expect=only({"kwp": 200})),
    Case("certification:batch-status", kwargs=batch, expect=only({"kwp": 200})),
    Case("certification:batch-retry", kwargs=batch, method="post", expect=only({"kwp": 302})),
    Case("certification:batch-zip", kwargs=batch, expect=only({"kwp": 200})),
    # Public pages: everyone, signed in or not.
    Case("certification:verify", expect=everyone(200)),
    Case("certification:verify-code", kwargs=lambda w: {"code": objects(w)["certificate"].verification_code},
         expect=everyone(200)),
    Case("certification:register", expect=everyone(200)),
]
