from django.dispatch import Signal

# Receivers get `institution` and `request` and return Section(s) for the institution's page
# (partners, self-assessments, audits, certificates, timeline), already scoped to request.user.
institution_sections = Signal()
# Sent inside the acceptance's transaction with `application`, `institution` and `by`; partners
# creates the partnerships the application listed (institutions cannot import partners).
application_accepted = Signal()
