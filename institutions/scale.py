"""Scale data (seed_scale): users of every role and N institutions in every county, by bulk inserts.

Coordinators: one per institution and a second in every sixth (≈ 1.17 per institution, as in the region).
Auditors: officers of every police unit, more of them at KWP. Logins for the benchmark: `kwp`,
`audytor` (a KWP auditor) and `koordynator` (the first school's coordinator).
"""

import datetime

from core.lib.scale import ScalePlan

from .demo import AREA_CODES, FEMALE_NAMES, MALE_NAMES, STREETS, SURNAMES, UNIVERSITIES, ascii_slug, regon
from .models import County, Institution, InstitutionType, PoliceUnit, User

T = InstitutionType
# Most enrolled institutions are primary schools; a few secondary types and complexes.
SCHOOL_TYPES = [T.PRIMARY] * 12 + [T.GENERAL_SECONDARY] * 3 + [T.TECHNICAL] * 2 + [T.VOCATIONAL_1, T.SCHOOL_COMPLEX,
                                                                                    T.POST_SECONDARY]
TYPE_NAMES = {
    T.PRIMARY: "Szkoła Podstawowa", T.GENERAL_SECONDARY: "Liceum Ogólnokształcące", T.TECHNICAL: "Technikum",
    T.VOCATIONAL_1: "Branżowa Szkoła I Stopnia", T.SCHOOL_COMPLEX: "Zespół Szkół",
    T.POST_SECONDARY: "Szkoła Policealna",
}


def seed(plan: ScalePlan) -> None:
    counties = list(County.objects.select_related("police_unit").order_by("teryt"))
    kwp_unit = PoliceUnit.objects.get(kind=PoliceUnit.Kind.KWP)
    staff = _staff(plan, kwp_unit)
    institutions = _institutions(plan, counties)
    coordinators = _coordinators(plan, institutions)
    plan.report(f"Institutions: {len(institutions)}; users: {staff} police and KWP, {coordinators} coordinators.")


def _person(plan: ScalePlan, n: int) -> tuple[str, str]:
    female = n % 3 != 0
    first = (FEMALE_NAMES if female else MALE_NAMES)[(n * 7) % len(FEMALE_NAMES if female else MALE_NAMES)]
    return first, SURNAMES[(n * 11 + n // 97) % len(SURNAMES)][1 if female else 0]


def _user(plan: ScalePlan, username: str, n: int, role: str, unit: PoliceUnit | None, domain: str) -> User:
    first, last = _person(plan, n)
    return User(username=username, first_name=first, last_name=last, role=role, police_unit=unit,
                department="Wydział Prewencji" if unit is not None and unit.kind == PoliceUnit.Kind.KWP else "",
                email=f"{ascii_slug(first)}.{ascii_slug(last)}.{n}@{domain}", password=plan.password_hash)


def _staff(plan: ScalePlan, kwp_unit: PoliceUnit) -> int:
    users = [_user(plan, "kwp" if i == 0 else f"kwp{i + 1}", 10_000 + i, User.Role.KWP_STAFF, kwp_unit,
                   "malopolska.policja.example.pl") for i in range(3 + plan.institutions // 1000)]
    per_unit = max(2, plan.institutions // 500)
    n = 0
    for unit in PoliceUnit.objects.order_by("pk"):
        for _ in range(per_unit * (2 if unit.kind == PoliceUnit.Kind.KWP else 1)):
            users.append(_user(plan, "audytor" if n == 0 else f"audytor{n + 1}", 20_000 + n, User.Role.AUDITOR, unit,
                               "policja.example.pl"))
            n += 1
    plan.bulk(User, users)
    return len(users)


def _institutions(plan: ScalePlan, counties: list[County]) -> list[Institution]:
    rng = plan.rng
    universities = UNIVERSITIES[: max(1, min(len(UNIVERSITIES), plan.institutions // 100))]
    krakow = next(c for c in counties if c.teryt == "1261")
    rows = [Institution(
        type=T.UNIVERSITY, name=name, short_name=short, regon=regon(1_200 + i * 113), street=street, building=building,
        postal_code=postal_code, town="Kraków", gmina="Kraków", county=krakow, police_unit=krakow.police_unit,
        email=f"rektorat@{domain}.example.pl", website=f"https://www.{domain}.example.pl",
        joined_on=datetime.date(2013 + i, 10, 1),
    ) for i, (name, short, street, building, postal_code, domain) in enumerate(universities)]
    # Cities hold more schools than land counties: Kraków a sixth of the region.
    weights = [8 if c.teryt == "1261" else 3 if c.is_city else 2 for c in counties]
    numbers: dict[tuple[int, str], int] = {}
    for i in range(plan.institutions - len(rows)):
        county = rng.choices(counties, weights)[0]
        kind = SCHOOL_TYPES[i % len(SCHOOL_TYPES)]
        town = _town(county)
        number = numbers[(county.pk, kind)] = numbers.get((county.pk, kind), 0) + 1
        domain = f"{kind[:4]}{number}-{ascii_slug(town)}-{county.teryt}.example.pl"
        rows.append(Institution(
            type=kind, name=f"{TYPE_NAMES[kind]} nr {number} – {town}", rspo=str(100_000 + i),
            regon=regon(40_000_000 + i * 37), street=STREETS[i % len(STREETS)], building=str(i % 60 + 1),
            postal_code=f"3{rng.randint(0, 4)}-{rng.randint(0, 999):03d}", town=town, gmina=town, county=county,
            police_unit=county.police_unit, email=f"sekretariat@{domain}", website=f"https://{domain}",
            phone=f"{AREA_CODES[county.teryt]} {600 + i % 90} {i % 90 + 10} {(i * 7) % 90 + 10}",
            joined_on=datetime.date(plan.today.year - rng.randint(0, 14), 9, rng.randint(1, 28)),
        ))
    return plan.bulk(Institution, rows)


def _town(county: County) -> str:
    """The seat of the county's police unit (the city itself for cities)."""
    return county.police_unit.town or county.name


def _coordinators(plan: ScalePlan, institutions: list[Institution]) -> int:
    users, links = [], []
    for i, institution in enumerate(institutions):
        domain = institution.website.removeprefix("https://").removeprefix("www.")
        for k in range(2 if i % 6 == 5 else 1):
            username = "koordynator" if (i, k) == (0, 0) else f"k{i + 1}-{k + 1}"
            users.append(_user(plan, username, i * 2 + k, User.Role.COORDINATOR, None, domain))
            links.append((i, len(users) - 1))
    users = plan.bulk(User, users)
    through = Institution.coordinators.through
    plan.bulk(through, [through(institution_id=institutions[i].pk, user_id=users[u].pk) for i, u in links])
    return len(users)
