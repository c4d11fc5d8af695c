"""How a view runs a service and shows its outcome: `run_service`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest

from .services import ServiceError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `run_service` returns: true when the service ran; `value` is what it returned."""

    ok: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.ok

    @property
    def value(self) -> T:
        """What the service returned; only there when it ran."""
        if not self.ok:
            raise ValueError("the service refused the change: there is no result")
        return self.result


def run_service(
    request: HttpRequest, call: Callable[[], T], *, success: str = "", form: BaseForm | None = None
) -> Outcome[T]:
    """Run `call` (a service); on success show `success` (if any) as a message.

    When a rule refuses (ServiceError), the reason goes to `form` (on the error's field, or the whole form)
    or, without a form, into an error message; with a form, a ValidationError from the service is shown
    on the form too. Other errors propagate.
    """
    try:
        value = call()
    except ServiceError as exc:
        if form is not None:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.error(request, str(exc))
        return Outcome(False)
    except ValidationError as exc:
        if form is None:
            raise
        form.add_error(None, exc)
        return Outcome(False)
    if success:
        messages.success(request, success)
    return Outcome(True, value)
