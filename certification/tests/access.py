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
LIST_NAME = "certification/access-matrix-list.pdf"


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


def commission_objects(world):
    """The 2014 commission: KWP staff its only member (the chair); the auditor is a non-member.
    Proposal 1 is closed with its list ready, proposal 2 open with one audit proposed."""
    if "commission" not in world.extra:
        from certification.commission import proposal_open_next
        from certification.models import CeremonyFile, FileStatus, Proposal
        from institutions.tests.factories import InstitutionFactory

        from . import factories

        year = 2014
        commission = factories.commission(year=year, members=[world.kwp])
        closed = factories.closed_proposal(commission=commission,
                                           audits=[factories.signed_audit(institution=InstitutionFactory(), year=year)])
        if not default_storage.exists(LIST_NAME):
            default_storage.save(LIST_NAME, ContentFile(b"%PDF-1.7\n% access matrix list\n"))
        Proposal.objects.filter(pk=closed.pk).update(list_pdf=LIST_NAME, list_status=FileStatus.READY)
        second = proposal_open_next(commission=commission, by=world.kwp)
        audit = factories.signed_audit(institution=InstitutionFactory(), year=year)
        factories.recommendation_record(proposal=second, audit=audit, outcome="certificate", reason="R",
                                        by=world.kwp)
        ceremony = CeremonyFile.objects.create(edition=commission.edition, kind=CeremonyFile.Kind.PRINT,
                                               status=FileStatus.READY, file=LIST_NAME, created_by=world.kwp)
        world.extra["commission"] = {"commission": commission, "closed": closed, "open": second, "audit": audit,
                                     "ceremony": ceremony}
    return world.extra["commission"]


def edition_of_commission(w):
    return {"edition_pk": commission_objects(w)["commission"].edition_id}


def commission(w):
    return {"pk": commission_objects(w)["commission"].pk}


def closed_proposal(w):
    return {"pk": commission_objects(w)["closed"].pk}


def open_proposal(w):
    return {"pk": commission_objects(w)["open"].pk}


def certificate(w):
    return {"pk": objects(w)["certificate"].pk}


def batch(w):
    return {"pk": objects(w)["batch"].pk}


CERTIFICATE_READERS = only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 404})


def police(status: int) -> dict[str, int]:
    """The world's auditor and both unit officers: police auditors who do not sit on the commission."""
    return {"auditor": status, "officer_a": status, "officer_b": status}


CASES = [
    Case("certification:certificate-list", expect=only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 200})),
    Case("certification:certificate-detail", kwargs=certificate, expect=CERTIFICATE_READERS),
    Case("certification:certificate-pdf", kwargs=certificate, expect=CERTIFICATE_READERS),
    Case("certification:certificate-rerender", kwargs=certificate, method="post", expect=only({"kwp": 302})),
    Case("certification:certificate-revoke", kwargs=certificate, expect=only({"kwp": 200})),
    # The institution's timeline: KWP and its coordinators (a unit officer sees the institution, not its history).
    Case("certification:institution-timeline", kwargs=lambda w: {"pk": w.institution_a.pk},
         expect=only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 404})),
    Case("certification:decision-list", expect=only({"kwp": 200})),
    Case("certification:decision-issue", kwargs=lambda w: {"pk": objects(w)["issuable"].pk}, method="post",
         expect=only({"kwp": 302})),
    Case("certification:batch-create", expect=only({"kwp": 200})),
    Case("certification:batch-detail", kwargs=batch, expect=only({"kwp": 200})),
    Case("certification:batch-status", kwargs=batch, expect=only({"kwp": 200})),
    Case("certification:batch-retry", kwargs=batch, method="post", expect=only({"kwp": 302})),
    Case("certification:batch-zip", kwargs=batch, expect=only({"kwp": 200})),
    # The commission: KWP staff (here a member, the chair) and police auditors who sit on it; the world's
    # auditor does not, so its objects are 404 to them (members vs non-members: test_commission_access.py).
    # Unit officers are police auditors off the commission: they get what the auditor gets.
    Case("certification:commission-list", expect=only({"kwp": 200, **police(200)})),
    Case("certification:commission-setup", kwargs=edition_of_commission, expect=only({"kwp": 200})),
    Case("certification:commission-detail", kwargs=commission, expect=only({"kwp": 200, **police(404)})),
    Case("certification:recommendation-edit",
         kwargs=lambda w: {"pk": commission_objects(w)["commission"].pk, "audit_pk": commission_objects(w)["audit"].pk},
         expect=only({"kwp": 200, **police(404)})),
    Case("certification:proposal-open", kwargs=commission, method="post", expect=only({"kwp": 302, **police(404)})),
    Case("certification:proposal-detail", kwargs=closed_proposal, expect=only({"kwp": 200, **police(404)})),
    Case("certification:proposal-approve", kwargs=open_proposal, method="post",
         expect=only({"kwp": 302, **police(404)})),
    Case("certification:proposal-close", kwargs=open_proposal, method="post",
         expect=only({"kwp": 302, **police(404)})),
    Case("certification:proposal-list-pdf", kwargs=closed_proposal, expect=only({"kwp": 200, **police(404)})),
    Case("certification:proposal-list-rerender", kwargs=closed_proposal, method="post", expect=only({"kwp": 302})),
    Case("certification:proposal-komendant", kwargs=closed_proposal, expect=only({"kwp": 200})),
    Case("certification:ceremony", expect=only({"kwp": 200})),
    Case("certification:ceremony-file-create", kwargs=edition_of_commission, method="post",
         data=lambda w: {"kind": "recipients"}, expect=only({"kwp": 302})),
    Case("certification:ceremony-file-download", kwargs=lambda w: {"pk": commission_objects(w)["ceremony"].pk},
         expect=only({"kwp": 200})),
    # Public pages: everyone, signed in or not.
    Case("certification:verify", expect=everyone(200)),
    # An empty upload: the form's error on the page, for everyone (public, nothing stored).
    Case("certification:verify-file", method="post", expect=everyone(200)),
    Case("certification:verify-code", kwargs=lambda w: {"code": objects(w)["certificate"].verification_code},
         expect=everyone(200)),
    Case("certification:register", expect=everyone(200)),
    # Open data and the badge: public, no login (docs/open-data.md, docs/badge-and-map.md).
    Case("certification:open-data", expect=everyone(200)),
    Case("certification:open-data-csv", expect=everyone(200)),
    Case("certification:open-data-json", expect=everyone(200)),
    Case("certification:badge", kwargs=lambda w: {"public_id": objects(w)["certificate"].institution.public_id},
         expect=everyone(200)),
    Case("certification:badge-link", kwargs=lambda w: {"public_id": objects(w)["certificate"].institution.public_id},
         expect=everyone(302)),
]
