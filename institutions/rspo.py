"""RSPO CSV exports: read a file, then plan what importing it would change.

`read` and `parse` are pure; `plan` only reads counties and institutions. Applying a plan is
`services.rspo_imports.rspo_plan_apply` (one transaction). The plan is recomputed from the stored file on
every preview and on apply, so it always reflects the database as it is now.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.lib.validators import regon_is_valid

from .models import RSPO_TYPE_NAMES, County, Institution, InstitutionType

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# Our key -> the header names RSPO has used for it (compared case- and space-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "rspo": ("Numer RSPO",),
    "type": ("Typ", "Typ podmiotu"),
    "name": ("Nazwa",),
    "street": ("Ulica",),
    "building": ("Numer budynku",),
    "unit": ("Numer lokalu",),
    "postal_code": ("Kod pocztowy",),
    "town": ("Miejscowość",),
    "phone": ("Telefon",),
    "email": ("E-mail", "Email"),
    "website": ("Strona www",),
    "voivodeship": ("Województwo",),
    "county": ("Powiat",),
    "gmina": ("Gmina",),
    "regon": ("REGON",),
    "liquidated_on": ("Data likwidacji",),
}
REQUIRED = ("rspo", "type", "name", "postal_code", "town", "voivodeship", "county")

# Fields an import may change on an existing institution; the police unit is KWP's decision.
UPDATE_FIELDS = (
    "name", "type", "street", "building", "postal_code", "town", "regon", "email", "phone", "website", "gmina",
    "county",
)
BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")
RSPO_RE = re.compile(r"^\d{1,10}$")
POSTAL_CODE_RE = re.compile(r"^(\d{2})-?(\d{3})$")
COUNTY_PREFIXES = ("powiat ", "miasto na prawach powiatu ", "miasto ", "m. st. ", "m.st. ", "m. ", "m.")


class RspoFileError(Exception):
    """The file cannot be read as an RSPO export; the message says why, for the user."""


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass(frozen=True)
class RspoRecord:
    """One data row of the export, values stripped; `line` is its line number in the file."""

    line: int
    rspo: str = ""
    type: str = ""
    name: str = ""
    street: str = ""
    building: str = ""
    unit: str = ""
    postal_code: str = ""
    town: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    voivodeship: str = ""
    county: str = ""
    gmina: str = ""
    regon: str = ""
    liquidated_on: str = ""


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RowResult:
    record: RspoRecord
    action: Action
    reason: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    institution: Institution | None = None
    changes: list[Change] = field(default_factory=list)


# --- Reading -------------------------------------------------------------------------------


def read(data: bytes) -> list[RspoRecord]:
    return parse(decode(data))


def decode(data: bytes) -> str:
    """UTF-8, with or without a BOM. Anything else gets one message saying what to do."""
    if not data.strip():
        raise RspoFileError(_("The file is empty."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RspoFileError(encoding_message())
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:4096]:
        raise RspoFileError(not_csv_message())
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RspoFileError(encoding_message()) from None


def parse(text: str) -> list[RspoRecord]:
    """';'-separated rows; columns found by header name, so their order and extra columns do not matter."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error:
        raise RspoFileError(not_csv_message()) from None
    if not rows:
        raise RspoFileError(_("The file is empty."))
    positions = column_positions(rows[0][1])
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in positions]
    if missing:
        raise RspoFileError(ngettext(
            "This is not an RSPO export (CSV separated by semicolons): the column %(columns)s is missing.",
            "This is not an RSPO export (CSV separated by semicolons): the columns %(columns)s are missing.",
            len(missing),
        ) % {"columns": ", ".join(f"„{name}”" for name in missing)})
    if len(rows) == 1:
        raise RspoFileError(_("The file has a header row but no schools."))
    return [
        RspoRecord(line=line, **{key: clean(row[i]) if i < len(row) else "" for key, i in positions.items()})
        for line, row in rows[1:]
    ]


def column_positions(header: list[str]) -> dict[str, int]:
    wanted = {normalise(name): key for key, names in COLUMNS.items() for name in names}
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = wanted.get(normalise(name))
        if key and key not in positions:
            positions[key] = i
    return positions


def normalise(value: str) -> str:
    return " ".join(value.replace("\ufeff", "").strip().strip('"').split()).lower()


def clean(value: str) -> str:
    # RSPO pads fields with trailing spaces and sometimes doubles inner ones.
    return " ".join(value.split())


def encoding_message() -> str:
    return _(
        "The file is not encoded in UTF-8. Save it as „CSV UTF-8” (or export it again from RSPO) and upload it again."
    )


def not_csv_message() -> str:
    return _(
        "This is not a CSV file. "
        "Export the list of schools from RSPO as CSV (separated by semicolons) and upload that file."
    )


# --- Planning ------------------------------------------------------------------------------


def plan(records: list[RspoRecord], *, for_update: bool = False) -> list[RowResult]:
    """What importing `records` would do to each row; `for_update` locks the matched institutions."""
    counties = county_lookup()
    existing_qs = Institution.objects.filter(rspo__in={r.rspo for r in records if r.rspo}).select_related("county")
    if for_update:
        existing_qs = existing_qs.select_for_update(of=("self",))
    existing = {institution.rspo: institution for institution in existing_qs}
    seen: dict[str, int] = {}
    return [plan_row(record, counties=counties, existing=existing, seen=seen) for record in records]


