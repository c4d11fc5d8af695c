"""Certificate.edition: the edition of the audit the certificate rests on, copied from audit.enrolment.edition
(which never changes) so the KWP dashboard counts certified institutions per edition and county with an
index-only scan of the live certificates, not a join of every certificate to its audit and enrolment."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def fill_editions(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    Certificate = apps.get_model("certification", "Certificate")
    Certificate.objects.filter(edition__isnull=True).update(
        edition=Subquery(Audit.objects.filter(pk=OuterRef("audit")).values("enrolment__edition")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ("audits", "0009_dangerous_places"),
        ("certification", "0005_certificate_pdf_sha256"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="edition",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="audits.edition", verbose_name="edition"),
        ),
        migrations.RunPython(fill_editions, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="certificate",
            name="edition",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="audits.edition",
                                    verbose_name="edition"),
        ),
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(condition=Q(("revoked_at__isnull", True)), fields=["edition", "kind", "institution"],
                               name="certificate_edition_live"),
        ),
    ]
