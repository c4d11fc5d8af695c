"""The one error type services raise when a rule refuses a change (each app subclasses it)."""

from django.utils.functional import Promise


class ServiceError(Exception):
    """A rule refused the change and nothing was written. `message` is translated and meant for the user;
    `field` names the form field it is about (None: the form or the page as a whole)."""

    def __init__(self, message: "str | Promise" = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
