"""The results PDF attached as evidence to a criterion of the self-assessment.

The PDF is rendered from the aggregated results (the results page's numbers, never free text) and
goes through the self-assessment's own evidence upload (same type and size checks, same storage).
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from audits.models import CriterionAnswer, Enrolment, Evidence, SelfAssessment
from audits.services.self_assessments import evidence_add
from institutions.models import User

from .. import pdf
from ..selectors import results_criteria
from . import SurveyError


@transaction.atomic
def results_attach(*, enrolment: Enrolment, criterion_id: int, by: User) -> Evidence:
    assessment = SelfAssessment.objects.filter(enrolment=enrolment).first()
    if assessment is None:
        raise SurveyError(_("Start the self-assessment first."))
    if not assessment.is_editable:
        raise SurveyError(_("The self-assessment has been submitted: it cannot be changed now."))
    criterion = results_criteria(enrolment=enrolment).filter(pk=criterion_id).first()
    if criterion is None:
        raise SurveyError(_("Choose one of the listed criteria."), field="criterion")
    filename, mimetype, content = pdf.results_pdf(enrolment)
    if content is None:
        raise SurveyError(_("No group has enough answers to show its results yet."))
    answer, _created = CriterionAnswer.objects.get_or_create(self_assessment=assessment, criterion=criterion,
                                                             defaults={"updated_by": by})
    return evidence_add(answer=answer, upload=SimpleUploadedFile(filename, content, mimetype), by=by)
