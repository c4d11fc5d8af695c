from celery import shared_task

from ..selectors.self_assessments import today_in_warsaw
from ..services.self_assessments import self_assessment_send_reminders

__all__ = ["self_assessment_reminders_task"]


@shared_task
def self_assessment_reminders_task() -> int:
    """Hourly (beat): reminders 14 and 3 days before the self-assessment deadline (Warsaw date); each is recorded,
    so it goes out once."""
    return self_assessment_send_reminders(today_in_warsaw())
