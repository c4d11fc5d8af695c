"""Lists as spreadsheets: row generators plus one CSV and one XLSX writer.

Memory stays flat whatever the size: rows come from `queryset.iterator(chunk_size=CHUNK)` (related rows
prefetched once per chunk, so queries grow with chunks, never with rows); a worker writes them into a
temporary file (CSV line by line, XLSX by openpyxl's write-only workbook) that then goes to storage
(reports/services/export_jobs.py). Headers are Polish (translated), dates are real date cells, numbers real numbers.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from audits.models import Audit, AuditScore, Criterion, Edition, SelfAssessment, Stage
from certification.models import Certificate
from certification.selectors import current_certificates
from institutions.models import Institution

CHUNK = 500
DATE_FORMAT = "DD.MM.YYYY"
DECIMAL_FORMAT = "0.00"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")

TEXT, DATE, INT, DECIMAL = "text", "date", "int", "decimal"
# A spreadsheet runs a cell starting with one of these as a formula. Names typed by the public (applications)
# or by coordinators reach the exports, so such text is neutralised ("CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: Any  # a lazy translation
    kind: str = TEXT
    width: int = 16


@dataclass
class Export:
    filename: str  # without the extension
    sheet: str
    columns: list[Column]
    rows: Iterable[list]
    count: Callable[[], int] = lambda: 0  # how many rows will come (one COUNT query), for the progress bar


# --- Writers ------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value) -> str:
    """Text that a spreadsheet shows as typed: a leading apostrophe stops it being read as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == DATE:
        return value.isoformat()  # Excel and LibreOffice read ISO dates as dates in every locale
    if kind == DECIMAL:
        return f"{value:.2f}".replace(".", ",")  # Polish decimal comma, hence the ";" separator
    if kind == INT:
        return str(value)
    return _csv_text(value)


def csv_lines(export: Export) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([_csv_text(c.title) for c in export.columns])  # BOM: Excel reads UTF-8
    for row in export.rows:
        yield writer.writerow([_csv_value(v, c.kind) for v, c in zip(row, export.columns, strict=True)])


def write_csv(export: Export, target) -> None:
    """Into a binary file, line by line."""
    for line in csv_lines(export):
        target.write(line.encode("utf-8"))


