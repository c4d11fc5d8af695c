"""Reference data: the 22 counties of Małopolska (TERYT 12xx) and the 21 police units serving them.

Used by the data migration and by tests whose transactional flush empties the tables.
"""

# (kind, name, short name, town)
POLICE_UNITS = [
    ("KWP", "Komenda Wojewódzka Policji w Krakowie", "KWP Kraków", "Kraków"),
    ("KMP", "Komenda Miejska Policji w Krakowie", "KMP Kraków", "Kraków"),
    ("KMP", "Komenda Miejska Policji w Nowym Sączu", "KMP Nowy Sącz", "Nowy Sącz"),
    ("KMP", "Komenda Miejska Policji w Tarnowie", "KMP Tarnów", "Tarnów"),
    ("KPP", "Komenda Powiatowa Policji w Bochni", "KPP Bochnia", "Bochnia"),
    ("KPP", "Komenda Powiatowa Policji w Brzesku", "KPP Brzesko", "Brzesko"),
    ("KPP", "Komenda Powiatowa Policji w Chrzanowie", "KPP Chrzanów", "Chrzanów"),
    ("KPP", "Komenda Powiatowa Policji w Dąbrowie Tarnowskiej", "KPP Dąbrowa Tarnowska", "Dąbrowa Tarnowska"),
    ("KPP", "Komenda Powiatowa Policji w Gorlicach", "KPP Gorlice", "Gorlice"),
    ("KPP", "Komenda Powiatowa Policji w Krakowie", "KPP w Krakowie", "Kraków"),
    ("KPP", "Komenda Powiatowa Policji w Limanowej", "KPP Limanowa", "Limanowa"),
    ("KPP", "Komenda Powiatowa Policji w Miechowie", "KPP Miechów", "Miechów"),
    ("KPP", "Komenda Powiatowa Policji w Myślenicach", "KPP Myślenice", "Myślenice"),
    ("KPP", "Komenda Powiatowa Policji w Nowym Targu", "KPP Nowy Targ", "Nowy Targ"),
    ("KPP", "Komenda Powiatowa Policji w Olkuszu", "KPP Olkusz", "Olkusz"),
    ("KPP", "Komenda Powiatowa Policji w Oświęcimiu", "KPP Oświęcim", "Oświęcim"),
    ("KPP", "Komenda Powiatowa Policji w Proszowicach", "KPP Proszowice", "Proszowice"),
    ("KPP", "Komenda Powiatowa Policji w Suchej Beskidzkiej", "KPP Sucha Beskidzka", "Sucha Beskidzka"),
    ("KPP", "Komenda Powiatowa Policji w Wadowicach", "KPP Wadowice", "Wadowice"),
    ("KPP", "Komenda Powiatowa Policji w Wieliczce", "KPP Wieliczka", "Wieliczka"),
    ("KPP", "Komenda Powiatowa Policji w Zakopanem", "KPP Zakopane", "Zakopane"),
]

# (TERYT, name, city with county rights, short name of the serving unit)
COUNTIES = [
    ("1201", "bocheński", False, "KPP Bochnia"),
    ("1202", "brzeski", False, "KPP Brzesko"),
    ("1203", "chrzanowski", False, "KPP Chrzanów"),
    ("1204", "dąbrowski", False, "KPP Dąbrowa Tarnowska"),
    ("1205", "gorlicki", False, "KPP Gorlice"),
    ("1206", "krakowski", False, "KPP w Krakowie"),
    ("1207", "limanowski", False, "KPP Limanowa"),
    ("1208", "miechowski", False, "KPP Miechów"),
    ("1209", "myślenicki", False, "KPP Myślenice"),
    ("1210", "nowosądecki", False, "KMP Nowy Sącz"),
    ("1211", "nowotarski", False, "KPP Nowy Targ"),
    ("1212", "olkuski", False, "KPP Olkusz"),
    ("1213", "oświęcimski", False, "KPP Oświęcim"),
    ("1214", "proszowicki", False, "KPP Proszowice"),
    ("1215", "suski", False, "KPP Sucha Beskidzka"),
    ("1216", "tarnowski", False, "KMP Tarnów"),
    ("1217", "tatrzański", False, "KPP Zakopane"),
    ("1218", "wadowicki", False, "KPP Wadowice"),
    ("1219", "wielicki", False, "KPP Wieliczka"),
    ("1261", "Kraków", True, "KMP Kraków"),
    ("1262", "Nowy Sącz", True, "KMP Nowy Sącz"),
    ("1263", "Tarnów", True, "KMP Tarnów"),
]


def load(apps, schema_editor=None):
    PoliceUnit = apps.get_model("institutions", "PoliceUnit")
    County = apps.get_model("institutions", "County")
    units = {}
    for kind, name, short_name, town in POLICE_UNITS:
        units[short_name], _ = PoliceUnit.objects.update_or_create(
            short_name=short_name, defaults={"kind": kind, "name": name, "town": town}
        )
    for teryt, name, is_city, unit in COUNTIES:
        County.objects.update_or_create(
            teryt=teryt, defaults={"name": name, "is_city": is_city, "police_unit": units[unit]}
        )


def unload(apps, schema_editor=None):
    apps.get_model("institutions", "County").objects.filter(teryt__in=[c[0] for c in COUNTIES]).delete()
    apps.get_model("institutions", "PoliceUnit").objects.filter(short_name__in=[u[2] for u in POLICE_UNITS]).delete()



def ensure_loaded() -> None:
    """Reload after a transactional test flushed the tables (cheap when present)."""
    from django.apps import apps

    if apps.get_model("institutions", "County").objects.count() != len(COUNTIES):
        load(apps)