def plan_row(
    record: RspoRecord, *, counties: dict[str, County], existing: dict[str, Institution], seen: dict[str, int]
) -> RowResult:
    if RSPO_RE.match(record.rspo):
        first_line = seen.setdefault(record.rspo, record.line)
        if first_line != record.line:
            reason = _("The RSPO number %(rspo)s appears again in this file (first on line %(line)d).")
            return RowResult(record, Action.REJECT, reason % {"rspo": record.rspo, "line": first_line})
    values, reason = institution_values(record, counties)
    if reason:
        return RowResult(record, Action.REJECT, reason)
    institution = existing.get(record.rspo)
    if institution is None:
        return RowResult(record, Action.CREATE, values=values)
    changes = changes_for(institution, values)
    action = Action.UPDATE if changes else Action.UNCHANGED
    return RowResult(record, action, values=values, institution=institution, changes=changes)


def institution_values(record: RspoRecord, counties: dict[str, County]) -> tuple[dict[str, Any], str]:
    """The institution's fields from a row, or a reason to reject the row (checked in this order)."""
    if not RSPO_RE.match(record.rspo):
        return {}, _("Invalid RSPO number: „%(value)s”.") % {"value": record.rspo}
    if not record.name:
        return {}, _("The name is missing.")
    voivodeship = normalise(record.voivodeship).removeprefix("województwo ")
    if voivodeship != "małopolskie":
        return {}, _("Outside Małopolska (voivodeship: %(value)s).") % {"value": record.voivodeship or "—"}
    if record.liquidated_on:
        return {}, _("The school has been closed (liquidation date: %(date)s).") % {"date": record.liquidated_on}
    institution_type = RSPO_TYPE_NAMES.get(normalise(record.type))
    if institution_type is None:
        return {}, _("Unsupported type of institution: „%(value)s”.") % {"value": record.type}
    county = counties.get(county_key(record.county))
    if county is None:
        return {}, _("Unknown county: „%(value)s”.") % {"value": record.county}
    postal_match = POSTAL_CODE_RE.match(record.postal_code)
    if not postal_match:
        return {}, _("Invalid postal code: „%(value)s”.") % {"value": record.postal_code}
    if not record.town:
        return {}, _("The town is missing.")
    regon = record.regon.replace(" ", "")
    if regon and not regon_is_valid(regon):
        return {}, _("Invalid REGON: „%(value)s”.") % {"value": record.regon}
    building = "/".join(part for part in (record.building, record.unit) if part)
    return {
        "name": record.name[:300],
        "type": institution_type,
        "rspo": record.rspo,
        "street": record.street[:120],
        "building": building[:20],
        "postal_code": "-".join(postal_match.groups()),
        "town": record.town[:80],
        "gmina": record.gmina[:80],
        "county": county,
        "regon": regon,
        "email": clean_email(record.email),
        "phone": record.phone[:30],
        "website": clean_website(record.website),
    }, ""


def county_lookup() -> dict[str, County]:
    return {county_key(county.name): county for county in County.objects.select_related("police_unit")}


def county_key(value: str) -> str:
    """'krakowski', 'powiat krakowski', 'Kraków', 'm. Kraków', 'miasto Kraków' → one key."""
    key = normalise(value)
    for prefix in COUNTY_PREFIXES:
        key = key.removeprefix(prefix).strip()
    return key


def clean_email(value: str) -> str:
    # RSPO's free-text contact fields hold junk now and then; better no address than a wrong one.
    value = value.strip().lower()
    try:
        EmailValidator()(value)
    except ValidationError:
        return ""
    return value


def clean_website(value: str) -> str:
    if value and "://" not in value:
        value = f"https://{value}"
    try:
        URLValidator()(value)
    except ValidationError:
        return ""
    return value[:200]


def changes_for(institution: Institution, values: dict[str, Any]) -> list[Change]:
    """Fields that differ. An empty RSPO value never clears data: RSPO often lacks contacts we have."""
    changes = []
    for name in UPDATE_FIELDS:
        old, new = getattr(institution, name), values[name]
        if new in ("", None) or old == new:
            continue
        field = Institution._meta.get_field(name)
        label = capfirst(str(getattr(field, "verbose_name", name)))
        changes.append(Change(name, label, display(name, old), display(name, new)))
    return changes


def display(name: str, value: Any) -> str:
    if name == "type" and value:
        return str(InstitutionType(value).label)
    return str(value) if value not in ("", None) else "—"


# --- Summaries -----------------------------------------------------------------------------


def counts(results: Iterable[RowResult]) -> dict[str, int]:
    counter = Counter(result.action for result in results)
    return {action.value: counter.get(action, 0) for action in Action}


def action_label(action: Action) -> str:
    """What happens to one row's institution."""
    return {
        Action.CREATE: pgettext("RSPO row", "new"),
        Action.UPDATE: pgettext("RSPO row", "changed"),
        Action.UNCHANGED: pgettext("RSPO row", "unchanged"),
        Action.REJECT: pgettext("RSPO row", "rejected"),
    }[action]


def counts_line(results: list[RowResult]) -> str:
    return _("New: %(create)d, changed: %(update)d, unchanged: %(unchanged)d, rejected: %(reject)d.") % counts(results)


def summary_lines(results: list[RowResult]) -> list[str]:
    """The preview as plain text (for the management command)."""
    lines = []
    for result in results:
        record = result.record
        lines.append(f"{record.line:>6}  {record.rspo or '—':<10} {action_label(result.action):<10} {record.name}")
        if result.reason:
            lines.append(f"{'':18} {result.reason}")
        for change in result.changes:
            lines.append(f"{'':18} {change.label}: {change.old} → {change.new}")
    lines.append(counts_line(results))
    return lines