def _xlsx_text(sheet, value) -> WriteOnlyCell:
    """A string cell: openpyxl would store text starting with "=" as a formula, and refuses control
    characters (which a form may let through) with an error, so they are dropped."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    return cell


def write_xlsx(export: Export, target) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(export.sheet[:31])
    for index, column in enumerate(export.columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in export.columns:
        cell = _xlsx_text(sheet, column.title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    formats = {DATE: DATE_FORMAT, DECIMAL: DECIMAL_FORMAT}
    for row in export.rows:
        cells = []
        for value, column in zip(row, export.columns, strict=True):
            if column.kind == DECIMAL and value is not None:
                value = float(value)
            if column.kind == TEXT and value is not None:
                cells.append(_xlsx_text(sheet, value))
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if column.kind in formats:
                cell.number_format = formats[column.kind]
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def write(export: Export, fmt: str, target) -> None:
    """`export` in `fmt` ("xlsx" or "csv") into the binary file `target`; only one row is in memory at a time."""
    (write_xlsx if fmt == "xlsx" else write_csv)(export, target)


def content_type(fmt: str) -> str:
    return XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"


def _chunks(qs: QuerySet) -> Iterator:
    return qs.iterator(chunk_size=CHUNK)


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value else None


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


# --- Institutions ---------------------------------------------------------------------------------


def institutions_export(qs: QuerySet[Institution]) -> Export:
    """One row per institution with its current certificate (stage I or II valid today)."""
    current = current_certificates()
    qs = qs.select_related("county", "police_unit").prefetch_related(
        Prefetch("certificates", queryset=current, to_attr="current_certificates")
    ).order_by("name", "pk")
    columns = [
        Column(gettext_lazy("Name"), width=45), Column(gettext_lazy("Type"), width=24),
        Column(gettext_lazy("Programme"), width=10), Column(pgettext_lazy("export column", "RSPO number"), width=12),
        Column(gettext_lazy("Town"), width=18), Column(gettext_lazy("County"), width=18),
        Column(gettext_lazy("Police unit"), width=22), Column(gettext_lazy("E-mail"), width=28),
        Column(gettext_lazy("Joined the programme"), DATE, 12),
        Column(pgettext_lazy("institution", "Active"), width=8),
        Column(gettext_lazy("Current certificate"), width=16), Column(gettext_lazy("Certificate kind"), width=22),
        Column(gettext_lazy("Valid until"), DATE, 12),
    ]

    def rows() -> Iterator[list]:
        for institution in _chunks(qs):
            certificate = institution.current_certificates[0] if institution.current_certificates else None
            yield [
                institution.name, institution.get_type_display(), institution.programme, institution.rspo,
                institution.town, institution.county.name, institution.police_unit.name, institution.email,
                institution.joined_on, _yes_no(institution.is_active),
                certificate.number if certificate else "",
                certificate.get_kind_display() if certificate else "",
                certificate.valid_until if certificate else None,
            ]

    return Export(pgettext("file name", "institutions"), _("Institutions"), columns, rows(), qs.count)


# --- Certificates ---------------------------------------------------------------------------------


def certificates_export(qs: QuerySet[Certificate]) -> Export:
    today = timezone.localdate()
    qs = qs.select_related("institution__county").order_by("-granted_on", "-number")
    columns = [
        Column(gettext_lazy("Number"), width=16), Column(gettext_lazy("Kind"), width=22),
        Column(gettext_lazy("Programme"), width=10), Column(gettext_lazy("Holder"), width=45),
        Column(gettext_lazy("Town"), width=18), Column(gettext_lazy("County"), width=18),
        Column(gettext_lazy("Edition"), width=10), Column(gettext_lazy("Granted on"), DATE, 12),
        Column(gettext_lazy("Valid from"), DATE, 12), Column(gettext_lazy("Valid until"), DATE, 12),
        Column(gettext_lazy("Status"), width=14), Column(gettext_lazy("Revoked on"), DATE, 12),
    ]

    def rows() -> Iterator[list]:
        for certificate in _chunks(qs):
            yield [
                certificate.number, certificate.get_kind_display(), certificate.programme, certificate.holder_name,
                certificate.holder_town, certificate.institution.county.name, certificate.edition_name,
                certificate.granted_on, certificate.valid_from, certificate.valid_until,
                str(Certificate.Status(certificate.status_on(today)).label), _local_date(certificate.revoked_at),
            ]

    return Export(pgettext("file name", "certificates"), _("Certificates"), columns, rows(), qs.count)


# --- Self-assessments -----------------------------------------------------------------------------


def self_assessments_export(qs: QuerySet[SelfAssessment], *, edition: Edition) -> Export:
    """`qs` comes from the review list's selector (progress counts annotated)."""
    columns = [
        Column(gettext_lazy("Institution"), width=45), Column(gettext_lazy("Town"), width=18),
        Column(gettext_lazy("County"), width=18), Column(gettext_lazy("Programme"), width=10),
        Column(gettext_lazy("Stage sought"), width=22), Column(gettext_lazy("Status"), width=20),
        Column(gettext_lazy("Deadline"), DATE, 12), Column(gettext_lazy("Submitted on"), DATE, 12),
        Column(gettext_lazy("Criteria self-scored"), INT, 10), Column(gettext_lazy("Criteria"), INT, 10),
        Column(gettext_lazy("Evidence attached"), INT, 10), Column(gettext_lazy("Evidence required"), INT, 10),
    ]

    def rows() -> Iterator[list]:
        for assessment in _chunks(qs):
            enrolment = assessment.enrolment
            institution = enrolment.institution
            yield [
                institution.name, institution.town, institution.county.name, institution.programme,
                enrolment.get_stage_display(), assessment.get_status_display(), enrolment.self_assessment_deadline,
                _local_date(assessment.submitted_at), assessment.criteria_filled or 0, assessment.criteria_total or 0,
                assessment.evidence_present or 0, assessment.evidence_total or 0,
            ]

    name = pgettext("file name", "self-assessments-%(edition)s") % {"edition": edition.name.replace("/", "-")}
    return Export(name, _("Self-assessments"), columns, rows(), qs.count)


