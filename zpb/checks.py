from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def celery_broker_check(app_configs, **kwargs) -> list[Warning]:
    """In production, PDFs and e-mails must go to workers, not run inside web requests."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return [Warning(
            "Celery tasks run inline in the web process.",
            hint="Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0) and run a worker and beat.",
            id="zpb.W001",
        )]
    return []
