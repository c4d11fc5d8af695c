"""Demo rulebooks, editions and enrolments. Runs after the institutions and partners demo.

Today in the demo is 25.11.2026, so 2026/2027 is the current edition with enrolment open;
2024/2025 and 2025/2026 are past. Deterministic (institutions taken in order of their ids):

- 2024/2025: 12 schools and universities at stage I (the certification demo may certify them in 2025,
  which is why they seek an extension, or the Lider title after 7 years, in 2026/2027);
- 2025/2026: 15 others at stage I;
- 2026/2027: 25 institutions: the 2024/2025 cohort (extension, two of them the Lider title), the first
  school of the demo coordinator „koordynator” (his second school is left for him to enrol), AGH of
  „koordynator2”, and new institutions at stage I; one has its self-assessment deadline extended.
"""

import datetime
from typing import TextIO

from simple_history.utils import bulk_create_with_history

from institutions.models import Institution, Programme, User

from .catalogues import DEFAULT_EFFECTIVE_FROM, ensure_default_rulebooks
from .models import Edition, Enrolment, RulebookVersion, Stage
from .services.editions import edition_save, enrolment_extend_deadline, rulebook_copy

D = datetime.date
# start year → (enrolment opens, closes, self-assessment deadline, audits from, until, ceremony)
EDITIONS = {
    2024: (D(2024, 9, 2), D(2024, 10, 31), D(2025, 3, 31), D(2025, 5, 5), D(2025, 6, 27), D(2025, 10, 16)),
    2025: (D(2025, 9, 1), D(2025, 10, 31), D(2026, 3, 31), D(2026, 5, 4), D(2026, 6, 26), D(2026, 10, 15)),
    2026: (D(2026, 9, 1), D(2026, 12, 18), D(2027, 3, 31), D(2027, 5, 4), D(2027, 6, 25), None),
}
LIDER_JOINED_BY = D(2019, 9, 1)  # seven full years in the programme by the current edition


def seed(stdout: TextIO, password: str) -> None:
    rulebooks = _rulebooks()
    editions = {year: _edition(year, dates, rulebooks) for year, dates in EDITIONS.items()}
    kwp = User.objects.filter(username="kwp").first()
    counts = _enrolments(editions, kwp) if kwp else {}
    stdout.write(f"Editions: {', '.join(e.name for e in editions.values())}; enrolments per edition: "
                 f"{', '.join(f'{editions[y].name}: {n}' for y, n in counts.items()) or 'none'}.")


def _rulebooks() -> dict[tuple[str, int], RulebookVersion]:
    """The 2025 defaults (normally loaded by the migration), a 2024 version and an unlocked 2027 draft."""
    ensure_default_rulebooks()
    ensure_default_rulebooks(label="2024", effective_from=D(2024, 9, 1))
    found = {(r.programme, r.effective_from.year): r for r in RulebookVersion.objects.filter(
        effective_from__in=[D(2024, 9, 1), DEFAULT_EFFECTIVE_FROM])}
    spb_2025 = found[(Programme.SPB, 2025)]
    if not RulebookVersion.objects.filter(programme=Programme.SPB, effective_from=D(2027, 9, 1)).exists():
        rulebook_copy(rulebook=spb_2025, effective_from=D(2027, 9, 1),
                      name=spb_2025.name.replace("(wersja 2025)", "(wersja 2027 – projekt)"))
    return found


def _edition(year: int, dates: tuple, rulebooks: dict) -> Edition:
    existing = Edition.objects.filter(start_year=year).first()
    if existing:
        return existing
    opens, closes, deadline, audits_from, audits_until, ceremony = dates
    version = min(year, 2025)
    return edition_save(edition=Edition(
        start_year=year, spb_rulebook=rulebooks[(Programme.SPB, version)],
        uwpb_rulebook=rulebooks[(Programme.UWPB, version)], enrolment_opens=opens, enrolment_closes=closes,
        self_assessment_deadline=deadline, audit_window_start=audits_from, audit_window_end=audits_until,
        ceremony_date=ceremony,
    ))


def _enrolments(editions: dict[int, Edition], kwp: User) -> dict[int, int]:
    active = list(Institution.objects.filter(is_active=True).order_by("pk"))
    main = list(Institution.objects.filter(coordinators__username="koordynator").order_by("pk"))
    academic = list(Institution.objects.filter(coordinators__username="koordynator2").order_by("pk"))
    reserved = {i.pk for i in main + academic}
    pool = [i for i in active if i.pk not in reserved and i.joined_on]
    cohort_2024 = [i for i in pool if i.joined_on and i.joined_on <= D(2024, 9, 1)][:12]
    taken = {i.pk for i in cohort_2024}
    cohort_2025 = [i for i in pool if i.pk not in taken and i.joined_on and i.joined_on <= D(2025, 9, 1)][:15]
    taken |= {i.pk for i in cohort_2025}

    lider = [i for i in cohort_2024 if i.joined_on and i.joined_on <= LIDER_JOINED_BY][:2]
    current = [(i, Stage.LIDER if i in lider else Stage.EXTENSION) for i in cohort_2024]
    current += [(i, Stage.CERTIFICATE) for i in main[:1] + academic[:1]]
    newcomers = [i for i in active if i.pk not in taken and i.pk not in reserved]
    current += [(i, Stage.CERTIFICATE) for i in newcomers[: max(0, 25 - len(current))]]

    plan = {
        2024: [(i, Stage.CERTIFICATE) for i in cohort_2024],
        2025: [(i, Stage.CERTIFICATE) for i in cohort_2025],
        2026: current,
    }
    counts = {}
    for year, rows in plan.items():
        edition = editions[year]
        if not edition.enrolments.exists():
            bulk_create_with_history(
                [Enrolment(edition=edition, institution=i, stage=stage, enrolled_by=kwp) for i, stage in rows],
                Enrolment, default_user=kwp,
            )
        counts[year] = edition.enrolments.count()
    extended = editions[2026].enrolments.filter(institution__in=newcomers[:1]).first()
    if extended and not extended.deadline_extended_until:
        enrolment_extend_deadline(enrolment=extended, until=D(2027, 4, 15), by=kwp)
    return counts
