import datetime

import factory
from factory.django import DjangoModelFactory

from institutions.tests.factories import InstitutionFactory, county
from partners.models import Partner, Partnership


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    kind = Partner.Kind.LOCAL_GOVERNMENT
    name = factory.Sequence(lambda n: f"Urząd Gminy nr {n + 1}")
    contact_person = factory.Faker("name", locale="pl_PL")
    email = factory.Sequence(lambda n: f"partner{n}@example.pl")
    phone = "12 345 67 89"
    county = factory.LazyFunction(lambda: county("1261"))


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = Partnership

    institution = factory.SubFactory(InstitutionFactory)
    partner = factory.SubFactory(PartnerFactory)
    started_on = datetime.date(2024, 9, 1)
    ended_on = None
    scope = "Zajęcia profilaktyczne dotyczące przemocy rówieśniczej."
