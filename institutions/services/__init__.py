"""Writes for institutions, users, invitations, RSPO imports and applications to join, one module each."""


class InstitutionError(Exception):
    """A rule was broken; the message is shown to the user."""
