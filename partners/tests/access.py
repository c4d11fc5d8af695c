from institutions.tests.factories import county
from zpb.tests.matrix import Case, only

from .factories import PartnerFactory, PartnershipFactory

# Institution-scoped pages: the institution's coordinators and KWP staff; its unit's officer only reads (403);
# everyone else gets 404.
INSTITUTION = only({"kwp": 200, "coordinator_a": 200, "officer_a": 403}, default=404)
KWP = only({"kwp": 200})


def extend_world(world) -> None:
    bochnia = county("1201")
    world.extra["partner"] = PartnerFactory(name="Urząd Miasta Bochnia", county=bochnia)
    world.extra["partner_duplicate"] = PartnerFactory(name="Urzad Miasta Bochnia", county=bochnia)
    world.extra["partnership_a"] = PartnershipFactory(institution=world.institution_a, partner=world.partner)


def merge_data(world) -> dict:
    return {"partners": [world.partner.pk, world.partner_duplicate.pk], "keep": world.partner.pk}


CASES = [
    Case("partners:list", expect=KWP),
    Case("partners:create", expect=KWP),
    Case("partners:detail", kwargs=lambda w: {"pk": w.partner.pk}, expect=KWP),
    Case("partners:edit", kwargs=lambda w: {"pk": w.partner.pk}, expect=KWP),
    Case("partners:merge", data=merge_data, expect=KWP),
    # Without "confirm" the POST only shows what would move.
    Case("partners:merge-confirm", method="post", data=merge_data, expect=KWP),
    Case("partners:partnership-add", kwargs=lambda w: {"pk": w.institution_a.pk}, expect=INSTITUTION),
    Case(
        "partners:partnership-add-existing",
        kwargs=lambda w: {"pk": w.institution_a.pk, "partner_pk": w.partner_duplicate.pk},
        expect=INSTITUTION,
    ),
    Case(
        "partners:partnership-edit",
        kwargs=lambda w: {"pk": w.institution_a.pk, "partnership_pk": w.partnership_a.pk},
        expect=INSTITUTION,
    ),
    Case(
        "partners:partnership-end",
        kwargs=lambda w: {"pk": w.institution_a.pk, "partnership_pk": w.partnership_a.pk},
        expect=INSTITUTION,
    ),
]
