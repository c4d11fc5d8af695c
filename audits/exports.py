"""The audit overview as an XLSX workbook (openpyxl): one row per audit, Polish headers, real dates."""

from collections.abc import Iterable
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .models import Audit, Edition, Stage

DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0.00"
RESULT = {True: pgettext_lazy("audit result", "passed"), False: pgettext_lazy("audit result", "not passed")}


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def audit_overview_xlsx(*, edition: Edition, audits: Iterable[Audit]) -> bytes:
    """`audits` should have their team prefetched (selectors.audits.with_team)."""
    headers = [
        (_("Institution"), 45), (_("Town"), 18), (_("County"), 16), (_("Programme"), 11), (_("Kind"), 24),
        (_("Date"), 12), (_("Status"), 14), (_("Team lead"), 24), (_("Team"), 45), (_("Points"), 9),
        (_("Maximum"), 9), (_("Share of the maximum (%)"), 14), (_("Result"), 14), (_("Lider conditions met"), 14),
        (_("Signed on"), 12),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Audits %(edition)s") % {"edition": edition.name.replace("/", "-")}
    sheet.append([title for title, _width in headers])
    for column, (_title, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for audit in audits:
        institution = audit.enrolment.institution
        team = list(audit.team.all())
        lead = next((m.user for m in team if m.is_lead), None)
        result = "" if audit.passed is None else str(RESULT[audit.passed])
        sheet.append([
            institution.name, institution.town, institution.county.name, institution.programme,
            str(Stage(audit.kind).label), audit.date, audit.get_status_display(), str(lead or ""),
            ", ".join(str(m.user) for m in team), audit.total_points, audit.max_points,
            float(audit.percent) if audit.percent is not None else None, result,
            _yes_no(audit.lider_conditions_met) if audit.kind == Stage.LIDER else "",
            timezone.localtime(audit.signed_at).date() if audit.signed_at else None,
        ])
        row = sheet.max_row
        sheet.cell(row=row, column=6).number_format = DATE_FORMAT
        sheet.cell(row=row, column=12).number_format = PERCENT_FORMAT
        sheet.cell(row=row, column=15).number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
