from celery import shared_task

from .services.retention import retention_apply


@shared_task
def retention_task() -> dict:
    """Daily (beat): deletes or anonymises applications and invitations past their retention period."""
    return retention_apply().as_dict()
