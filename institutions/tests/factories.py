import factory
from factory.django import DjangoModelFactory

from institutions.models import (
    Application,
    ApplicationCoordinator,
    County,
    Institution,
    InstitutionType,
    PoliceUnit,
    User,
)


def county(teryt: str = "1261") -> County:
    return County.objects.select_related("police_unit").get(teryt=teryt)


def police_unit(short_name: str = "KWP Kraków") -> PoliceUnit:
    return PoliceUnit.objects.get(short_name=short_name)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.pl")
    role = User.Role.COORDINATOR
    password = factory.django.Password("haslo-testowe-123")


class KwpStaffFactory(UserFactory):
    role = User.Role.KWP_STAFF
    police_unit = factory.LazyFunction(lambda: police_unit("KWP Kraków"))


class AuditorFactory(UserFactory):
    role = User.Role.AUDITOR
    police_unit = factory.LazyFunction(lambda: police_unit("KWP Kraków"))


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        skip_postgeneration_save = True

    type = InstitutionType.PRIMARY
    name = factory.Sequence(lambda n: f"Szkoła Podstawowa nr {n + 1} w Krakowie")
    rspo = factory.Sequence(lambda n: str(100000 + n))
    regon = "123456785"
    street = "ul. Długa"
    building = "1"
    postal_code = "30-001"
    town = "Kraków"
    gmina = "Kraków"
    county = factory.LazyFunction(county)
    police_unit = factory.LazyAttribute(lambda i: i.county.police_unit)
    email = factory.Sequence(lambda n: f"sekretariat{n}@szkola.edu.pl")

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.add(*extracted)


class UniversityFactory(InstitutionFactory):
    type = InstitutionType.UNIVERSITY
    name = factory.Sequence(lambda n: f"Uczelnia {n + 1} w Krakowie")
    rspo = ""


class ApplicationFactory(DjangoModelFactory):
    """A confirmed application (status new) of a school not yet known, with one coordinator."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    status = Application.Status.NEW
    type = InstitutionType.PRIMARY
    name = factory.Sequence(lambda n: f"Szkoła Podstawowa nr {n + 1} w Wieliczce")
    rspo = factory.Sequence(lambda n: str(200000 + n))
    street = "ul. Szkolna"
    building = "2"
    postal_code = "32-020"
    town = "Wieliczka"
    county = factory.LazyFunction(lambda: county("1219"))
    director_name = "Jan Dyrektor"
    director_consent = True
    rodo_acknowledged = True
    applicant_email = factory.Sequence(lambda n: f"sekretariat{n}@sp-wieliczka.example.pl")

    @factory.post_generation
    def with_coordinator(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ApplicationCoordinator.objects.create(
                application=self, first_name="Ewa", last_name="Malinowska", position="pedagog",
                email=f"ewa.malinowska.{self.pk}@sp-wieliczka.example.pl",
            )
