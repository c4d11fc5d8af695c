"""Demo data: a believable partner directory for Małopolska and 2–5 partnerships per active institution.

Runs after institutions' demo and works with whatever institutions exist. Deterministic (a seeded
random generator). Two entries for the Kraków municipal guard are deliberate duplicates, so that
KWP staff can try merging.
"""

import random
from datetime import date, timedelta
from typing import TextIO

from simple_history.utils import bulk_create_with_history

from institutions.models import County, Institution, InstitutionType, PoliceUnit, User

from .models import Partner, Partnership, normalize_name

K = Partner.Kind
TODAY_LIMIT = date(2025, 11, 1)  # no partnership starts after this day, so all of them are under way

STAROSTWA = {
    "1201": "Bochni", "1202": "Brzesku", "1203": "Chrzanowie", "1204": "Dąbrowie Tarnowskiej", "1205": "Gorlicach",
    "1206": "Krakowie", "1207": "Limanowej", "1208": "Miechowie", "1209": "Myślenicach", "1210": "Nowym Sączu",
    "1211": "Nowym Targu", "1212": "Olkuszu", "1213": "Oświęcimiu", "1214": "Proszowicach",
    "1215": "Suchej Beskidzkiej", "1216": "Tarnowie", "1217": "Zakopanem", "1218": "Wadowicach", "1219": "Wieliczce",
}
CITY_HALLS = {"1261": "Urząd Miasta Krakowa", "1262": "Urząd Miasta Nowego Sącza", "1263": "Urząd Miasta Tarnowa"}
KRAKOW_GUARD, KRAKOW_GUARD_DUPLICATE = "Straż Miejska Miasta Krakowa", "Straz Miejska m. Krakowa"

