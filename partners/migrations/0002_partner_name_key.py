from django.db import migrations, models


def fill_name_keys(apps, schema_editor):
    from partners.models import normalize_name

    Partner = apps.get_model("partners", "Partner")
    for partner in Partner.objects.only("pk", "name"):
        Partner.objects.filter(pk=partner.pk).update(name_key=normalize_name(partner.name))

class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpartner',
            name='name_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=300, verbose_name='normalised name'),
        ),
        migrations.AddField(
            model_name='partner',
            name='name_key',
            field=models.CharField(db_index=True, default='', editable=False, max_length=300, verbose_name='normalised name'),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
