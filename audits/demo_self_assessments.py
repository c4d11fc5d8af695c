"""Demo self-assessments. Runs after the editions demo and uses its enrolments (today is 25.11.2026).

- past editions (2024/2025, 2025/2026): every enrolled institution's self-assessment is complete and
  accepted (the audits demo audits the 2025/2026 ones);
- current edition (2026/2027): a few in each status — partly filled drafts, submitted, returned with
  KWP's comment, accepted — and the rest not started. The demo coordinator „koordynator” gets a draft
  to continue (and a returned one too if he has a second enrolment); „koordynator2” a returned one.

Built through the services (`build`), like real ones, then dated back; the e-mails the services queue
are dropped. Evidence files are real PDFs (WeasyPrint) uploaded through the same checks as a
coordinator's. Deterministic and idempotent.
"""

import datetime
import functools
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from weasyprint import HTML

from core.models import OutgoingEmail
from institutions.models import Institution, Programme, User

from .models import ActionPlanItem, Criterion, Edition, Enrolment, Evidence, SelfAssessment, SelfAssessmentEvent
from .services.self_assessments import (
    action_item_create,
    criterion_answer_save,
    self_assessment_accept,
    self_assessment_diagnosis_save,
    self_assessment_open,
    self_assessment_return,
    self_assessment_submit,
)

Status = SelfAssessment.Status
CURRENT = 2026
# Statuses given in turn to the current edition's other enrolments (the rest stay not started).
CURRENT_PLAN = [Status.SUBMITTED, Status.ACCEPTED, Status.DRAFT, Status.RETURNED] * 3
RETURN_COMMENT = (
    "Proszę uzupełnić kryterium 1.3: brak protokołu z wizji lokalnej z podpisami partnerów. "
    "W planie działania wskazać odpowiedzialnego partnera dla działania dotyczącego przejścia dla pieszych."
)
FINDINGS = [
    "Uczniowie najczęściej wskazują przemoc słowną na przerwach i wykluczanie w mediach społecznościowych; "
    "rodzice zwracają uwagę na niebezpieczną drogę do szkoły.",
    "Najwięcej zdarzeń przemocy rówieśniczej dochodzi w szatni i w toaletach; co piąty uczeń nie czuje się "
    "bezpiecznie na boisku po lekcjach.",
    "Ankiety pokazują wzrost cyberprzemocy w klasach starszych; nauczyciele wskazują potrzebę zajęć "
    "profilaktycznych z policjantem.",
]
PLACES = [
    "Przejście dla pieszych przy głównym wejściu bez sygnalizacji; nieoświetlony parking za salą gimnastyczną.",
    "Szatnia w piwnicy bez monitoringu; zarośnięte przejście między boiskiem a osiedlem.",
    "Przystanek autobusowy naprzeciw szkoły; schody przy bocznym wejściu bez poręczy.",
]
ACTIONS = [
    ("Przemoc rówieśnicza na przerwach", "Ograniczenie zdarzeń przemocy na korytarzach i w szatni",
     "Dyżury nauczycieli w szatni, monitoring, warsztaty z dzielnicowym dla klas 4–8.",
     ActionPlanItem.Status.IN_PROGRESS, "Mniej zgłoszeń do pedagoga w I semestrze."),
    ("Niebezpieczne przejście dla pieszych", "Bezpieczna droga do szkoły",
     "Wniosek do zarządcy drogi o progi zwalniające i oświetlenie przejścia; akcja „Bezpieczna droga”.",
     ActionPlanItem.Status.PLANNED, ""),
    ("Cyberprzemoc", "Uczniowie wiedzą, jak reagować na przemoc w sieci",
     "Cykl zajęć profilaktycznych i spotkanie dla rodziców z policjantem ds. nieletnich.",
     ActionPlanItem.Status.DONE, "Zajęcia przeprowadzono we wszystkich klasach 6–8."),
]


def seed(stdout: TextIO, password: str) -> None:
    kwp = User.objects.filter(username="kwp").first() or User.objects.filter(role=User.Role.KWP_STAFF).first()
    counts: dict[str, int] = {}
    for edition in Edition.objects.filter(start_year__lt=CURRENT).order_by("start_year"):
        for enrolment in _open_enrolments(edition):
            _make(enrolment, Status.ACCEPTED, kwp, counts)
    current = Edition.objects.filter(start_year=CURRENT).first()
    if current:
        for enrolment, status in _current_plan(current):
            _make(enrolment, status, kwp, counts)
    stdout.write("Self-assessments: " + (", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none")
                 + ".")


def _open_enrolments(edition: Edition):
    """Enrolments of the edition without a self-assessment yet, in a fixed order."""
    return (Enrolment.objects.filter(edition=edition, self_assessment__isnull=True)
            .select_related("edition", "institution").order_by("institution__name", "pk"))


def _current_plan(edition: Edition) -> list[tuple[Enrolment, str]]:
    enrolments = list(_open_enrolments(edition))
    mine = [e for e in enrolments if _coordinated_by(e.institution, "koordynator")]
    academic = [e for e in enrolments if _coordinated_by(e.institution, "koordynator2")]
    plan = [(mine[0], Status.DRAFT)] if mine else []
    plan += [(e, Status.RETURNED) for e in mine[1:2] + academic[:1]]
    taken = {e.pk for e, _status in plan}
    others = [e for e in enrolments if e.pk not in taken]
    return plan + list(zip(others, CURRENT_PLAN, strict=False))


def _coordinated_by(institution: Institution, username: str) -> bool:
    return institution.coordinators.filter(username=username).exists()


