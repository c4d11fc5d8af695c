"""Celery tasks of the audits app (autodiscovery imports this package), one module per area."""

from .audits import *  # noqa: F401,F403
from .protocols import *  # noqa: F401,F403
from .self_assessments import *  # noqa: F401,F403
