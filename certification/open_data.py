"""The register as open data: every issued certificate as CSV and JSON, with the licence and a data dictionary.

Only what the certificate itself and the public pages show (number, holder, town, county, programme, kind, dates,
status, the verification address); never a coordinator, an auditor, a decision's justification or a reason for
revocation. docs/open-data.md describes the formats for users.
"""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import selectors

PUBLISHER = "Komenda Wojewódzka Policji w Krakowie"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.pl"
# What a re-user writes under whatever they make of the data (the licence's attribution requirement).
ATTRIBUTION = (
    "Źródło: Komenda Wojewódzka Policji w Krakowie, rejestr certyfikatów programu Zintegrowana Polityka "
    "Bezpieczeństwa, licencja CC BY 4.0"
)
# Semicolons: what Excel expects in a Polish locale (and what RSPO's exports use); the BOM makes it read UTF-8.
CSV_DELIMITER = ";"
BOM = "\ufeff"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: Promise


FIELDS = (
    Field("number", "text", _("The certificate's number, as printed on it (e.g. SPB/2026/7).")),
    Field("holder", "text", _("The institution's name as printed on the certificate.")),
    Field("town", "text", _("The institution's town as printed on the certificate.")),
    Field("county", "text", _("The county (powiat) of the institution today.")),
    Field("county_teryt", "text", _("The county's four-digit TERYT code (12xx; 1261–1263 are the cities).")),
    Field("programme", "code", _("SPB: Safety Promoting School; UWPB: Safety Promoting University.")),
    Field("kind", "code", _("certificate: stage I; extension: stage II; lider: the Lider title (stage III).")),
    Field("granted_on", "date", _("The day the Regional Police Commander granted it (YYYY-MM-DD).")),
    Field("valid_from", "date", _("The first day of validity (YYYY-MM-DD).")),
    Field("valid_until", "date", _("The last day of validity (YYYY-MM-DD).")),
    Field("status", "code", _("On the day of the file: valid, not_yet_valid, expired or revoked.")),
    Field("verification_url", "URL", _("The public page that confirms the certificate and shows its status.")),
)
FIELD_NAMES = [field.name for field in FIELDS]


def _status(row: dict[str, Any], today: datetime.date) -> str:
    if row["revoked_at"]:
        return "revoked"
    if today < row["valid_from"]:
        return "not_yet_valid"
    return "expired" if today > row["valid_until"] else "valid"


def records(*, today: datetime.date | None = None) -> Iterator[dict[str, str]]:
    """One dict per certificate, in FIELDS order, as they are read from the database."""
    today = today or timezone.localdate()
    verify = settings.SITE_URL + reverse("certification:verify")  # verify-code is this + "<code>/"
    for row in selectors.open_data_rows():
        yield {
            "number": row["number"],
            "holder": row["holder_name"],
            "town": row["holder_town"],
            "county": row["institution__county__name"],
            "county_teryt": row["institution__county__teryt"],
            "programme": row["programme"],
            "kind": row["kind"],
            "granted_on": row["granted_on"].isoformat(),
            "valid_from": row["valid_from"].isoformat(),
            "valid_until": row["valid_until"].isoformat(),
            "status": _status(row, today),
            "verification_url": f"{verify}{row['verification_code']}/",
        }


class _Line:
    """A file-like object whose write() returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[dict[str, str]] | None = None) -> Iterator[str]:
    """The CSV, line by line: the BOM and the header first, then each record as it is read."""
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL)
    yield BOM + writer.writerow(FIELD_NAMES)
    for row in records() if rows is None else rows:
        yield writer.writerow([row[name] for name in FIELD_NAMES])


def metadata(*, count: int) -> dict[str, Any]:
    return {
        "title": "Rejestr certyfikatów programu Zintegrowana Polityka Bezpieczeństwa",
        "publisher": PUBLISHER,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "generated": timezone.now().replace(microsecond=0).isoformat(),
        "status_on": timezone.localdate().isoformat(),
        "count": count,
        "fields": FIELD_NAMES,
        "dictionary": settings.SITE_URL + reverse("certification:open-data"),
    }


def json_bytes() -> bytes:
    """The JSON document: the metadata, then the records (the whole register fits in memory easily)."""
    rows = list(records())
    document = {"metadata": metadata(count=len(rows)), "records": rows}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
