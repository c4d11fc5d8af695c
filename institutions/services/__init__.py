"""Writes for institutions, users, invitations, RSPO imports and applications to join, one module each."""

from core.services import ServiceError


class InstitutionError(ServiceError):
    """A rule was broken; the message is shown to the user."""
