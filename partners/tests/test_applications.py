"""An accepted application's partners become partnerships (institutions.signals.application_accepted)."""

from institutions.services.applications import application_accept
from institutions.tests.factories import ApplicationFactory, county
from partners.models import Partner, Partnership
from partners.tests.factories import PartnerFactory


def test_listed_partners_become_partnerships_linked_to_the_directory(world):
    existing = PartnerFactory(name="Gmina Wieliczka", county=county("1219"))
    application = ApplicationFactory(partners=[
        {"name": "Gmina  WIELICZKA", "description": "profilaktyka"},
        {"name": "Klub Sportowy Wieliczanka", "description": ""},
        {"name": "Gmina Wieliczka", "description": "listed twice"},
    ])
    institution = application_accept(application=application, by=world.kwp)

    partnerships = Partnership.objects.filter(institution=institution).select_related("partner")
    assert sorted((p.partner.name, p.scope) for p in partnerships) == [
        ("Gmina Wieliczka", "profilaktyka"),
        ("Klub Sportowy Wieliczanka", "Zadeklarowane w zgłoszeniu do programu."),
    ]
    assert Partner.objects.filter(name_key="gmina wieliczka").get() == existing  # no duplicate entry
    new = Partner.objects.get(name="Klub Sportowy Wieliczanka")
    assert (new.kind, new.county, new.created_by) == (Partner.Kind.OTHER, county("1219"), world.kwp)
