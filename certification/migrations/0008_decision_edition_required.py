import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """After 0007's backfill, in a transaction of its own: PostgreSQL does not alter a table with the
    backfill's deferred foreign key checks still pending."""

    dependencies = [
        ('certification', '0007_decision_waiting_and_edition'),
    ]

    operations = [
        migrations.AlterField(
            model_name='decision',
            name='edition',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='audits.edition', verbose_name='edition'),
        ),
        migrations.AddIndex(
            model_name='decision',
            index=models.Index(condition=models.Q(models.Q(('outcome', 'refused'), _negated=True),
                                                  ('certificate_issued', False)),
                               fields=['audit'], name='decision_awaiting_certificate'),
        ),
        migrations.AddIndex(
            model_name='decision',
            index=models.Index(fields=['edition', 'outcome'], name='decision_edition_outcome'),
        ),
    ]
