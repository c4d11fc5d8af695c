"""Every app's root service error is a core ServiceError, so views show them all the same way."""

from core.services import ServiceError


def test_every_app_error_is_a_service_error():
    from audits.services.audits import AuditError
    from audits.services.editions import EditionsError
    from audits.services.self_assessments import SelfAssessmentError
    from certification.services import CertificationError
    from institutions.services import InstitutionError
    from institutions.tokens import LinkError
    from partners.services import PartnerError

    for error in (AuditError, EditionsError, SelfAssessmentError, CertificationError, InstitutionError, LinkError,
                  PartnerError):
        assert issubclass(error, ServiceError), error
