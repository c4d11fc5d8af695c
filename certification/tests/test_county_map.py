"""The county map: one tile per county, shaded in classes, and the same numbers as the table beside it."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from certification.county_map import GRID, build, legend, shade, step_for
from certification.selectors import CountyCount, certified_per_county
from certification.services import certificate_revoke
from institutions.reference import COUNTIES
from institutions.tests.factories import InstitutionFactory, county

from . import factories

pytestmark = pytest.mark.django_db


class MapAndTable(HTMLParser):
    """The numbers the page shows: per county on the map's tiles (data-count and the tile's text) and in the
    table's rows."""

    def __init__(self):
        super().__init__()
        self.tiles: dict[str, int] = {}
        self.tile_texts: dict[str, list[str]] = {}
        self.rows: dict[str, int] = {}
        self._tile = self._row = None
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "g" and "county-tile" in (attrs.get("class") or ""):
            self._tile = attrs["data-county"]
            self.tiles[self._tile] = int(attrs["data-count"])
            self.tile_texts[self._tile] = []
        elif tag == "tr" and attrs.get("data-county"):
            self._row = attrs["data-county"]
        elif tag == "td" and self._row:
            self._in_td = True

    def handle_endtag(self, tag):
        if tag == "g":
            self._tile = None
        elif tag == "tr":
            self._row = None
        elif tag == "td":
            self._in_td = False

    def handle_data(self, data):
        if self._tile and data.strip():
            self.tile_texts[self._tile].append(data.strip())
        if self._row and self._in_td and data.strip():
            self.rows[self._row] = int(data)


def parse(html: str) -> MapAndTable:
    parser = MapAndTable()
    parser.feed(html)
    return parser


def test_every_county_has_a_grid_place_of_its_own():
    assert set(GRID) == {teryt for teryt, *_ in COUNTIES}
    assert len(set(GRID.values())) == 22


def test_the_counts_are_institutions_with_a_valid_certificate(reference_data):
    bochnia = county("1201")
    factories.certificate(institution=InstitutionFactory(county=bochnia))
    two = InstitutionFactory(county=bochnia)
    factories.stage_two(two)  # stage I expired, its extension valid: counted once
    factories.certificate(institution=InstitutionFactory(county=bochnia), year=2018)  # expired
    factories.certificate(institution=InstitutionFactory(county=bochnia, is_active=False))  # not in the register
    counts = {row.teryt: row.count for row in certified_per_county()}
    assert len(counts) == 22
    assert counts["1201"] == 2 and sum(counts.values()) == 2


def test_the_counts_take_two_queries_whatever_the_number_of_certificates(reference_data, django_assert_num_queries):
    for teryt in ("1201", "1263", "1261"):
        factories.certificate(institution=InstitutionFactory(county=county(teryt)))
    with django_assert_num_queries(2):  # the grouped count, the counties
        certified_per_county()


def test_shading_splits_one_to_the_maximum_into_four_classes():
    step = step_for(8)
    assert step == 2
    assert [shade(n, step) for n in (0, 1, 2, 3, 4, 7, 8)] == [0, 1, 1, 2, 2, 4, 4]
    assert [entry.label for entry in legend(step, 8)] == ["0", "1–2", "3–4", "5–6", "7–8"]
    assert [entry.label for entry in legend(step_for(1), 1)] == ["0", "1"]


def test_an_empty_register_shades_every_county_as_none():
    rows = [CountyCount(i, teryt, name, is_city, 0) for i, (teryt, name, is_city, _unit) in enumerate(COUNTIES)]
    assert {tile.shade for tile in build(rows).tiles} == {0}


def test_the_maps_numbers_equal_the_tables_on_the_register(client, reference_data):
    for teryt, n in (("1201", 3), ("1263", 1), ("1206", 2)):
        for _ in range(n):
            factories.certificate(institution=InstitutionFactory(county=county(teryt)))
    page = parse(client.get(reverse("certification:register")).content.decode())
    assert len(page.tiles) == 22
    assert page.tiles == page.rows
    assert page.tiles["1201"] == 3 and page.tiles["1263"] == 1 and sum(page.tiles.values()) == 6
    # The tile's visible text is its name and the same number.
    assert page.tile_texts["1201"][-1] == "3" and "bocheński" in page.tile_texts["1201"]


def test_the_map_follows_a_revocation_at_once(client, world, settings):
    settings.PUBLIC_PAGE_CACHE = True
    certificate = factories.certificate(institution=world.institution_a)
    assert parse(client.get(reverse("certification:register")).content.decode()).tiles["1201"] == 1
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Nieprawdziwe dane")
    page = parse(client.get(reverse("certification:register")).content.decode())
    assert page.tiles["1201"] == 0 == page.rows["1201"]


def test_the_map_uses_classes_not_inline_styles(client, reference_data):
    html = client.get(reverse("certification:register")).content.decode()
    section = html[html.index('class="mb-4 county-map"'):html.index("table-county-map")]
    assert "style=" not in section and re.search(r'class="county-tile map-c\d', section)


def test_a_county_with_certified_institutions_links_to_its_part_of_the_register(client, reference_data):
    bochnia = county("1201")
    certificate = factories.certificate(institution=InstitutionFactory(county=bochnia))
    html = client.get(reverse("certification:register")).content.decode()
    link = f'{reverse("certification:register")}?county={bochnia.pk}#valid-heading'
    assert f'<a href="{link}">bocheński</a>' in html and ">miechowski</th>" in html  # no link to an empty county
    assert certificate.number in client.get(link.split("#")[0]).content.decode()