def _when(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _make(enrolment: Enrolment, status: str, kwp: User | None, counts: dict[str, int]) -> None:
    """One self-assessment in `status`, filled as far as that status implies, with its history."""
    build(enrolment, status, kwp)
    counts[status] = counts.get(status, 0) + 1


def build(enrolment: Enrolment, status: str, kwp: User | None) -> SelfAssessment:
    """Build a self-assessment through the same services a coordinator and KWP staff use (diagnosis,
    action plan, every criterion with its evidence, submit, return or accept), so demo data obeys the
    rules that real data obeys; then date the history back to plausible days. E-mails the services
    queue are dropped: nobody should be told about demo work."""
    if kwp is None:
        raise RuntimeError("The demo self-assessments need a KWP staff account (seed the institutions first).")
    coordinator = enrolment.institution.coordinators.order_by("pk").first() or kwp
    deadline = enrolment.edition.self_assessment_deadline
    current = enrolment.edition.start_year == CURRENT
    n = enrolment.institution.pk
    opened = datetime.date(enrolment.edition.start_year, 10, 6 + n % 20)
    submitted = datetime.date(CURRENT, 11, 3 + n % 10) if current else deadline - datetime.timedelta(days=3 + n % 25)
    complete = status != Status.DRAFT
    emails_before = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assessment = self_assessment_open(enrolment=enrolment, by=coordinator)
    diagnosis = {
        "surveyed_students": 120 + n * 7 % 300, "surveyed_parents": 60 + n * 5 % 150, "surveyed_teachers": 15 + n % 30,
        "site_inspection_date": opened + datetime.timedelta(days=9) if complete else None,
        "diagnosis_findings": FINDINGS[n % len(FINDINGS)],
        "dangerous_places": PLACES[n % len(PLACES)] if complete else "",
    }
    if enrolment.institution.programme == Programme.UWPB:
        diagnosis["surveyed_parents"] = None  # a university is not asked about parents
    self_assessment_diagnosis_save(assessment=assessment, version=assessment.version, data=diagnosis, by=coordinator)
    _action_plan(assessment, coordinator, count=3 if complete else 1)
    _answers(assessment, coordinator, complete=complete)
    history = [opened]
    if complete:
        self_assessment_submit(assessment=assessment, by=coordinator, today=min(submitted, deadline))
        history.append(submitted)
    if status == Status.RETURNED:
        self_assessment_return(assessment=assessment, by=kwp, comment=RETURN_COMMENT)
        history.append(submitted + datetime.timedelta(days=4))
    if status == Status.ACCEPTED:
        self_assessment_accept(assessment=assessment, by=kwp)
        history.append(submitted + datetime.timedelta(days=7 if current else 12))
    for event, day in zip(assessment.events.order_by("pk"), history, strict=True):
        SelfAssessmentEvent.objects.filter(pk=event.pk).update(at=_when(day, 11))
    if complete:
        SelfAssessment.objects.filter(pk=assessment.pk).update(submitted_at=_when(submitted))
    uploaded = submitted if complete else opened
    Evidence.objects.filter(answer__self_assessment=assessment).update(uploaded_at=_when(uploaded, 8))
    OutgoingEmail.objects.exclude(pk__in=emails_before).delete()
    assessment.refresh_from_db()
    return assessment


def _action_plan(assessment: SelfAssessment, by: User, count: int) -> None:
    institution = assessment.enrolment.institution
    year = assessment.enrolment.edition.start_year
    partnerships = list(institution.partnerships.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 9, 1))).order_by("pk")[:2])
    for i, (threat, goal, action, status, effect) in enumerate(ACTIONS[:count]):
        data = {"threat": threat, "goal": goal, "action": action, "status": status, "effect": effect,
                "deadline": datetime.date(year + 1, 2 + i * 2, 27)}
        chosen = partnerships[i % len(partnerships):][:1] if partnerships else []
        action_item_create(assessment=assessment, data=data, partnerships=chosen, by=by)


def _answers(assessment: SelfAssessment, coordinator: User, *, complete: bool) -> None:
    criteria = list(Criterion.objects.filter(area__rulebook=assessment.enrolment.rulebook)
                    .select_related("area").order_by("area__number", "position", "code"))
    chosen = criteria if complete else criteria[: len(criteria) // 2]
    n = assessment.enrolment.institution.pk
    institution = assessment.enrolment.institution
    for i, criterion in enumerate(chosen):
        score = max(criterion.max_points - (1 if (n + i) % 4 == 0 else 0), 0)
        upload = None
        if complete and criterion.evidence_required:
            upload = SimpleUploadedFile(f"Sprawozdanie {criterion.code} – {institution}.pdf",
                                        _report_pdf(criterion.code, criterion.title), content_type="application/pdf")
        criterion_answer_save(
            assessment=assessment, criterion=criterion, version=0, score=score, by=coordinator, upload=upload,
            description=f"{criterion.title}: działanie zrealizowane wspólnie z partnerami; "
                        "szczegóły w załączonym sprawozdaniu.",
        )


@functools.cache
def _report_pdf(code: str, title: str) -> bytes:
    """A one-page sample report per criterion (rendered once: hundreds of files share a few PDFs)."""
    return HTML(string=(
        "<html lang='pl'><body style='font-family: DejaVu Sans, sans-serif'>"
        f"<h1 style='font-size: 16pt'>Sprawozdanie – kryterium {escape(code)}</h1><p>{escape(title)}</p>"
        "<p>Dokument przykładowy (dane demonstracyjne programu ZPB).</p></body></html>"
    )).write_pdf()
