"""The default rulebook of each programme (SPB, UWPB), with its 35-point criteria catalogue."""

from django.db import migrations

from audits.catalogues import load_default_rulebooks, unload_default_rulebooks


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]
    operations = [migrations.RunPython(load_default_rulebooks, unload_default_rulebooks)]
