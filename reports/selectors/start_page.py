"""The cards of the start page that come from the other apps, read from their selectors (reports may import
every app): KWP's applications, current edition and certification cards; a coordinator's enrolments and
certificates. The role dashboards themselves are in kwp.py, coordinator.py and auditor.py."""

from audits.selectors.editions import edition_current, edition_stage_counts, enrolment_rows
from audits.services.editions import enrolment_refusal
from certification.selectors import certificate_list_for_user, certification_counts
from core.lib.order import StartPage
from core.lib.sections import Section
from institutions.models import User
from institutions.selectors import application_new_count, institutions_coordinated_by


def start_page_sections(*, user: User) -> list[Section]:
    if user.is_kwp:
        return _kwp_sections(user)
    if user.is_coordinator:
        return _coordinator_sections(user)
    return []


def _kwp_sections(user: User) -> list[Section]:
    edition = edition_current()
    counts = edition_stage_counts(edition) if edition else {}
    return [
        Section(StartPage.APPLICATIONS, "institutions/application/_dashboard_kwp.html",
                {"count": application_new_count(user=user)}),
        Section(StartPage.EDITION, "audits/edition/_dashboard_kwp.html", {
            "edition": edition, "total": sum(counts.values()), "counts": list(counts.items()),
            "refusal": enrolment_refusal(edition, by=user) if edition else None,
        }),
        Section(StartPage.CERTIFICATES, "certification/sections/_dashboard_kwp.html", certification_counts(user=user)),
    ]


def _coordinator_sections(user: User) -> list[Section]:
    sections = []
    institutions = list(institutions_coordinated_by(user=user).filter(is_active=True))
    if institutions:
        edition = edition_current()
        sections.append(Section(StartPage.EDITION, "audits/enrolment/_dashboard_coordinator.html", {
            "edition": edition, "rows": enrolment_rows(institutions, edition, user=user) if edition else [],
            "refusal": enrolment_refusal(edition, by=user) if edition else None,
        }))
    recent = list(certificate_list_for_user(user=user).order_by("-granted_on")[:10])
    sections.append(Section(StartPage.CERTIFICATES, "certification/sections/_dashboard_coordinator.html",
                            {"certificates": recent}))
    return sections
