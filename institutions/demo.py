"""Demo data: one login per role, about 60 schools across all 22 counties and Kraków's 6 universities.

Deterministic (no randomness), so every `make run` shows the same world. Addresses, RSPO numbers
and REGONs are invented but well-formed (REGONs have a correct check digit).
"""

from datetime import date
from typing import TextIO

from django.contrib.auth.hashers import make_password

from core.lib.validators import REGON_WEIGHTS

from .models import (
    Application,
    ApplicationCoordinator,
    ApplicationEvent,
    County,
    Institution,
    InstitutionType,
    PoliceUnit,
    User,
)

T = InstitutionType

# (TERYT, type, name, postal code, town); each town here is its own gmina
SCHOOLS = [
    ("1201", T.PRIMARY, "Szkoła Podstawowa nr 3 im. Jana Pawła II w Bochni", "32-700", "Bochnia"),
    (
        "1201",
        T.GENERAL_SECONDARY,
        "I Liceum Ogólnokształcące im. Króla Kazimierza Wielkiego w Bochni",
        "32-700",
        "Bochnia",
    ),
    ("1201", T.PRIMARY, "Szkoła Podstawowa im. Świętej Kingi w Nowym Wiśniczu", "32-720", "Nowy Wiśnicz"),
    ("1202", T.SCHOOL_COMPLEX, "Zespół Szkół Ekonomicznych w Brzesku", "32-800", "Brzesko"),
    ("1202", T.PRIMARY, "Szkoła Podstawowa nr 2 im. Królowej Jadwigi w Brzesku", "32-800", "Brzesko"),
    ("1202", T.PRIMARY, "Szkoła Podstawowa im. Kornela Makuszyńskiego w Czchowie", "32-860", "Czchów"),
    ("1203", T.PRIMARY, "Szkoła Podstawowa nr 5 im. Mikołaja Kopernika w Chrzanowie", "32-500", "Chrzanów"),
    (
        "1203",
        T.GENERAL_SECONDARY,
        "II Liceum Ogólnokształcące im. Stanisława Staszica w Chrzanowie",
        "32-500",
        "Chrzanów",
    ),
    ("1203", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Adama Mickiewicza w Trzebini", "32-540", "Trzebinia"),
    ("1203", T.GIMNAZJUM, "Gimnazjum nr 2 im. Jana Pawła II w Libiążu", "32-590", "Libiąż"),
    (
        "1204",
        T.PRIMARY,
        "Szkoła Podstawowa nr 1 im. Tadeusza Kościuszki w Dąbrowie Tarnowskiej",
        "33-200",
        "Dąbrowa Tarnowska",
    ),
    ("1204", T.SCHOOL_COMPLEX, "Zespół Szkół im. Jana Pawła II w Szczucinie", "33-230", "Szczucin"),
    ("1205", T.GENERAL_SECONDARY, "I Liceum Ogólnokształcące im. Mikołaja Kopernika w Gorlicach", "38-300", "Gorlice"),
    ("1205", T.PRIMARY, "Szkoła Podstawowa nr 4 im. Kazimierza Wielkiego w Gorlicach", "38-300", "Gorlice"),
    ("1205", T.PRIMARY, "Szkoła Podstawowa nr 2 im. Jana Pawła II w Bieczu", "38-340", "Biecz"),
    ("1206", T.PRIMARY, "Szkoła Podstawowa nr 2 im. Juliana Ursyna Niemcewicza w Skawinie", "32-050", "Skawina"),
    (
        "1206",
        T.GENERAL_SECONDARY,
        "Liceum Ogólnokształcące im. Tadeusza Kościuszki w Krzeszowicach",
        "32-065",
        "Krzeszowice",
    ),
    ("1206", T.PRIMARY, "Szkoła Podstawowa im. Marii Konopnickiej w Zielonkach", "32-087", "Zielonki"),
    ("1207", T.SCHOOL_COMPLEX, "Zespół Szkół Technicznych i Ogólnokształcących w Limanowej", "34-600", "Limanowa"),
    ("1207", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Władysława Orkana w Mszanie Dolnej", "34-730", "Mszana Dolna"),
    ("1208", T.GENERAL_SECONDARY, "I Liceum Ogólnokształcące im. Tadeusza Kościuszki w Miechowie", "32-200", "Miechów"),
    ("1208", T.PRIMARY, "Szkoła Podstawowa im. Jana Kochanowskiego w Książu Wielkim", "32-210", "Książ Wielki"),
    ("1209", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Tadeusza Kościuszki w Myślenicach", "32-400", "Myślenice"),
    ("1209", T.TECHNICAL, "Technikum nr 1 im. Bolesława Chrobrego w Myślenicach", "32-400", "Myślenice"),
    ("1209", T.PRIMARY, "Szkoła Podstawowa im. Jana Pawła II w Dobczycach", "32-410", "Dobczyce"),
    ("1210", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Świętej Kingi w Starym Sączu", "33-340", "Stary Sącz"),
    (
        "1210",
        T.GENERAL_SECONDARY,
        "Liceum Ogólnokształcące im. Ignacego Jana Paderewskiego w Krynicy-Zdroju",
        "33-380",
        "Krynica-Zdrój",
    ),
    ("1210", T.PRIMARY, "Szkoła Podstawowa nr 2 im. Adama Mickiewicza w Grybowie", "33-330", "Grybów"),
    (
        "1211",
        T.GENERAL_SECONDARY,
        "I Liceum Ogólnokształcące im. Seweryna Goszczyńskiego w Nowym Targu",
        "34-400",
        "Nowy Targ",
    ),
    ("1211", T.PRIMARY, "Szkoła Podstawowa nr 11 w Nowym Targu", "34-400", "Nowy Targ"),
    ("1211", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Władysława Orkana w Rabce-Zdroju", "34-700", "Rabka-Zdrój"),
    ("1212", T.PRIMARY, "Szkoła Podstawowa nr 4 im. Ks. Jana Twardowskiego w Olkuszu", "32-300", "Olkusz"),
    ("1212", T.TECHNICAL, "Technikum nr 1 im. Stanisława Wyspiańskiego w Wolbromiu", "32-340", "Wolbrom"),
    ("1212", T.GIMNAZJUM, "Gimnazjum im. Jana Pawła II w Bukownie", "32-332", "Bukowno"),
    ("1213", T.PRIMARY, "Szkoła Podstawowa nr 9 im. Kornela Makuszyńskiego w Oświęcimiu", "32-600", "Oświęcim"),
    (
        "1213",
        T.GENERAL_SECONDARY,
        "I Liceum Ogólnokształcące im. Stanisława Konarskiego w Oświęcimiu",
        "32-600",
        "Oświęcim",
    ),
    ("1213", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Jana Pawła II w Kętach", "32-650", "Kęty"),
    ("1214", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Stefana Żeromskiego w Proszowicach", "32-100", "Proszowice"),
    ("1214", T.SCHOOL_COMPLEX, "Zespół Szkół im. Hugona Kołłątaja w Koszycach", "32-130", "Koszyce"),
    ("1215", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Walerego Goetla w Suchej Beskidzkiej", "34-200", "Sucha Beskidzka"),
    (
        "1215",
        T.GENERAL_SECONDARY,
        "Liceum Ogólnokształcące im. Mikołaja Kopernika w Makowie Podhalańskim",
        "34-220",
        "Maków Podhalański",
    ),
    ("1216", T.PRIMARY, "Szkoła Podstawowa im. Tadeusza Kościuszki w Tuchowie", "33-170", "Tuchów"),
    ("1216", T.SCHOOL_COMPLEX, "Zespół Szkół im. Wincentego Witosa w Żabnie", "33-240", "Żabno"),
    ("1216", T.VOCATIONAL_1, "Branżowa Szkoła I Stopnia w Radłowie", "33-130", "Radłów"),
    ("1217", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Kazimierza Przerwy-Tetmajera w Zakopanem", "34-500", "Zakopane"),
    (
        "1217",
        T.SCHOOL_COMPLEX,
        "Zespół Szkół Hotelarsko-Turystyczno-Gastronomicznych w Zakopanem",
        "34-500",
        "Zakopane",
    ),
    ("1217", T.PRIMARY, "Szkoła Podstawowa im. Jana Kasprowicza w Poroninie", "34-520", "Poronin"),
    ("1218", T.GENERAL_SECONDARY, "I Liceum Ogólnokształcące im. Marcina Wadowity w Wadowicach", "34-100", "Wadowice"),
    ("1218", T.PRIMARY, "Szkoła Podstawowa nr 1 im. Marii Skłodowskiej-Curie w Andrychowie", "34-120", "Andrychów"),
    (
        "1218",
        T.PRIMARY,
        "Szkoła Podstawowa im. Mikołaja Zebrzydowskiego w Kalwarii Zebrzydowskiej",
        "34-130",
        "Kalwaria Zebrzydowska",
    ),
    ("1219", T.PRIMARY, "Szkoła Podstawowa nr 4 im. Świętej Kingi w Wieliczce", "32-020", "Wieliczka"),
    ("1219", T.GENERAL_SECONDARY, "Liceum Ogólnokształcące im. Jana Pawła II w Niepołomicach", "32-005", "Niepołomice"),
    ("1261", T.PRIMARY, "Szkoła Podstawowa nr 12 im. Tadeusza Kościuszki w Krakowie", "31-422", "Kraków"),
    ("1261", T.GENERAL_SECONDARY, "V Liceum Ogólnokształcące im. Augusta Witkowskiego w Krakowie", "31-135", "Kraków"),
    ("1261", T.TECHNICAL, "Technikum Łączności nr 14 w Krakowie", "31-571", "Kraków"),
    ("1261", T.PRIMARY, "Szkoła Podstawowa nr 85 im. Ks. Józefa Tischnera w Krakowie", "30-363", "Kraków"),
    ("1261", T.SCHOOL_COMPLEX, "Zespół Szkół Elektrycznych nr 1 w Krakowie", "31-140", "Kraków"),
    ("1261", T.POST_SECONDARY, "Szkoła Policealna nr 3 w Krakowie", "30-079", "Kraków"),
    ("1262", T.PRIMARY, "Szkoła Podstawowa nr 7 im. Stanisława Wyspiańskiego w Nowym Sączu", "33-300", "Nowy Sącz"),
    (
        "1262",
        T.GENERAL_SECONDARY,
        "II Liceum Ogólnokształcące im. Marii Konopnickiej w Nowym Sączu",
        "33-300",
        "Nowy Sącz",
    ),
    ("1262", T.TECHNICAL, "Technikum nr 5 w Nowym Sączu", "33-300", "Nowy Sącz"),
    ("1263", T.PRIMARY, "Szkoła Podstawowa nr 11 im. Tadeusza Kościuszki w Tarnowie", "33-100", "Tarnów"),
    ("1263", T.GENERAL_SECONDARY, "III Liceum Ogólnokształcące im. Adama Mickiewicza w Tarnowie", "33-100", "Tarnów"),
    ("1263", T.VOCATIONAL_2, "Branżowa Szkoła II Stopnia nr 1 w Tarnowie", "33-100", "Tarnów"),
]

# (official name, short name, street, building, postal code, web domain)
UNIVERSITIES = [
    ("Akademia Górniczo-Hutnicza im. Stanisława Staszica w Krakowie", "AGH", "al. Mickiewicza", "30", "30-059", "agh"),
    ("Politechnika Krakowska im. Tadeusza Kościuszki", "PK", "ul. Warszawska", "24", "31-155", "pk"),
    (
        "Krakowska Akademia im. Andrzeja Frycza Modrzewskiego",
        "KAAFM",
        "ul. Gustawa Herlinga-Grudzińskiego",
        "1",
        "30-705",
        "kaafm",
    ),
    ("Uniwersytet Ekonomiczny w Krakowie", "UEK", "ul. Rakowicka", "27", "31-510", "uek"),
    ("Uniwersytet Rolniczy im. Hugona Kołłątaja w Krakowie", "URK", "al. Mickiewicza", "21", "31-120", "urk"),
    (
        "Akademia Wychowania Fizycznego im. Bronisława Czecha w Krakowie",
        "AWF Kraków",
        "al. Jana Pawła II",
        "78",
        "31-571",
        "awf",
    ),
]

STREETS = [
    "ul. Szkolna", "ul. Mickiewicza", "ul. Kościuszki", "ul. Słowackiego", "ul. Jana Pawła II", "ul. Sienkiewicza",
    "ul. Ogrodowa", "ul. Kolejowa", "ul. Krakowska", "ul. Piłsudskiego", "ul. Konopnickiej", "ul. Polna",
]
# Area code of the county's landline numbers.
AREA_CODES = {
    "1201": "14", "1202": "14", "1203": "32", "1204": "14", "1205": "18", "1206": "12", "1207": "18", "1208": "41",
    "1209": "12", "1210": "18", "1211": "18", "1212": "32", "1213": "33", "1214": "12", "1215": "33", "1216": "14",
    "1217": "18", "1218": "33", "1219": "12", "1261": "12", "1262": "18", "1263": "14",
}
FEMALE_NAMES = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Monika",
                "Beata", "Dorota", "Elżbieta", "Justyna", "Renata", "Iwona", "Aleksandra", "Marta", "Urszula"]
MALE_NAMES = ["Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Michał", "Grzegorz", "Jan", "Andrzej", "Łukasz",
              "Wojciech", "Adam", "Marek", "Rafał", "Jacek"]
# (male form, female form)
SURNAMES = [
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"),
    ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"), ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Pawłowski", "Pawłowska"),
    ("Michalski", "Michalska"), ("Nowicki", "Nowicka"), ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"),
    ("Zając", "Zając"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Król", "Król"),
    ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Jaworski", "Jaworska"), ("Wróbel", "Wróbel"),
    ("Malinowski", "Malinowska"), ("Pawlak", "Pawlak"), ("Witkowski", "Witkowska"), ("Walczak", "Walczak"),
    ("Stępień", "Stępień"), ("Górski", "Górska"), ("Rutkowski", "Rutkowska"), ("Michalak", "Michalak"),
    ("Sikora", "Sikora"), ("Ostrowski", "Ostrowska"), ("Baran", "Baran"), ("Duda", "Duda"), ("Szewczyk", "Szewczyk"),
    ("Tomaszewski", "Tomaszewska"), ("Pietrzak", "Pietrzak"), ("Marciniak", "Marciniak"), ("Zalewski", "Zalewska"),
    ("Jakubowski", "Jakubowska"), ("Jasiński", "Jasińska"), ("Zawadzki", "Zawadzka"), ("Sadowski", "Sadowska"),
    ("Bąk", "Bąk"), ("Chmielewski", "Chmielewska"), ("Włodarczyk", "Włodarczyk"), ("Borkowski", "Borkowska"),
    ("Czarnecki", "Czarnecka"), ("Sawicki", "Sawicka"), ("Sokołowski", "Sokołowska"), ("Urbański", "Urbańska"),
    ("Kubiak", "Kubiak"), ("Maciejewski", "Maciejewska"), ("Kaczmarczyk", "Kaczmarczyk"), ("Sowa", "Sowa"),
]
ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5"}
ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
TYPE_CODES = {
    T.PRIMARY: "sp", T.GIMNAZJUM: "gim", T.GENERAL_SECONDARY: "lo", T.TECHNICAL: "tech", T.VOCATIONAL_1: "bs1",
    T.VOCATIONAL_2: "bs2", T.POST_SECONDARY: "spol", T.SCHOOL_COMPLEX: "zs",
}


def seed(stdout: TextIO, password: str) -> None:
    units = {unit.short_name: unit for unit in PoliceUnit.objects.all()}
    counties = {county.teryt: county for county in County.objects.select_related("police_unit")}
    # One PBKDF2 hash for everyone: hashing ~70 passwords separately would take half a minute.
    hashed = make_password(password)
    people = People(hashed)

    kwp = people.add("kwp", "Katarzyna", "Wiśniewska", User.Role.KWP_STAFF, units["KWP Kraków"], "Wydział Prewencji",
                     email="katarzyna.wisniewska@malopolska.policja.example.pl")
    people.add("audytor", "Adam", "Zieliński", User.Role.AUDITOR, units["KWP Kraków"], "Wydział Prewencji",
               email="adam.zielinski@malopolska.policja.example.pl")
    officer = people.add("audytor2", "Marek", "Kaczmarczyk", User.Role.AUDITOR, units["KMP Nowy Sącz"],
                         "Wydział Prewencji", email="marek.kaczmarczyk@nowysacz.policja.example.pl")
    # A prevention officer of his unit: the county view of Nowy Sącz and the nowosądecki county (docs/units.md).
    User.objects.filter(pk=officer.pk).update(is_unit_officer=True)
    for first, last, unit in [("Ewa", "Sowa", "KWP Kraków"), ("Jacek", "Baran", "KPP Bochnia"),
                              ("Monika", "Pawlak", "KMP Kraków"), ("Paweł", "Duda", "KMP Tarnów")]:
        people.add(
            None,
            first,
            last,
            User.Role.AUDITOR,
            units[unit],
            "Wydział Prewencji" if unit == "KWP Kraków" else "",
            email=f"{ascii_slug(first)}.{ascii_slug(last)}@policja.example.pl",
        )

    schools = [school(i, row, counties) for i, row in enumerate(SCHOOLS)]
    universities = [university(i, row, counties["1261"]) for i, row in enumerate(UNIVERSITIES)]
    for institution in schools + universities:
        institution.save()

    # The two demo coordinators first; then one coordinator per school, a second in every fifth,
    # and a few people who coordinate several schools of one town.
    main = people.add("koordynator", "Joanna", "Mazur", User.Role.COORDINATOR, email="j.mazur@sp3-bochnia.example.pl",
                      phone="14 612 30 41")
    schools[0].coordinators.add(main)
    schools[1].coordinators.add(main)
    academic = people.add("koordynator2", "Tomasz", "Wójcik", User.Role.COORDINATOR, email="t.wojcik@agh.example.pl",
                          phone="12 617 20 15")
    universities[0].coordinators.add(academic)
    shared = {}
    for i, institution in enumerate(schools[2:] + universities[1:] + universities[:1], start=2):
        city_school = institution.town in ("Kraków", "Nowy Sącz", "Tarnów") and institution.type != T.UNIVERSITY
        key = institution.town if city_school and i % 2 else institution.pk
        if key not in shared:
            shared[key] = people.coordinator(i, institution)
        institution.coordinators.add(shared[key])
        if i % 5 == 0:
            institution.coordinators.add(people.coordinator(i + 100, institution))
    applications = seed_applications(kwp=kwp, accepted_school=schools[5], counties=counties)
    stdout.write(f"Applications to join: {applications}. ")
    stdout.write(f"Institutions: {len(schools)} schools and {len(universities)} universities; "
                 f"{len(people.users)} users (KWP: {kwp.username}).")


# (status, name, TERYT, postal code, town, applicant's e-mail, coordinator, partners)
APPLICATIONS = [
    (Application.Status.NEW, "Szkoła Podstawowa nr 2 im. Mikołaja Kopernika w Niepołomicach", "1219", "32-005",
     "Niepołomice", "sekretariat@sp2-niepolomice.example.pl", ("Agnieszka", "Kurek", "pedagog szkolny"),
     [{"name": "Gmina Niepołomice", "description": "bezpieczna droga do szkoły"},
      {"name": "Straż Miejska w Niepołomicach", "description": ""}]),
    (Application.Status.UNCONFIRMED, "Szkoła Podstawowa im. Władysława Jagiełły w Jodłowniku", "1207", "34-620",
     "Jodłownik", "sp.jodlownik@example.pl", ("Beata", "Wrona", "wicedyrektor"), []),
    (Application.Status.REJECTED, "Niepubliczna Szkoła Językowa Lingua w Krakowie", "1261", "31-150", "Kraków",
     "biuro@lingua-krakow.example.pl", ("Piotr", "Nowicki", "właściciel"), []),
]


def seed_applications(*, kwp: User, accepted_school: Institution, counties: dict[str, County]) -> int:
    """One application per status, so that KWP's queue has something in every tab."""
    rows: list[tuple[Application, tuple | None]] = []
    for status, name, teryt, postal_code, town, applicant, (first, last, position), partners in APPLICATIONS:
        rows.append((Application(
            status=status, type=T.PRIMARY, name=name, street="ul. Szkolna", building="1", postal_code=postal_code,
            town=town, county=counties[teryt], director_name="Maria Dyrektorska", director_consent=True,
            rodo_acknowledged=True, applicant_email=applicant, partners=partners,
        ), (first, last, position, f"{ascii_slug(first)[0]}.{ascii_slug(last)}@{applicant.split('@')[1]}")))
    accepted = Application(
        status=Application.Status.ACCEPTED, institution=accepted_school, director_name="Halina Nowak",
        director_consent=True, rodo_acknowledged=True, applicant_email=accepted_school.email, decided_by=kwp,
        **{f: getattr(accepted_school, f) for f in ("type", "name", "rspo", "regon", "street", "building",
                                                   "postal_code", "town", "county", "email", "phone", "website")},
    )
    for application, coordinator in [*rows, (accepted, None)]:
        application.save()
        kinds: list[str] = [ApplicationEvent.Kind.SUBMITTED]
        if application.status != Application.Status.UNCONFIRMED:
            application.email_confirmed_at = application.created_at
            kinds.append(ApplicationEvent.Kind.CONFIRMED)
        if application.status in (Application.Status.ACCEPTED, Application.Status.REJECTED):
            application.decided_by, application.decided_at = kwp, application.created_at
            kinds.append(application.status)
        if application.status == Application.Status.REJECTED:
            application.rejection_reason = "Program obejmuje szkoły z rejestru RSPO oraz uczelnie; szkoły języków " \
                                           "obcych nie mogą do niego przystąpić."
        application.save()
        if coordinator:
            first, last, position, email = coordinator
            ApplicationCoordinator.objects.create(application=application, first_name=first, last_name=last,
                                                  position=position, email=email)
        else:
            for person in accepted_school.coordinators.all():
                ApplicationCoordinator.objects.create(application=application, first_name=person.first_name,
                                                      last_name=person.last_name, email=person.email)
        ApplicationEvent.objects.bulk_create([
            ApplicationEvent(application=application, kind=kind, by=kwp if kind in ("accepted", "rejected") else None,
                             note=application.rejection_reason if kind == "rejected" else "")
            for kind in kinds
        ])
    return len(rows) + 1


class People:
    """Creates users with unique logins; coordinators get names derived from their number."""

    def __init__(self, hashed_password: str):
        self.hashed = hashed_password
        self.users: dict[str, User] = {}
        self.emails: set[str] = set()

    def add(self, username: str | None, first: str, last: str, role: str, unit: PoliceUnit | None = None,
            department: str = "", *, email: str, phone: str = "") -> User:
        username = username or self.free_username(f"{ascii_slug(first)}.{ascii_slug(last)}")
        if email in self.emails:  # two people of the same initial and surname at one school
            email = email.replace("@", f"{len(self.emails)}@")
        self.emails.add(email)
        user = User(username=username, first_name=first, last_name=last, email=email, role=role, police_unit=unit,
                    department=department, phone=phone, password=self.hashed)
        user.save()
        self.users[username] = user
        return user

    def coordinator(self, n: int, institution: Institution) -> User:
        female = n % 3 != 0  # most school coordinators are women (teachers, school pedagogues)
        names = FEMALE_NAMES if female else MALE_NAMES
        first = names[(n * 7) % len(names)]
        last = SURNAMES[(n * 11) % len(SURNAMES)][1 if female else 0]
        domain = institution.website.removeprefix("https://").removeprefix("www.")
        return self.add(None, first, last, User.Role.COORDINATOR,
                        email=f"{ascii_slug(first)[0]}.{ascii_slug(last)}@{domain}", phone=phone(institution, n + 7))

    def free_username(self, base: str) -> str:
        username, n = base, 1
        while username in self.users:
            n += 1
            username = f"{base}{n}"
        return username


def school(i: int, row: tuple, counties: dict[str, County]) -> Institution:
    teryt, institution_type, name, postal_code, town = row
    county = counties[teryt]
    domain = f"{TYPE_CODES[institution_type]}{number_in(name)}-{ascii_slug(town)}.example.pl"
    closed = institution_type == T.GIMNAZJUM  # gimnazja were closed by 2019; kept for their history
    return Institution(
        type=institution_type, name=name, rspo=str(12000 + i * 389), regon=regon(35_100_000 + i * 7_919),
        street=STREETS[i % len(STREETS)], building=str((i * 7) % 43 + 1), postal_code=postal_code, town=town,
        gmina=town, county=county, police_unit=county.police_unit, email=f"sekretariat@{domain}",
        phone=phone_for(teryt, i), website=f"https://{domain}", joined_on=joined_on(i, closed), is_active=not closed,
    )


def university(i: int, row: tuple, krakow: County) -> Institution:
    name, short_name, street, building, postal_code, domain = row
    return Institution(
        type=T.UNIVERSITY, name=name, short_name=short_name, regon=regon(1_200 + i * 113), street=street,
        building=building, postal_code=postal_code, town="Kraków", gmina="Kraków", county=krakow,
        police_unit=krakow.police_unit, email=f"rektorat@{domain}.example.pl", phone=phone_for("1261", 90 + i),
        website=f"https://www.{domain}.example.pl", joined_on=date(2013 + i * 2, 10, 1),
    )


def regon(base: int) -> str:
    """A 9-digit REGON: 8 digits from `base` plus the check digit."""
    digits = f"{base % 100_000_000:08d}"
    checksum = sum(int(d) * w for d, w in zip(digits, REGON_WEIGHTS[9], strict=False)) % 11
    return digits + str(checksum % 10)


def joined_on(i: int, closed: bool) -> date:
    # Spread over 2012-2025; gimnazja joined early, before the 2017 reform closed them.
    year = 2012 + (i % 2) if closed else 2012 + (i * 5) % 14
    return date(year, 9 + i % 3, 1 + (i * 3) % 28)


def phone_for(teryt: str, n: int) -> str:
    return f"{AREA_CODES[teryt]} {610 + n % 80} {(n * 37) % 90 + 10:02d} {(n * 53) % 90 + 10:02d}"


def phone(institution: Institution, n: int) -> str:
    return f"{institution.phone[:2]} {610 + n % 80} {(n * 29) % 90 + 10:02d} {(n * 31) % 90 + 10:02d}"


def number_in(name: str) -> str:
    """'Szkoła Podstawowa nr 3 im. …' → '3', 'V Liceum …' → '5'; '' when the school has no number."""
    words = name.split()
    if words[0] in ROMAN:
        return ROMAN[words[0]]
    return words[words.index("nr") + 1] if "nr" in words else ""


def ascii_slug(value: str) -> str:
    return "-".join(value.translate(ASCII).lower().replace(".", "").split())
