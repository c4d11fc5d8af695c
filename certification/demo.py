"""Demo decisions and certificates. Runs after the audits demo (today in the demo is 25.11.2026).

- 2025/2026 (audits demo): its certification commission (KWP staff as chair, two auditors) proposed an
  outcome for every signed audit; the Komendant approved the list on 15.10.2026 (the gala), which made
  the decisions; the passed ones got a certificate, issued as one batch. One passed audit is on the
  commission's second, open proposal (one approval of the two needed) and one granting decision awaits
  its certificate, so KWP staff and the auditors have something to do.
- 2024/2025: the cohort the audits demo enrols without audits gets signed audits, decisions on
  16.10.2025 and certificates valid until 2027 (that is why it seeks an extension in 2026/2027);
  one of them is revoked.
- History: two long-standing schools of that cohort held a certificate from 2016/2017 and its
  extension from 2018/2019 (until 16.10.2024); within the year after, their 2024/2025 audit extends
  it again (stage II until 2030), so the first may compete for the Lider title: it holds the title for
  2026/2027 after a Lider audit in 2025/2026 (the stage chain, audits.services.editions.stage_standing).
  Another school's 2016/2017 certificate simply expired.

Everything goes through the services, so numbers are gapless and PDFs are rendered by Celery
(inline in the embedded mode) once the demo transaction commits.
"""

import datetime
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from audits.catalogues import ensure_default_rulebooks
from audits.models import Audit, Edition, Enrolment, RulebookVersion, Stage
from audits.services.editions import institution_standing
from institutions.models import Institution, Programme, User

from .commission import (
    commission_setup,
    proposal_approve,
    proposal_close,
    proposal_komendant_approve,
    proposal_list_render,
    proposal_open_next,
    recommendation_record,
)
from .models import Certificate, Decision, Proposal
from .services import (
    certificate_batch_issue,
    certificate_issue,
    certificate_revoke,
    decision_outcomes_for,
    decision_record,
)

D = datetime.date
# Historic editions (start year → audit date, decision date); the rulebook "2016" has the defaults.
HISTORY = {2016: (D(2017, 5, 23), D(2017, 10, 19)), 2018: (D(2019, 5, 21), D(2019, 10, 17))}
COHORT_2024 = (D(2025, 5, 20), D(2025, 10, 16))
GALA_2026 = D(2026, 10, 15)
ARCHIVE_NOTE = "Audyt archiwalny, wprowadzony z dokumentacji papierowej."


def seed(stdout: TextIO, password: str) -> None:
    kwp = User.objects.filter(username="kwp").first()
    past = Edition.objects.filter(start_year=2025).first()
    if kwp is None or past is None or Decision.objects.exists():
        stdout.write("Certification: nothing to do (no KWP user or 2025/2026 edition, or already seeded).")
        return
    cohort = list(Enrolment.objects.filter(edition__start_year=2024, audits__isnull=True)
                  .select_related("institution", "edition").order_by("institution__name"))
    veterans = [e.institution for e in cohort if e.institution.joined_on and e.institution.joined_on <= D(2016, 9, 1)]
    _history(veterans[:2], _expired_only(cohort), kwp)
    for enrolment in cohort:
        if enrolment.institution in veterans[:2]:  # their extension expired within a year: they seek another
            enrolment.stage = Stage.EXTENSION
            Enrolment.objects.filter(pk=enrolment.pk).update(stage=Stage.EXTENSION)
    issued_2025 = [_grant(_archive_audit(e, COHORT_2024[0]), COHORT_2024[1], kwp) for e in cohort]
    if len(issued_2025) > 3:
        certificate_revoke(certificate=issued_2025[3], by=kwp,
                           reason="Placówka zaprzestała realizacji planu działania (pismo dyrektora).")
    if veterans:
        _lider(veterans[0], past, kwp)
    counts = _past_edition(past, kwp)
    _align_current_stages()
    stdout.write(f"Certification: {Certificate.objects.count()} certificates "
                 f"({counts['batch']} issued as a batch for {past.name}), {Decision.objects.count()} decisions; "
                 f"{counts['awaiting']} audit awaits a decision, {counts['issuable']} decision its certificate.")


def _expired_only(cohort: list[Enrolment]) -> Institution | None:
    """A school outside the 2024 cohort whose only certificate (2016/2017) has expired."""
    taken = [e.institution_id for e in cohort]
    return (Institution.objects.filter(is_active=True, joined_on__lte=D(2016, 9, 1)).exclude(type="university")
            .exclude(pk__in=taken).exclude(enrolments__edition__start_year__in=[2025, 2026]).order_by("pk").first())


def _history(veterans: list[Institution], expired: Institution | None, kwp: User) -> None:
    editions = {year: _historic_edition(year) for year in HISTORY}
    for institution in [*veterans, *([expired] if expired else [])]:
        audit_day, decided_on = HISTORY[2016]
        enrolment = Enrolment.objects.create(edition=editions[2016], institution=institution, enrolled_by=kwp)
        _grant(_archive_audit(enrolment, audit_day), decided_on, kwp)
    for institution in veterans:
        audit_day, decided_on = HISTORY[2018]
        enrolment = Enrolment.objects.create(edition=editions[2018], institution=institution, stage=Stage.EXTENSION,
                                             enrolled_by=kwp)
        _grant(_archive_audit(enrolment, audit_day), decided_on, kwp)


