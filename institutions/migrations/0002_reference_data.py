"""The 22 counties of Małopolska and the 21 police units that serve them."""

from django.db import migrations

from institutions.reference import load, unload


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
