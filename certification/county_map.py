"""The map of Małopolska's 22 counties: a tile-grid cartogram, drawn on the server as inline SVG.

Official boundary geometry cannot be shipped with the app here (no licensed copy could be obtained), so each
county is one equal square placed on a grid roughly where it lies (west to east, north to south); the three
cities with county rights sit beside the county around them. Every square shows the county's name and number,
carries a <title>, and is shaded in one of five classes (CSS classes, no inline styles: the CSP forbids them).
The table beside the map shows the same numbers from the same list (docs/badge-and-map.md).
"""

import math
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import public_cache
from .selectors import CountyCount, certified_per_county

TILE_W, TILE_H, GAP = 92, 58, 4
COLUMNS, ROWS = 7, 6
CLASSES = 5  # class 0 is "none"; classes 1–4 split 1..max into equal steps

# TERYT → (column, row): north-west at the top left.
GRID = {
    "1212": (1, 0),  # olkuski
    "1208": (2, 0),  # miechowski
    "1203": (0, 1),  # chrzanowski
    "1206": (1, 1),  # krakowski
    "1214": (2, 1),  # proszowicki
    "1204": (5, 1),  # dąbrowski
    "1213": (0, 2),  # oświęcimski
    "1261": (1, 2),  # Kraków
    "1219": (2, 2),  # wielicki
    "1201": (3, 2),  # bocheński
    "1202": (4, 2),  # brzeski
    "1263": (5, 2),  # Tarnów
    "1216": (6, 2),  # tarnowski
    "1218": (0, 3),  # wadowicki
    "1215": (1, 3),  # suski
    "1209": (2, 3),  # myślenicki
    "1207": (3, 3),  # limanowski
    "1210": (4, 3),  # nowosądecki
    "1262": (5, 3),  # Nowy Sącz
    "1205": (6, 3),  # gorlicki
    "1211": (2, 4),  # nowotarski
    "1217": (2, 5),  # tatrzański
}


@dataclass(frozen=True)
class Tile:
    teryt: str
    name: str
    is_city: bool
    count: int
    shade: int
    x: int
    y: int

    @property
    def cx(self) -> int:
        return self.x + TILE_W // 2


@dataclass(frozen=True)
class LegendEntry:
    shade: int
    label: str


@dataclass(frozen=True)
class CountyMap:
    tiles: list[Tile]
    rows: list[CountyCount]
    legend: list[LegendEntry]
    total: int
    width: int = COLUMNS * (TILE_W + GAP)
    height: int = ROWS * (TILE_H + GAP)
    tile_w: int = TILE_W
    tile_h: int = TILE_H


def step_for(maximum: int) -> int:
    return max(1, math.ceil(maximum / (CLASSES - 1)))


def shade(count: int, step: int) -> int:
    return 0 if count <= 0 else min(CLASSES - 1, 1 + (count - 1) // step)


def legend(step: int, maximum: int) -> list[LegendEntry]:
    entries = [LegendEntry(0, "0")]
    for k in range(1, CLASSES):
        low, high = (k - 1) * step + 1, k * step
        if low > max(maximum, 1):
            break
        entries.append(LegendEntry(k, str(low) if low == high else f"{low}–{high}"))
    return entries


def build(rows: list[CountyCount]) -> CountyMap:
    """The map of `rows` (certification.selectors.certified_per_county): tiles, legend and the rows themselves,
    which the table beside the map shows."""
    maximum = max((row.count for row in rows), default=0)
    step = step_for(maximum)
    tiles = []
    for row in rows:
        column, line = GRID.get(row.teryt, (COLUMNS - 1, ROWS - 1))
        tiles.append(Tile(row.teryt, row.name, row.is_city, row.count, shade(row.count, step),
                          column * (TILE_W + GAP) + GAP // 2, line * (TILE_H + GAP) + GAP // 2))
    return CountyMap(tiles=tiles, rows=rows, legend=legend(step, maximum), total=sum(row.count for row in rows))


def title() -> str:
    return _("Map of Małopolska's counties: institutions with a valid certificate (the table shows the same numbers)")


def render(request: HttpRequest | None = None) -> str:
    """The map and its table, for today's register (the public register page, KWP's dashboard)."""
    context = {"map": build(certified_per_county()), "map_title": title()}
    return render_to_string("certification/public/_county_map.html", context, request=request)


def render_cached(request: HttpRequest | None = None) -> str:
    """`render`, from the public page cache (the same for every visitor; issuing or revoking bumps it)."""
    return public_cache.cached("register-map", (), lambda: render(request))