def _historic_edition(year: int) -> Edition:
    existing = Edition.objects.filter(start_year=year).first()
    if existing:
        return existing
    ensure_default_rulebooks(label="2016", effective_from=D(2016, 9, 1))
    rulebooks = {r.programme: r for r in RulebookVersion.objects.filter(effective_from=D(2016, 9, 1))}
    return Edition.objects.create(
        start_year=year, spb_rulebook=rulebooks[Programme.SPB], uwpb_rulebook=rulebooks[Programme.UWPB],
        enrolment_opens=D(year, 9, 1), enrolment_closes=D(year, 10, 31), self_assessment_deadline=D(year + 1, 3, 31),
        audit_window_start=D(year + 1, 5, 4), audit_window_end=D(year + 1, 6, 26), ceremony_date=HISTORY[year][1],
    )


def _archive_audit(enrolment: Enrolment, day: datetime.date, *, points: int = 33, lider: bool = False) -> Audit:
    """A signed audit kept as its result only (the scores of past editions were on paper)."""
    max_points = enrolment.rulebook.max_points
    return Audit.objects.create(
        enrolment=enrolment, edition_id=enrolment.edition_id, kind=enrolment.stage, date=day,
        status=Audit.Status.SIGNED, total_points=points,
        max_points=max_points, percent=(Decimal(points * 100) / max_points).quantize(Decimal("0.01")),
        passed=points * 100 >= max_points * enrolment.rulebook.pass_threshold_percent,
        lider_conditions_met=lider, summary=ARCHIVE_NOTE,
        signed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0))),
    )


def _record(audit: Audit, decided_on: datetime.date, kwp: User) -> Decision:
    outcome = decision_outcomes_for(audit, on=decided_on)[0]  # the granting choice when there is one
    number = Decision.objects.filter(decided_on__year=decided_on.year).count() + 1
    return decision_record(audit=audit, outcome=outcome, decided_on=decided_on, by=kwp,
                           reference=f"KWP-I-{number:04d}/{decided_on.year}")


def _grant(audit: Audit, decided_on: datetime.date, kwp: User) -> Certificate:
    return certificate_issue(decision=_record(audit, decided_on, kwp), by=kwp)


def _lider(institution: Institution, past: Edition, kwp: User) -> None:
    enrolment, _created = Enrolment.objects.get_or_create(
        edition=past, institution=institution, defaults={"stage": Stage.LIDER, "enrolled_by": kwp})
    if not enrolment.audits.exists():
        _grant(_archive_audit(enrolment, D(2026, 6, 4), points=35, lider=True), GALA_2026, kwp)


def _align_current_stages() -> None:
    """The 2026/2027 enrolments were made before this history existed: each seeks a stage its certificate
    history allows on the demo's today (the stage offered when the one it was given is not allowed), and
    the schools whose chain reaches the Lider title seek it."""
    current = Edition.objects.filter(start_year=2026).first()
    if current is None:
        return
    for enrolment in Enrolment.objects.filter(edition=current).select_related("institution", "edition"):
        standing = institution_standing(enrolment.institution, current, on=D(2026, 11, 25))
        if standing.available.get(enrolment.stage) is not None or standing.offered == Stage.LIDER:
            Enrolment.objects.filter(pk=enrolment.pk).update(stage=standing.offered)


def _past_edition(past: Edition, kwp: User) -> dict[str, int]:
    signed = list(Audit.objects.filter(enrolment__edition=past, status=Audit.Status.SIGNED, decision__isnull=True)
                  .select_related("enrolment__institution").order_by("date", "pk"))
    passed = [a for a in signed if a.passed]
    awaiting = passed[-1:]  # left on the commission's open proposal in the demo
    decisions = _commission(past, [audit for audit in signed if audit not in awaiting], awaiting, kwp)
    granting = [d for d in decisions if d.grants]
    to_issue, issuable = granting[:-1], granting[-1:]
    if to_issue:
        certificate_batch_issue(edition=past, decisions=to_issue, by=kwp)
    return {"batch": len(to_issue), "awaiting": len(awaiting), "issuable": len(issuable)}



def _commission(past: Edition, decided: list[Audit], awaiting: list[Audit], kwp: User) -> list[Decision]:
    """The commission's first list, approved by the Komendant on the gala day, and a second one still open."""
    auditors = list(User.objects.filter(username__in=["audytor", "audytor2"], is_active=True).order_by("username"))
    members = [kwp, *auditors]
    commission = commission_setup(edition=past, members=members, chair=kwp, by=kwp)
    proposal = commission.proposals.get()
    for audit in decided:
        outcome = decision_outcomes_for(audit, on=GALA_2026)[0]  # the granting choice when there is one
        recommendation_record(proposal=proposal, audit=audit, outcome=outcome, by=kwp,
                              reason=DEMO_REASONS[outcome == Decision.Outcome.REFUSED])
    for member in members:
        proposal_approve(proposal=proposal, by=member)
    proposal_close(proposal=proposal, by=kwp)
    # Dated as it happened: closed a week before the gala; its list rendered now (the dispatch then finds it ready).
    Proposal.objects.filter(pk=proposal.pk).update(
        closed_at=timezone.make_aware(datetime.datetime.combine(GALA_2026 - datetime.timedelta(days=7),
                                                                datetime.time(12, 0)))
    )
    proposal_list_render(proposal_id=proposal.pk)
    decisions = proposal_komendant_approve(proposal=proposal, approved_on=GALA_2026, by=kwp,
                                           reference=f"KWP-E-0815/{GALA_2026.year}")
    second = proposal_open_next(commission=commission, by=kwp)
    for audit in awaiting:
        recommendation_record(proposal=second, audit=audit, outcome=decision_outcomes_for(audit)[0], by=kwp,
                              reason=DEMO_REASONS[False])
        proposal_approve(proposal=second, by=kwp)
    return decisions


DEMO_REASONS = {
    False: "Audyt zaliczony powyżej progu regulaminu; plan działania zrealizowany z partnerami.",
    True: "Wynik audytu poniżej progu regulaminu.",
}
