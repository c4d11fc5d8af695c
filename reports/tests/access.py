"""Reports URLs in the access matrix. The dashboard keeps its name "dashboard" (zpb/tests/access.py).

Exports follow the list they come from: institutions and certificates for KWP staff and coordinators
(their own rows only, through the lists' selectors), self-assessments and audits for KWP staff only.
GET on an export URL shows the button that orders it (POST, see test_export_jobs.py). An export job is
its owner's alone: anyone else who may export gets 404.
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from reports.models import ExportJob
from zpb.tests.matrix import Case, only

READERS = only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 200})
KWP = only({"kwp": 200})
OWNER = only({"kwp": 200, "coordinator_a": 404, "coordinator_b": 404})
EDITION = lambda w: {"edition_pk": w.audit_edition.pk}  # noqa: E731


def kwp_job(world) -> dict:
    """A finished export of KWP staff, file included."""
    job, created = ExportJob.objects.get_or_create(
        created_by=world.kwp, kind=ExportJob.Kind.INSTITUTIONS, format=ExportJob.Format.CSV,
        defaults={"status": ExportJob.Status.DONE, "filename": "placowki.csv", "finished_at": timezone.now(),
                  "expires_at": timezone.now() + datetime.timedelta(hours=1)},
    )
    if created:
        job.file.save("placowki.csv", ContentFile(b"\xef\xbb\xbfNazwa\r\n"))
    return {"pk": job.pk}


CASES = [
    # The county view: an officer sees their own unit, KWP staff any unit.
    Case("reports:unit", expect=only({"kwp": 200, "officer_a": 200, "officer_b": 200})),
    Case("reports:export-institutions", expect=READERS),
    Case("reports:export-certificates", expect=READERS),
    Case("reports:export-self-assessments", expect=KWP),
    Case("reports:export-audits", kwargs=EDITION, expect=KWP),
    Case("reports:export-survey-results", expect=KWP),
    Case("reports:export-job-list", expect=READERS),
    Case("reports:export-job", kwargs=kwp_job, expect=OWNER),
    Case("reports:export-job-status", kwargs=kwp_job, expect=OWNER),
    Case("reports:export-job-download", kwargs=kwp_job, expect=OWNER),
    # History of any object: KWP staff only (every kind is tried in test_history.py).
    Case("reports:history", kwargs=lambda w: {"kind": "institution", "pk": w.institution_a.pk}, expect=KWP),
]
