"""OutgoingEmail moves from the app `zpb` to `core` without touching the database: the table keeps its
name (zpb_outgoingemail) and rows; only Django's model state and the content type change apps."""

import django.utils.timezone
from django.db import migrations, models


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="zpb", model="outgoingemail").update(app_label="core")


def content_type_to_zpb(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="zpb", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="core", model="outgoingemail").update(app_label="zpb")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("zpb", "0002_outbox_next_attempt"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("template", models.CharField(max_length=100, verbose_name="template")),
                        ("to", models.JSONField(verbose_name="recipients")),
                        ("context", models.JSONField(default=dict, verbose_name="context")),
                        ("language", models.CharField(default="pl", max_length=10, verbose_name="language")),
                        ("status", models.CharField(choices=[("pending", "pending"), ("sent", "sent"), ("failed", "failed")], default="pending", max_length=10, verbose_name="status")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("next_attempt_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                    ],
                    options={
                        "verbose_name": "outgoing e-mail",
                        "verbose_name_plural": "outgoing e-mails",
                        "db_table": "zpb_outgoingemail",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["status", "next_attempt_at"], name="zpb_outgoin_status_c9e21f_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_zpb),
    ]
