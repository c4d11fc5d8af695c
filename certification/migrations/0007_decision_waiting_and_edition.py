import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def from_rows(apps, schema_editor):
    """The decisions' edition (their audit's) and both stored "waiting" flags from the rows they summarise
    (certification/waiting.py keeps the flags from now on)."""
    Audit = apps.get_model("audits", "Audit")
    Decision = apps.get_model("certification", "Decision")
    Certificate = apps.get_model("certification", "Certificate")
    Decision.objects.update(edition_id=Subquery(Audit.objects.filter(pk=OuterRef("audit_id")).values("edition_id")[:1]))
    Audit.objects.filter(Exists(Decision.objects.filter(audit=OuterRef("pk")))).update(decision_recorded=True)
    Decision.objects.filter(Exists(Certificate.objects.filter(decision=OuterRef("pk")))).update(
        certificate_issued=True)


def edition_field(**kwargs):
    return models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                             related_name='+', to='audits.edition', verbose_name='edition', **kwargs)


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0012_edition_on_audits_and_self_assessments'),
        ('certification', '0006_certificate_edition'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decision',
            name='certificate_issued',
            field=models.BooleanField(default=False, editable=False, verbose_name='certificate issued'),
        ),
        migrations.AddField(model_name='decision', name='edition', field=edition_field(null=True)),
        # Backwards the columns are dropped (here and in audits 0011): nothing to undo.
        migrations.RunPython(from_rows, migrations.RunPython.noop),
    ]