# --- Audit results --------------------------------------------------------------------------------


def audits_export(qs: QuerySet[Audit], *, edition: Edition, programme: str) -> Export:
    """The audit overview plus one column per criterion of the programme's rulebook in the edition.
    `qs` comes from the overview's selector, limited to `programme` (rulebooks differ per programme)."""
    criteria = list(Criterion.objects.filter(area__rulebook=edition.rulebook_for(programme))
                    .order_by("area__number", "position", "code"))
    scores = AuditScore.objects.filter(criterion__in=criteria)
    qs = qs.prefetch_related(Prefetch("scores", queryset=scores, to_attr="criterion_scores"))
    columns = [
        Column(gettext_lazy("Institution"), width=45),
        Column(gettext_lazy("Town"), width=18),
        Column(gettext_lazy("County"), width=18),
        Column(gettext_lazy("Programme"), width=10),
        Column(gettext_lazy("Kind"), width=22),
        Column(gettext_lazy("Date"), DATE, 12),
        Column(gettext_lazy("Status"), width=12),
        Column(gettext_lazy("Team lead"), width=24),
        Column(gettext_lazy("Team"), width=40),
        Column(gettext_lazy("Points"), INT, 8),
        Column(gettext_lazy("Maximum"), INT, 8),
        Column(gettext_lazy("Share of the maximum (%)"), DECIMAL, 10),
        Column(gettext_lazy("Result"), width=12),
        Column(gettext_lazy("Lider conditions met"), width=10),
        Column(gettext_lazy("Signed on"), DATE, 12),
        *[Column(f"{c.code} ({c.max_points})", INT, 8) for c in criteria],
    ]
    results = {True: pgettext("audit result", "passed"), False: pgettext("audit result", "not passed")}

    def rows() -> Iterator[list]:
        for audit in _chunks(qs):
            institution = audit.enrolment.institution
            team = list(audit.team.all())
            lead = next((m.user for m in team if m.is_lead), None)
            by_criterion = {s.criterion_id: s.score for s in audit.criterion_scores}
            yield [
                institution.name, institution.town, institution.county.name, institution.programme,
                str(Stage(audit.kind).label),
                audit.date, audit.get_status_display(), str(lead or ""), ", ".join(str(m.user) for m in team),
                audit.total_points, audit.max_points, audit.percent,
                "" if audit.passed is None else results[audit.passed],
                _yes_no(audit.lider_conditions_met) if audit.kind == Stage.LIDER else "",
                _local_date(audit.signed_at), *[by_criterion.get(c.pk) for c in criteria],
            ]

    name = pgettext("file name", "audits-%(edition)s-%(programme)s") % {
        "edition": edition.name.replace("/", "-"), "programme": programme}
    sheet = _("Audits %(edition)s") % {"edition": edition.name.replace("/", "-")}
    return Export(name, sheet, columns, rows(), qs.count)



def survey_results_export(rows: list[list], *, edition, questionnaire) -> Export:
    """The region's survey results by county: aggregates only (surveys.results.region_aggregate_rows)."""
    columns = [
        Column(gettext_lazy("County"), width=22), Column(gettext_lazy("Respondents"), INT, 12),
        Column(gettext_lazy("Question"), width=60), Column(gettext_lazy("Answer"), width=30),
        Column(gettext_lazy("Share (%)"), INT, 10),
    ]
    return Export(filename=f"ankiety-wyniki-{edition.start_year}-{questionnaire.pk}", sheet="Wyniki",
                  columns=columns, rows=rows, count=lambda: len(rows))
