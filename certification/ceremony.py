"""The gala of an edition: all its certificates in one print PDF, and the list of recipients (XLSX).

Both are rendered by a worker onto a CeremonyFile row (pending → ready/failed); the page polls the row.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from audits.models import Edition
from core.lib.dispatch import SWEEP_GRACE, publish_pending, requeue_lost
from institutions.models import User

from .models import CeremonyFile, Certificate, FileStatus
from .services import CertificationError


def ceremony_certificates(edition: Edition) -> QuerySet[Certificate]:
    """The edition's certificates still in force for the gala, by county and name."""
    return (
        Certificate.objects.filter(audit__enrolment__edition=edition, revoked_at__isnull=True)
        .select_related("institution__county", "decision")
        .order_by("institution__county__name", "holder_name", "number")
    )


@transaction.atomic
def ceremony_file_request(*, edition: Edition, kind: str, by: User) -> CeremonyFile:
    if kind not in CeremonyFile.Kind.values:
        raise CertificationError(_("Choose what to prepare."))
    count = ceremony_certificates(edition).count()
    if not count:
        raise CertificationError(_("No certificate of this edition has been issued yet."))
    row = CeremonyFile.objects.create(edition=edition, kind=kind, count=count, created_by=by)
    transaction.on_commit(lambda: ceremony_file_dispatch(file_id=row.pk))
    return row


def ceremony_file_dispatch(*, file_id: int) -> bool:
    from .tasks import ceremony_file_render_task

    return publish_pending(ceremony_file_render_task, _pending(), [file_id], queued_field="queued_at") > 0


def ceremony_file_render(*, file_id: int) -> bool:
    """Render and store the file; True when ready. Failures are kept on the row and raised for the log."""
    try:
        with transaction.atomic():
            row = (
                CeremonyFile.objects.select_for_update(skip_locked=True, of=("self",)).select_related("edition")
                .filter(pk=file_id, status=FileStatus.PENDING).first()
            )
            if row is None:
                return CeremonyFile.objects.filter(pk=file_id, status=FileStatus.READY).exists()
            certificates = list(ceremony_certificates(row.edition))
            content = _print_pdf(certificates) if row.kind == CeremonyFile.Kind.PRINT else _recipients_xlsx(
                certificates
            )
            row.file.save(row.filename, ContentFile(content), save=False)
            row.status, row.count, row.finished_at = FileStatus.READY, len(certificates), timezone.now()
            row.save(update_fields=["file", "status", "count", "finished_at"])
        return True
    except Exception as exc:
        CeremonyFile.objects.filter(pk=file_id, status=FileStatus.PENDING).update(
            status=FileStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise


def _print_pdf(certificates: list[Certificate]) -> bytes:
    from .pdf import CertificatesPrintRenderer

    return CertificatesPrintRenderer().render_many(certificates)


def _recipients_xlsx(certificates: list[Certificate]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Gala recipients")[:31]
    sheet.append([_("No."), _("County"), _("Institution"), _("Town"), _("Kind"), _("Number"), _("Valid until"),
                  _("Reference")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for position, certificate in enumerate(certificates, start=1):
        sheet.append([
            position, certificate.institution.county.name, certificate.holder_name, certificate.holder_town,
            certificate.get_kind_display(), certificate.number, certificate.valid_until,
            certificate.decision.reference,
        ])
        sheet.cell(row=position + 1, column=7).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEFGH", (5, 18, 60, 18, 22, 16, 12, 20), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pending() -> QuerySet[CeremonyFile]:
    return CeremonyFile.objects.filter(status=FileStatus.PENDING)


def ceremony_files_resend() -> int:
    """Queue the pending ceremony files no task carries (broker down when requested, killed worker)."""
    from .tasks import ceremony_file_render_task

    return requeue_lost(ceremony_file_render_task, _pending(), since_field="created_at", queued_field="queued_at",
                        older_than=SWEEP_GRACE)
