"""Builds RSPO CSV exports the way RSPO writes them: ';', quoted, padded with trailing spaces."""

from core.lib.validators import REGON_WEIGHTS

HEADER = [
    "Numer RSPO", "Typ", "Nazwa", "Ulica", "Numer budynku", "Numer lokalu", "Kod pocztowy", "Miejscowość", "Telefon",
    "E-mail", "Strona www", "Województwo", "Powiat", "Gmina", "REGON", "NIP", "Publiczność status",
    "Kategoria uczniów", "Nazwa organu prowadzącego", "Data założenia", "Data likwidacji",
]


def regon(base: int) -> str:
    digits = f"{base:08d}"
    return digits + str(sum(int(d) * w for d, w in zip(digits, REGON_WEIGHTS[9], strict=False)) % 11 % 10)


def school(rspo: str = "54321", **columns: str) -> dict[str, str]:
    """A valid row (a primary school in Wieliczka); override columns by their RSPO header name."""
    row = {
        "Numer RSPO": rspo, "Typ": "Szkoła podstawowa", "Nazwa": f"Szkoła Podstawowa nr {rspo[-1]} w Wieliczce",
        "Ulica": "ul. Kościuszki", "Numer budynku": "12", "Numer lokalu": "", "Kod pocztowy": "32-020",
        "Miejscowość": "Wieliczka", "Telefon": "12 278 11 22", "E-mail": f"sp{rspo}@wieliczka.edu.pl",
        "Strona www": f"www.sp{rspo}.wieliczka.pl", "Województwo": "MAŁOPOLSKIE", "Powiat": "wielicki",
        "Gmina": "Wieliczka", "REGON": regon(35_000_000 + int(rspo)), "NIP": "6832000000",
        "Publiczność status": "publiczna", "Kategoria uczniów": "Dzieci lub młodzież",
        "Nazwa organu prowadzącego": "Gmina Wieliczka", "Data założenia": "1999-09-01", "Data likwidacji": "",
    }
    row.update(columns)
    return row


def csv_text(rows: list[dict[str, str]], header: list[str] | None = None, pad: int = 24) -> str:
    header = header or HEADER

    def line(values) -> str:
        return ";".join(f'"{value.ljust(pad)}"' for value in values)

    return "\r\n".join([line(header)] + [line(row.get(name, "") for name in header) for row in rows]) + "\r\n"


def csv_bytes(rows: list[dict[str, str]], *, header: list[str] | None = None, bom: bool = False,
              encoding: str = "utf-8") -> bytes:
    data = csv_text(rows, header).encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data
