"""Scale data (seed_scale): the demo's partner directory plus local partners per county (one per five
institutions), and two or three partnerships per institution with partners of its county."""

import datetime

from core.lib.scale import ScalePlan
from institutions.models import County, Institution

from .demo import DIRECTORY
from .models import Partner, Partnership, normalize_name

K = Partner.Kind
LOCAL = [(K.LOCAL_GOVERNMENT, "Urząd Gminy"), (K.MUNICIPAL_GUARD, "Straż Gminna"), (K.NGO, "Stowarzyszenie"),
         (K.HOUSING_COOPERATIVE, "Spółdzielnia Mieszkaniowa"), (K.OTHER, "Ośrodek Pomocy Społecznej")]


def seed(plan: ScalePlan) -> None:
    counties = {c.teryt: c for c in County.objects.select_related("police_unit")}
    rows = [Partner(kind=kind, name=name, county=counties.get(teryt) if teryt else None)
            for kind, name, teryt in DIRECTORY]
    ordered = sorted(counties.values(), key=lambda c: c.teryt)
    for i in range(max(len(LOCAL), plan.institutions // 5)):
        county = ordered[i % len(ordered)]
        kind, prefix = LOCAL[i % len(LOCAL)]
        rows.append(Partner(kind=kind, name=f"{prefix} nr {i + 1} ({county.police_unit.town})", county=county,
                            contact_person="Jan Kowalski", email=f"kontakt{i + 1}@partner.example.pl"))
    for row in rows:
        row.name_key = normalize_name(row.name)  # save() sets it; bulk_create does not call save()
    partners = plan.bulk(Partner, rows)
    by_county: dict[int | None, list[Partner]] = {}
    for partner in partners:
        by_county.setdefault(partner.county_id, []).append(partner)
    links = []
    for institution_id, county_id in Institution.objects.values_list("pk", "county_id").order_by("pk"):
        local = by_county.get(county_id) or partners
        for partner in plan.rng.sample(local, min(len(local), plan.rng.randint(2, 3))):
            links.append(Partnership(
                institution_id=institution_id, partner=partner, scope="Wspólne działania profilaktyczne",
                started_on=datetime.date(plan.today.year - plan.rng.randint(1, 8), 9, 1)))
    plan.bulk(Partnership, links)
    plan.report(f"Partners: {len(partners)}; partnerships: {len(links)}.")
