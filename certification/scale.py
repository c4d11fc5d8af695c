"""Scale data (seed_scale): a decision on every signed audit of the editions whose ceremony has passed (a few of
the latest left for KWP staff to decide), a certificate for every granting decision, numbered without gaps per
programme and year as `number_take` would (counters set to the last number), a few revoked.

The PDFs are not rendered (15,000 renders would take minutes): every certificate points at one small shared PDF
and is marked ready, so downloads work and the render sweep leaves them alone.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from audits.models import Audit, Stage
from core.lib.scale import ScalePlan
from institutions.models import User

from .models import Certificate, CertificateEvent, Decision, NumberCounter, new_verification_code
from .rules import validity

PDF_NAME = "scale/certificate.pdf"
PDF_BYTES = b"%PDF-1.4\n% seed_scale certificate placeholder\n%%EOF\n"
UNDECIDED_SHARE = 0.02  # of the latest decided edition: what waits for KWP staff


def seed(plan: ScalePlan) -> None:
    today = plan.today
    kwp_id = User.objects.filter(role=User.Role.KWP_STAFF).order_by("pk").values_list("pk", flat=True).first()
    audits = list(Audit.objects.filter(status=Audit.Status.SIGNED, enrolment__edition__ceremony_date__lte=today)
                  .select_related("enrolment__edition__spb_rulebook", "enrolment__edition__uwpb_rulebook",
                                  "enrolment__institution").order_by("enrolment__edition__start_year", "pk"))
    latest = max((a.enrolment.edition.start_year for a in audits), default=None)
    decided = [a for a in audits if a.enrolment.edition.start_year != latest or plan.rng.random() > UNDECIDED_SHARE]
    # Every granting decision gets its certificate below; bulk inserts send no signals, so the stored flags of
    # certification/waiting.py are set here: on the decisions as inserted, on their audits by one update.
    decisions = plan.bulk(Decision, [Decision(
        audit=audit, edition_id=audit.edition_id, outcome=audit.kind if _grants(audit) else Decision.Outcome.REFUSED,
        decided_on=day,
        reference=f"Decyzja nr {i + 1}/{day.year}", recorded_by_id=kwp_id, certificate_issued=_grants(audit),
    ) for i, audit in enumerate(decided) if (day := audit.enrolment.edition.ceremony_date)])
    Audit.objects.filter(decision__isnull=False, decision_recorded=False).update(decision_recorded=True)
    if not default_storage.exists(PDF_NAME):
        default_storage.save(PDF_NAME, ContentFile(PDF_BYTES))
    counters: dict[tuple[str, int], int] = {}
    rows = []
    for decision, audit in zip(decisions, decided, strict=True):
        if not decision.grants:
            continue
        institution, edition = audit.enrolment.institution, audit.enrolment.edition
        programme = institution.programme
        year = decision.decided_on.year
        sequence = counters[(programme, year)] = counters.get((programme, year), 0) + 1
        valid_from, valid_until = validity(kind=decision.outcome, granted_on=decision.decided_on,
                                           rulebook=edition.rulebook_for(programme), edition=edition)
        rows.append(Certificate(
            programme=programme, kind=decision.outcome, institution=institution, audit=audit, edition=edition,
            decision=decision, number=f"{programme}/{year}/{sequence:04d}", year=year, sequence=sequence,
            verification_code=new_verification_code(), granted_on=decision.decided_on, valid_from=valid_from,
            valid_until=valid_until, holder_name=institution.name, holder_town=institution.town,
            edition_name=edition.name, pdf=PDF_NAME, pdf_status=Certificate.PdfStatus.READY,
            pdf_requested_at=plan.at(decision.decided_on), pdf_rendered_at=plan.at(decision.decided_on, 11),
            issued_by_id=kwp_id,
        ))
    for certificate in rows[:: 97]:  # about one in a hundred revoked
        certificate.revoked_at = plan.at(certificate.granted_on + datetime.timedelta(days=200))
        certificate.revoked_by_id = kwp_id
        certificate.revocation_reason = "Placówka zaprzestała realizacji programu."
    certificates = plan.bulk(Certificate, rows)
    plan.bulk(NumberCounter, [NumberCounter(programme=p, year=y, last=last) for (p, y), last in counters.items()])
    events = [CertificateEvent(certificate=c, by_id=kwp_id, action=CertificateEvent.Action.ISSUED)
              for c in certificates]
    events += [CertificateEvent(certificate=c, by_id=kwp_id, action=CertificateEvent.Action.REVOKED,
                                note=c.revocation_reason) for c in certificates if c.revoked_at]
    plan.bulk(CertificateEvent, events)
    plan.report(f"Decisions: {len(decisions)} ({len(audits) - len(decisions)} waiting); certificates: "
                f"{len(certificates)}; numbering years: {len({y for _, y in counters})}; "
                f"programmes: {', '.join(sorted({p for p, _ in counters}))}.")


def _grants(audit: Audit) -> bool:
    """The decision the rules allow (certification.rules.decision_outcomes), without a query per audit:
    the audit's kind when it passed, and for a Lider audit only when its conditions were met."""
    return bool(audit.passed) and (audit.kind != Stage.LIDER or bool(audit.lider_conditions_met))

