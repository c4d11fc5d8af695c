"""Factories and helpers for self-assessment tests (the shared ones are in factories.py)."""

import datetime
import hashlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from audits.models import ActionPlanItem, Criterion, CriterionAnswer, Edition, Enrolment, Evidence, SelfAssessment
from audits.tests.factories import EditionFactory, EnrolmentFactory, SelfAssessmentFactory


def minimal_pdf() -> bytes:
    """A valid one-page PDF (catalog, pages, page, xref with real offsets): what a scan looks like to checks."""
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_BYTES = minimal_pdf()
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17




def school_year_start(day: datetime.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def current_edition(*, deadline: datetime.date | None = None) -> Edition:
    """This school year's edition (made if missing) with a self-assessment deadline 30 days ahead."""
    today = timezone.localdate()
    year = school_year_start(today)
    edition = Edition.objects.filter(start_year=year).first() or EditionFactory(start_year=year)
    Edition.objects.filter(pk=edition.pk).update(
        self_assessment_deadline=deadline or today + datetime.timedelta(days=30)
    )
    edition.refresh_from_db()
    return edition


def free_edition(first_year: int = 2050) -> Edition:
    """An edition in a school year no other test object uses (start_year is unique)."""
    year = first_year
    while Edition.objects.filter(start_year=year).exists():
        year += 1
    return EditionFactory(start_year=year)


def enrolment_for(institution, edition: Edition | None = None) -> Enrolment:
    edition = edition or current_edition()
    existing = Enrolment.objects.filter(edition=edition, institution=institution).first()
    return existing or EnrolmentFactory(edition=edition, institution=institution)


def self_assessment_for(institution, *, edition: Edition | None = None, **kwargs) -> SelfAssessment:
    return SelfAssessmentFactory(enrolment=enrolment_for(institution, edition), **kwargs)


class ActionPlanItemFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlanItem

    self_assessment = factory.SubFactory(SelfAssessmentFactory)
    threat = "Przemoc rówieśnicza na przerwach"
    goal = "Mniej zdarzeń przemocy na korytarzach"
    action = "Dyżury nauczycieli i warsztaty z policjantem"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class CriterionAnswerFactory(DjangoModelFactory):
    class Meta:
        model = CriterionAnswer

    self_assessment = factory.SubFactory(SelfAssessmentFactory)
    criterion = factory.LazyAttribute(
        lambda a: Criterion.objects.filter(area__rulebook=a.self_assessment.enrolment.rulebook).first()
    )
    score = 1
    description = "Opis realizacji."


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    answer = factory.SubFactory(CriterionAnswerFactory)
    file = factory.django.FileField(data=PDF_BYTES, filename="dowod.pdf")
    original_name = "Protokół z wizji lokalnej.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()


def fill_diagnosis(assessment: SelfAssessment) -> SelfAssessment:
    SelfAssessment.objects.filter(pk=assessment.pk).update(
        surveyed_students=120,
        surveyed_parents=80,
        surveyed_teachers=25,
        site_inspection_date=timezone.localdate() - datetime.timedelta(days=30),
        diagnosis_findings="Najwięcej zdarzeń na przerwach w szatni.",
        dangerous_places="Szatnia, przejście przy boisku.",
    )
    assessment.refresh_from_db()
    return assessment


def complete(assessment: SelfAssessment) -> SelfAssessment:
    """Everything the submission needs: diagnosis, one action, every criterion scored, required evidence."""
    from audits.tests.factories import answer_all

    fill_diagnosis(assessment)
    ActionPlanItemFactory(self_assessment=assessment)
    for answer in answer_all(assessment):
        if answer.criterion.evidence_required:
            EvidenceFactory(answer=answer)
    return assessment
