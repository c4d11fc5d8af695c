"""Extension points of audits pages that other parts of the app (or downstream apps) add to.

Receivers return `core.lib.sections.Section`(s); a section's template gets its context as `section`.
"""

from django.dispatch import Signal

# Receivers get `edition` and `request` (KWP staff) and return Section(s) for the edition's page,
# e.g. self-assessment or audit progress of the edition.
edition_sections = Signal()
# Receivers get `enrolment` and `request` (already scoped to request.user) and return Section(s)
# for the enrolment's page, e.g. the link to its self-assessment.
enrolment_sections = Signal()
# Receivers get `audit` and `request` (already scoped to request.user) and return Section(s) for the
# audit's page, e.g. a summary of the diagnosis surveys.
audit_sections = Signal()
# Receivers get `assessment`, `tab` (e.g. "diagnosis") and `request` (already scoped to request.user) and
# return Section(s) for that tab of the self-assessment, e.g. the survey head counts on the diagnosis tab.
self_assessment_sections = Signal()
