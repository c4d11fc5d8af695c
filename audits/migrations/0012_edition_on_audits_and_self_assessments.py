import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def edition_from_enrolment(apps, schema_editor):
    Enrolment = apps.get_model("audits", "Enrolment")
    edition = Subquery(Enrolment.objects.filter(pk=OuterRef("enrolment_id")).values("edition_id")[:1])
    for name in ("Audit", "SelfAssessment"):
        apps.get_model("audits", name).objects.update(edition_id=edition)


def edition_field(**kwargs):
    return models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                             related_name='+', to='audits.edition', verbose_name='edition', **kwargs)


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0011_audit_decision_recorded'),
    ]

    operations = [
        migrations.AddField(model_name='audit', name='edition', field=edition_field(null=True)),
        migrations.AddField(model_name='selfassessment', name='edition', field=edition_field(null=True)),
        # Backwards the columns are dropped: nothing to undo.
        migrations.RunPython(edition_from_enrolment, migrations.RunPython.noop),
        migrations.AlterField(model_name='audit', name='edition', field=edition_field()),
        migrations.AlterField(model_name='selfassessment', name='edition', field=edition_field()),
        migrations.AddIndex(
            model_name='audit',
            index=models.Index(fields=['edition', 'status', 'passed', 'enrolment'], name='audit_edition_status'),
        ),
        migrations.AddIndex(
            model_name='selfassessment',
            index=models.Index(fields=['edition', 'status', 'enrolment'], name='self_assessment_edition_status'),
        ),
    ]