# (kind, name, TERYT of the county or None for the whole region)
DIRECTORY = [
    (K.EDUCATION_BOARD, "Kuratorium Oświaty w Krakowie", "1261"),
    (K.EDUCATION_BOARD, "Kuratorium Oświaty w Krakowie – Delegatura w Nowym Sączu", "1262"),
    (K.EDUCATION_BOARD, "Kuratorium Oświaty w Krakowie – Delegatura w Tarnowie", "1263"),
    (K.EDUCATION_BOARD, "Kuratorium Oświaty w Krakowie – Delegatura w Nowym Targu", "1211"),
    (K.EDUCATION_BOARD, "Kuratorium Oświaty w Krakowie – Delegatura w Oświęcimiu", "1213"),
    (K.MUNICIPAL_GUARD, KRAKOW_GUARD, "1261"),
    (K.MUNICIPAL_GUARD, KRAKOW_GUARD_DUPLICATE, "1261"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Tarnowie", "1263"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Nowym Sączu", "1262"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Bochni", "1201"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Chrzanowie", "1203"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Oświęcimiu", "1213"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Zakopanem", "1217"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Wieliczce", "1219"),
    (K.MUNICIPAL_GUARD, "Straż Miejska w Skawinie", "1206"),
    (K.MUNICIPAL_GUARD, "Straż Gminna w Zielonkach", "1206"),
    (K.MUNICIPAL_GUARD, "Straż Gminna w Zabierzowie", "1206"),
    (K.MUNICIPAL_GUARD, "Straż Gminna w Poroninie", "1217"),
    (K.STUDENT_GOVERNMENT, "Samorząd Studentów AGH", "1261"),
    (K.STUDENT_GOVERNMENT, "Samorząd Studentów Politechniki Krakowskiej", "1261"),
    (K.STUDENT_GOVERNMENT, "Samorząd Studentów Krakowskiej Akademii im. Andrzeja Frycza Modrzewskiego", "1261"),
    (K.STUDENT_GOVERNMENT, "Samorząd Studentów Uniwersytetu Ekonomicznego w Krakowie", "1261"),
    (K.STUDENT_GOVERNMENT, "Samorząd Studentów Uniwersytetu Rolniczego w Krakowie", "1261"),
    (K.STUDENT_GOVERNMENT, "Samorząd Studentów AWF w Krakowie", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy I Stare Miasto", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy II Grzegórzki", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy III Prądnik Czerwony", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy IV Prądnik Biały", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy V Krowodrza", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy VI Bronowice", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy XIII Podgórze", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy XIV Czyżyny", "1261"),
    (K.DISTRICT_COUNCIL, "Rada Dzielnicy XVIII Nowa Huta", "1261"),
    (K.HOUSING_COOPERATIVE, "Krakowska Spółdzielnia Mieszkaniowa", "1261"),
    (K.HOUSING_COOPERATIVE, "Spółdzielnia Mieszkaniowa „Prądnik”", "1261"),
    (K.HOUSING_COOPERATIVE, "Spółdzielnia Mieszkaniowa „Mistrzejowice”", "1261"),
    (K.HOUSING_COOPERATIVE, "Tarnowska Spółdzielnia Mieszkaniowa", "1263"),
    (K.HOUSING_COOPERATIVE, "Sądecka Spółdzielnia Mieszkaniowa „Jubilatka”", "1262"),
    (K.HOUSING_COOPERATIVE, "Spółdzielnia Mieszkaniowa w Bochni", "1201"),
    (K.HOUSING_COOPERATIVE, "Oświęcimska Spółdzielnia Mieszkaniowa", "1213"),
    (K.UNIVERSITY, "Uniwersytet Komisji Edukacji Narodowej w Krakowie", "1261"),
    (K.UNIVERSITY, "Akademia Nauk Stosowanych w Nowym Sączu", "1262"),
    (K.UNIVERSITY, "Akademia Tarnowska", "1263"),
    (K.NGO, "Polski Czerwony Krzyż – Małopolski Oddział Okręgowy", None),
    (K.NGO, "Związek Harcerstwa Polskiego – Chorągiew Krakowska", None),
    (K.NGO, "Stowarzyszenie MONAR – Poradnia Profilaktyki i Terapii Uzależnień w Krakowie", "1261"),
    (K.NGO, "Stowarzyszenie Siemacha", "1261"),
    (K.NGO, "Fundacja Bezpieczna Szkoła Sądecka", "1262"),
    (K.NGO, "Tarnowskie Stowarzyszenie Profilaktyki Uzależnień", "1263"),
    (K.NGO, "Ochotnicza Straż Pożarna w Zielonkach", "1206"),
    (K.NGO, "Tatrzańskie Ochotnicze Pogotowie Ratunkowe", "1217"),
    (K.NGO, "Stowarzyszenie Bezpieczne Podbeskidzie", "1218"),
    (K.OTHER, "Poradnia Psychologiczno-Pedagogiczna nr 1 w Krakowie", "1261"),
    (K.OTHER, "Miejski Ośrodek Pomocy Społecznej w Krakowie", "1261"),
    (K.OTHER, "Powiatowa Stacja Sanitarno-Epidemiologiczna w Tarnowie", "1263"),
    (K.OTHER, "Zespół Kuratorskiej Służby Sądowej przy Sądzie Rejonowym w Nowym Sączu", "1262"),
    (K.OTHER, "Powiatowe Centrum Pomocy Rodzinie w Wadowicach", "1218"),
]

SCOPES: dict[str, list[str]] = {
    K.LOCAL_GOVERNMENT: [
        "Finansowanie monitoringu wizyjnego wokół szkoły",
        "Przebudowa przejścia dla pieszych przy szkole",
        "Doświetlenie dróg dojścia do szkoły",
        "Wspólne diagnozy bezpieczeństwa w gminie",
    ],
    K.EDUCATION_BOARD: [
        "Konsultacje programu profilaktyki szkolnej",
        "Szkolenia rad pedagogicznych z reagowania na przemoc",
    ],
    K.MUNICIPAL_GUARD: [
        "Patrole w rejonie szkoły w godzinach rozpoczęcia i zakończenia zajęć",
        "Zajęcia z bezpieczeństwa w ruchu drogowym",
        "Wspólna wizja lokalna otoczenia szkoły",
    ],
    K.POLICE: [
        "Spotkania dzielnicowego z uczniami i rodzicami",
        "Zajęcia profilaktyczne o przemocy rówieśniczej",
        "Wspólna wizja lokalna najniebezpieczniejszych miejsc",
        "Zajęcia o cyberprzemocy i bezpieczeństwie w sieci",
    ],
    K.UNIVERSITY: ["Warsztaty psychologów dla uczniów i nauczycieli", "Badania ankietowe poczucia bezpieczeństwa"],
    K.STUDENT_GOVERNMENT: [
        "Kampania „Bezpieczny kampus” dla studentów pierwszego roku",
        "Bezpieczeństwo podczas juwenaliów i imprez studenckich",
    ],
    K.DISTRICT_COUNCIL: ["Dofinansowanie zajęć profilaktycznych", "Zgłaszanie niebezpiecznych miejsc w dzielnicy"],
    K.HOUSING_COOPERATIVE: [
        "Oświetlenie i monitoring na osiedlu przy szkole",
        "Zagospodarowanie placu zabaw i terenów zielonych",
    ],
    K.NGO: ["Warsztaty pierwszej pomocy", "Zajęcia profilaktyki uzależnień", "Wolontariat uczniowski"],
    K.OTHER: ["Wsparcie psychologiczno-pedagogiczne uczniów", "Konsultacje dla rodziców w sprawach przemocy"],
}
FIRST_NAMES = ["Anna", "Tomasz", "Małgorzata", "Piotr", "Agnieszka", "Krzysztof", "Ewa", "Marcin", "Barbara", "Jan",
               "Joanna", "Grzegorz", "Beata", "Paweł", "Dorota", "Michał"]
SURNAMES = ["Nowak", "Mazur", "Wójcik", "Krawczyk", "Zając", "Dudek", "Sowa", "Baran", "Kubiak", "Wróbel", "Bąk",
            "Sikora", "Duda", "Król", "Pawlak", "Michalak", "Stępień", "Wieczorek"]
ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def seed(stdout: TextIO, password: str) -> None:
    rng = random.Random(1996)  # the programme's first year
    counties = {county.teryt: county for county in County.objects.all()}
    kwp = User.objects.filter(username="kwp").first()
    institutions = list(
        Institution.objects.filter(is_active=True).select_related("county", "police_unit").order_by("pk")
    )

    entries: list[tuple[str, str, str | None]] = [
        (K.LOCAL_GOVERNMENT, f"Starostwo Powiatowe w {town}", teryt) for teryt, town in STAROSTWA.items()
    ]
    entries += [(K.LOCAL_GOVERNMENT, name, teryt) for teryt, name in CITY_HALLS.items()]
    gminy = sorted({(i.gmina, i.county.teryt) for i in institutions if i.gmina and not i.county.is_city})
    entries += [(K.LOCAL_GOVERNMENT, f"Gmina {gmina}", teryt) for gmina, teryt in gminy]
    entries += DIRECTORY
    police = PoliceUnit.objects.exclude(kind=PoliceUnit.Kind.KWP).prefetch_related("counties")
    entries += [(K.POLICE, unit.name, police_county(unit).teryt) for unit in police]

    partners = [contact(rng, Partner(kind=kind, name=name, name_key=normalize_name(name),
                                     county=counties.get(teryt or ""), created_by=kwp))
                for kind, name, teryt in entries]
    partners = bulk_create_with_history(partners, Partner, default_user=kwp)
    by_name = {partner.name: partner for partner in Partner.objects.select_related("county")}

    partnerships = []
    for n, institution in enumerate(institutions):
        chosen = pick_partners(rng, n, institution, by_name)
        partnerships += [partnership(rng, institution, partner) for partner in chosen]
    bulk_create_with_history(partnerships, Partnership, default_user=kwp)
    ended = sum(1 for p in partnerships if p.ended_on)
    stdout.write(f"Partners: {len(partners)} in the directory (two of them duplicates), "
                 f"{len(partnerships)} partnerships ({ended} ended).")


def police_county(unit: PoliceUnit) -> County:
    """A police partner sits in the city it is named after, else in the county it serves."""
    return sorted(unit.counties.all(), key=lambda county: (not county.is_city, county.teryt))[0]


def contact(rng: random.Random, partner: Partner) -> Partner:
    if rng.random() < 0.15:  # some directory entries have no contact data yet
        return partner
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    if first.endswith("a") and last.endswith("ski"):
        last = last[:-1] + "a"
    initials = "".join(word[0] for word in partner.name.split() if word[:1].isupper()).lower().translate(ASCII)
    partner.contact_person = f"{first} {last}"
    partner.email = f"{first.lower().translate(ASCII)}.{last.lower().translate(ASCII)}@{initials}.example.pl"
    partner.phone = (
        f"{rng.choice(['12', '14', '18', '33'])} {rng.randint(610, 690)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    )
    return partner


def pick_partners(rng: random.Random, n: int, institution: Institution, by_name: dict[str, Partner]) -> list[Partner]:
    """The serving police unit and the local government first, then others from the county or the region."""
    teryt = institution.county.teryt
    chosen = [by_name[institution.police_unit.name]] if institution.police_unit.name in by_name else []
    if institution.type == InstitutionType.UNIVERSITY:
        local = CITY_HALLS.get(teryt)
    elif institution.county.is_city:
        local = CITY_HALLS[teryt]
    elif institution.type == InstitutionType.PRIMARY:
        local = f"Gmina {institution.gmina}"
    else:  # the county runs secondary schools
        local = f"Starostwo Powiatowe w {STAROSTWA[teryt]}"
    if local in by_name:
        chosen.append(by_name[local])
    if teryt == "1261":  # every Kraków institution works with the municipal guard; a third of them via the duplicate
        chosen.append(by_name[KRAKOW_GUARD_DUPLICATE if n % 3 == 0 else KRAKOW_GUARD])
    pool = [p for p in by_name.values() if p not in chosen and p.kind not in (K.POLICE, K.LOCAL_GOVERNMENT)
            and (p.county is None or p.county.teryt == teryt) and p.name != KRAKOW_GUARD_DUPLICATE]
    if institution.type != InstitutionType.UNIVERSITY:
        pool = [p for p in pool if p.kind != K.STUDENT_GOVERNMENT]
    rng.shuffle(pool)
    return (chosen + pool)[:max(rng.randint(2, 5), len(chosen))]


def partnership(rng: random.Random, institution: Institution, partner: Partner) -> Partnership:
    earliest = max(institution.joined_on or date(2015, 9, 1), date(2012, 9, 1))
    started_on = min(earliest + timedelta(days=rng.randint(0, 900)), TODAY_LIMIT)
    ended_on = None
    if rng.random() < 0.12 and started_on < date(2023, 9, 1):
        ended_on = started_on + timedelta(days=rng.randint(300, 700))
    return Partnership(institution=institution, partner=partner, started_on=started_on, ended_on=ended_on,
                       scope=rng.choice(SCOPES[partner.kind]))
