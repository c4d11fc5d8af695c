"""OutgoingEmail now belongs to the app `core` (core/migrations/0001_initial.py takes over its state);
the table zpb_outgoingemail stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("zpb", "0002_outbox_next_attempt"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingEmail")],
            database_operations=[],
        ),
    ]
