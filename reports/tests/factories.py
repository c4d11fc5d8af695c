"""A varied world for the reports tests: institutions in several counties at every step of an edition."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from audits.models import Audit, Edition, SelfAssessment, Stage
from audits.services.area_summaries import area_summary_freeze
from audits.tests.factories import EnrolmentFactory, SelfAssessmentFactory
from audits.tests.factories_audits import (
    accepted_enrolment,
    free_past_edition,
    planned_audit,
    score_all,
    signed_audit,
)
from certification.models import Certificate, Decision
from certification.services import certificate_issue, decision_record
from institutions.models import Institution, User
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory, UniversityFactory, county

COUNTIES = ("1201", "1263", "1261", "1206")  # bocheński, Tarnów, Kraków, krakowski
# What happens to the i-th institution, in turn (the first five already have audits and certificates).
STEPS = ("certified", "planned", "failed", "lider", "draft", "not_enrolled", "not_started", "submitted",
         "returned", "certified")


@dataclass
class Built:
    edition: Edition
    auditor: User
    institutions: list[Institution] = field(default_factory=list)


def _decide(audit: Audit, outcome: str, kwp: User) -> Decision:
    return decision_record(audit=audit, outcome=outcome, decided_on=audit.date + datetime.timedelta(days=60),
                           reference=f"KWP-{audit.pk}", by=kwp)


def build(n: int, *, edition: Edition | None = None, auditor: User | None = None, start: int = 0) -> Built:
    """`n` institutions; the i-th (counting from `start`) goes through STEPS[i % len(STEPS)] in a past edition.
    Certified ones get a certificate; every second of those expires within 90 days."""
    edition = edition or free_past_edition(2000)
    auditor = auditor or AuditorFactory()
    kwp = KwpStaffFactory()
    built = Built(edition=edition, auditor=auditor)
    today = timezone.localdate()
    for i in range(start, start + n):
        step = STEPS[i % len(STEPS)]
        factory = UniversityFactory if i % 4 == 3 else InstitutionFactory
        institution = factory(county=county(COUNTIES[i % len(COUNTIES)]), name=f"Placówka raportowa {i:03d}")
        built.institutions.append(institution)
        if step == "not_enrolled":
            continue
        if step == "not_started":
            EnrolmentFactory(edition=edition, institution=institution)
        elif step in ("draft", "submitted", "returned"):
            enrolment = EnrolmentFactory(edition=edition, institution=institution)
            SelfAssessmentFactory(enrolment=enrolment, status=step)
        elif step == "planned":
            planned_audit(edition=edition, institution=institution, team=[auditor])
        elif step == "failed":
            audit = signed_audit(edition=edition, institution=institution, team=[auditor],
                                 points={"1.1": 2, "2.1": 3, "2.2": 3})
            _decide(audit, Decision.Outcome.REFUSED, kwp)
        elif step == "lider":
            # The Lider conditions (the stage chain) are the audits and certification apps' business: set the
            # result and record the decision as KWP would have, whatever the (empty) certificate history says.
            accepted_enrolment(edition=edition, institution=institution, stage=Stage.LIDER, self_score=10)
            audit = planned_audit(edition=edition, institution=institution, team=[auditor])
            score_all(audit, {"2.2": 8})
            Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.SIGNED, total_points=33, max_points=35,
                                                     percent=Decimal("94.29"), passed=True, lider_conditions_met=True,
                                                     signed_at=timezone.now())
            audit.refresh_from_db()
            area_summary_freeze(audit=audit)  # as audit_sign does
            decision = Decision.objects.create(audit=audit, edition=edition, outcome=Stage.LIDER,
                                               reference=f"KWP-{audit.pk}",
                                               decided_on=audit.date + datetime.timedelta(days=60), recorded_by=kwp)
            certificate_issue(decision=decision, by=kwp, dispatch=False)
        else:
            accepted_enrolment(edition=edition, institution=institution, self_score=10)
            audit = signed_audit(edition=edition, institution=institution, team=[auditor], points={"2.2": 8})
            certificate = certificate_issue(decision=_decide(audit, Stage.CERTIFICATE, kwp), by=kwp, dispatch=False)
            # Valid today; every second one ends within the 90 days the dashboard warns about.
            until = today + datetime.timedelta(days=30 if i % 4 < 2 else 400)
            Certificate.objects.filter(pk=certificate.pk).update(
                valid_from=today - datetime.timedelta(days=300), valid_until=until)
    return built


def self_assessment_status(institution: Institution, edition: Edition) -> str | None:
    return SelfAssessment.objects.filter(enrolment__institution=institution, enrolment__edition=edition) \
        .values_list("status", flat=True).first()
