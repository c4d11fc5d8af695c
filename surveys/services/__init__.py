from core.services import ServiceError


class SurveyError(ServiceError):
    """A survey rule refused the change; nothing was written."""
