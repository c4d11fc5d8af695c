"""A random public identifier for each institution (its badge's address): added empty, filled row by row
with a fresh value each (a column default would give every existing row the same one), then made unique."""

from django.db import migrations, models

import institutions.models


def fill(apps, schema_editor):
    Institution = apps.get_model("institutions", "Institution")
    HistoricalInstitution = apps.get_model("institutions", "HistoricalInstitution")
    used = set()
    for pk in Institution.objects.filter(public_id__isnull=True).values_list("pk", flat=True).iterator():
        public_id = institutions.models.new_public_id()
        while public_id in used:
            public_id = institutions.models.new_public_id()
        used.add(public_id)
        Institution.objects.filter(pk=pk).update(public_id=public_id)
        HistoricalInstitution.objects.filter(id=pk).update(public_id=public_id)


class Migration(migrations.Migration):

    dependencies = [
        ("institutions", "0007_user_is_unit_officer"),
    ]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True, verbose_name="public identifier"),
        ),
        migrations.AddField(
            model_name="historicalinstitution",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True, verbose_name="public identifier"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="institution",
            name="public_id",
            field=models.CharField(
                default=institutions.models.new_public_id, editable=False, max_length=12, unique=True,
                verbose_name="public identifier",
            ),
        ),
        migrations.AlterField(
            model_name="historicalinstitution",
            name="public_id",
            field=models.CharField(
                db_index=True, default=institutions.models.new_public_id, editable=False, max_length=12,
                verbose_name="public identifier",
            ),
        ),
    ]
