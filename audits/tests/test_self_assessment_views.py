import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Audit, CriterionAnswer, Evidence, SelfAssessment
from audits.services.self_assessments import self_assessment_submit
from audits.tests.factories import AuditFactory, answer_all
from audits.tests.factories_self_assessments import (
    PDF_BYTES,
    ActionPlanItemFactory,
    EvidenceFactory,
    complete,
    current_edition,
    self_assessment_for,
)
from audits.uploads import MAX_UPLOAD_BYTES
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UniversityFactory, county
from partners.tests.factories import PartnershipFactory

Status = SelfAssessment.Status


def url(name: str, *args) -> str:
    return reverse(f"audits:self-assessment-{name}", args=args)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def draft(world):
    return self_assessment_for(world.institution_a)


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator_a)
    return client


# --- Access beyond the matrix ------------------------------------------------------------------


def audited(world, media_root, *, status=Audit.Status.PLANNED, auditor=None) -> SelfAssessment:
    assessment = complete(self_assessment_for(world.institution_a, status=Status.ACCEPTED))
    AuditFactory(enrolment=assessment.enrolment, status=status, team=[auditor or world.auditor])
    return assessment


def test_auditor_on_the_team_reads_the_self_assessment_and_its_evidence(client, world, media_root):
    assessment = audited(world, media_root)
    evidence = Evidence.objects.get(answer__self_assessment=assessment)
    client.force_login(world.auditor)
    assert client.get(url("detail", assessment.pk)).status_code == 200
    assert client.get(url("evidence-download", evidence.pk)).status_code == 200


def test_auditor_not_on_the_team_gets_404(client, world, media_root):
    assessment = audited(world, media_root, auditor=AuditorFactory())
    evidence = Evidence.objects.get(answer__self_assessment=assessment)
    client.force_login(world.auditor)
    assert client.get(url("detail", assessment.pk)).status_code == 404
    assert client.get(url("evidence-download", evidence.pk)).status_code == 404


def test_auditor_of_a_cancelled_audit_gets_404(client, world, media_root):
    assessment = audited(world, media_root, status=Audit.Status.CANCELLED)
    client.force_login(world.auditor)
    assert client.get(url("detail", assessment.pk)).status_code == 404


def test_auditor_on_the_team_cannot_edit(client, world, media_root):
    assessment = audited(world, media_root)
    client.force_login(world.auditor)
    assert client.post(url("diagnosis", assessment.pk), {"version": assessment.version}).status_code == 403


def test_coordinator_of_b_cannot_save_as_a(client, world, draft):
    client.force_login(world.coordinator_b)
    response = client.post(url("diagnosis", draft.pk), {"version": draft.version, "diagnosis_findings": "Obce"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.diagnosis_findings == ""


def test_kwp_staff_cannot_fill_in_a_self_assessment(client, world, draft):
    client.force_login(world.kwp)
    assert client.post(url("plan", draft.pk), {"threat": "x"}).status_code == 403


def test_action_item_of_another_self_assessment_is_404(coordinator_client, world, draft):
    other = ActionPlanItemFactory(self_assessment=self_assessment_for(world.institution_b))
    assert coordinator_client.get(url("plan-item-edit", draft.pk, other.pk)).status_code == 404


def test_criterion_of_another_rulebook_is_404(coordinator_client, draft):
    university = self_assessment_for(UniversityFactory(), edition=draft.enrolment.edition)
    criterion = university.enrolment.rulebook.areas.first().criteria.first()
    response = coordinator_client.post(url("criterion-save", draft.pk, criterion.pk), {f"c{criterion.pk}-version": 0})
    assert response.status_code == 404


# --- Evidence download -------------------------------------------------------------------------


def test_download_sends_the_file_with_safe_headers(coordinator_client, world, draft, media_root):
    evidence = EvidenceFactory(answer=answer_all(draft)[0], original_name="Protokół wizji.pdf")
    response = coordinator_client.get(url("evidence-download", evidence.pk))
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Protokol wizji.pdf\"; filename*=UTF-8''Protok%C3%B3%C5%82%20wizji.pdf"
    )


def test_evidence_is_stored_under_a_random_name_and_not_served_publicly(client, draft, media_root):
    evidence = EvidenceFactory(answer=answer_all(draft)[0])
    folder, name = evidence.file.name.rsplit("/", 1)
    assert folder == f"evidence/{draft.pk}"
    assert len(name) == 32 and all(c in "0123456789abcdef" for c in name)
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


# --- Saving through the pages ------------------------------------------------------------------


def diagnosis_data(version: int, findings: str) -> dict:
    return {"version": version, "surveyed_students": 100, "surveyed_parents": 40, "surveyed_teachers": 12,
            "site_inspection_date": "2026-10-01", "diagnosis_findings": findings, "dangerous_places": "Szatnia"}


def test_second_tab_saving_an_old_version_is_refused_and_sees_fresh_data(coordinator_client, draft):
    loaded = draft.version
    coordinator_client.post(url("diagnosis", draft.pk), diagnosis_data(loaded, "Z pierwszej karty"))
    response = coordinator_client.post(
        url("diagnosis", draft.pk), diagnosis_data(loaded, "Z drugiej karty"), follow=True
    )
    assert any("nie zostały zapisane" in m for m in messages_of(response))
    assert "Z pierwszej karty" in response.content.decode()
    draft.refresh_from_db()
    assert draft.diagnosis_findings == "Z pierwszej karty"


def test_action_plan_offers_current_partnerships_only(coordinator_client, world, draft):
    current = PartnershipFactory(institution=world.institution_a, partner__name="Straż Miejska w Bochni")
    PartnershipFactory(institution=world.institution_a, partner__name="Stary Partner Sp. z o.o.",
                       started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2021, 1, 1))
    PartnershipFactory(institution=world.institution_b, partner__name="Partner Szkoły B")
    choices = coordinator_client.get(url("plan", draft.pk)).context["form"].fields["partnerships"].queryset
    assert current in choices
    assert {p.partner.name for p in choices} == {p.partner.name for p in world.institution_a.partnerships.current()}


def test_adding_an_action_with_a_partner(coordinator_client, world, draft):
    partnership = PartnershipFactory(institution=world.institution_a)
    coordinator_client.post(url("plan", draft.pk), {
        "version": 0, "threat": "Przemoc w szatni", "goal": "Bezpieczna szatnia", "action": "Monitoring i dyżury",
        "partnerships": [partnership.pk], "deadline": "2027-02-28", "status": "planned", "effect": "",
    })
    item = draft.action_items.get()
    assert list(item.partnerships.all()) == [partnership]


def test_upload_with_the_criterion_save(coordinator_client, draft, media_root):
    criterion = draft.enrolment.rulebook.areas.get(number=1).criteria.get(code="1.1")
    prefix = f"c{criterion.pk}"
    response = coordinator_client.post(url("criterion-save", draft.pk, criterion.pk), {
        f"{prefix}-version": 0, f"{prefix}-score": 8, f"{prefix}-description": "Ankiety w 3 klasach",
        f"{prefix}-file": SimpleUploadedFile("ankiety.pdf", PDF_BYTES),
    })
    assert response.status_code == 302
    answer = CriterionAnswer.objects.get(self_assessment=draft, criterion=criterion)
    assert answer.score == 8
    assert [e.original_name for e in answer.evidence.all()] == ["ankiety.pdf"]


def test_oversize_upload_is_refused_with_a_message_and_nothing_saved(coordinator_client, draft, media_root):
    criterion = draft.enrolment.rulebook.areas.get(number=1).criteria.get(code="1.1")
    prefix = f"c{criterion.pk}"
    response = coordinator_client.post(url("criterion-save", draft.pk, criterion.pk), {
        f"{prefix}-version": 0, f"{prefix}-score": 8,
        f"{prefix}-file": SimpleUploadedFile("duzy.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES),
    })
    assert response.status_code == 200
    assert "Limit to 10 MB na jeden plik." in response.content.decode()
    assert not CriterionAnswer.objects.filter(self_assessment=draft).exists()


def test_submit_lists_what_is_missing(coordinator_client, draft):
    response = coordinator_client.post(url("submit", draft.pk), follow=True)
    assert any("Plan działania: dodaj co najmniej jedno działanie." in m for m in messages_of(response))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submitted_self_assessment_is_read_only_for_the_coordinator(coordinator_client, world, draft, media_root):
    self_assessment_submit(assessment=complete(draft), by=world.coordinator_a)
    response = coordinator_client.get(url("diagnosis", draft.pk))
    assert response.context["can_edit"] is False
    assert "Zapisz diagnozę" not in response.content.decode()


def test_returned_comment_is_shown_to_the_coordinator(client, world, draft, media_root):
    self_assessment_submit(assessment=complete(draft), by=world.coordinator_a)
    client.force_login(world.kwp)
    client.post(url("return", draft.pk), {"comment": "Proszę dołączyć protokół."})
    client.force_login(world.coordinator_a)
    assert "Proszę dołączyć protokół." in client.get(url("detail", draft.pk)).content.decode()


def test_return_without_a_comment_keeps_it_submitted(client, world, draft, media_root):
    self_assessment_submit(assessment=complete(draft), by=world.coordinator_a)
    client.force_login(world.kwp)
    client.post(url("return", draft.pk), {"comment": ""})
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_print_view_shows_every_section(client, world, draft, media_root):
    complete(draft)
    client.force_login(world.kwp)
    page = client.get(url("print", draft.pk)).content.decode()
    for text in ("Diagnoza", "Zintegrowany Plan Działania", "Przemoc rówieśnicza na przerwach", "1.1 Diagnoza zagrożeń",
                 "Protokół z wizji lokalnej.pdf", "35 / 35"):
        assert text in page


# --- The KWP review list -----------------------------------------------------------------------


def review(client, **params) -> list[SelfAssessment]:
    response = client.get(url("review-list"), params)
    return [assessment for assessment, _progress in response.context["rows"]]


def test_review_list_filters_by_status(kwp_client, world):
    edition = current_edition()
    submitted = self_assessment_for(world.institution_a, edition=edition, status=Status.SUBMITTED)
    self_assessment_for(world.institution_b, edition=edition)
    assert review(kwp_client, edition=edition.pk, status="submitted") == [submitted]


def test_review_list_filters_by_county(kwp_client, world):
    edition = current_edition()
    in_bochnia = self_assessment_for(world.institution_a, edition=edition)
    self_assessment_for(world.institution_b, edition=edition)
    assert review(kwp_client, edition=edition.pk, county=county("1201").pk) == [in_bochnia]


def test_review_list_filters_by_programme(kwp_client, world):
    edition = current_edition()
    university = self_assessment_for(UniversityFactory(), edition=edition)
    self_assessment_for(world.institution_a, edition=edition)
    assert review(kwp_client, edition=edition.pk, programme="UWPB") == [university]


def test_review_list_searches_by_name(kwp_client, world):
    edition = current_edition()
    self_assessment_for(world.institution_a, edition=edition)
    tarnow = self_assessment_for(world.institution_b, edition=edition)
    assert review(kwp_client, edition=edition.pk, q="tarnowie") == [tarnow]


def test_review_list_shows_progress(kwp_client, world, media_root):
    edition = current_edition()
    assessment = self_assessment_for(world.institution_a, edition=edition)
    answers = answer_all(assessment)
    CriterionAnswer.objects.filter(pk=answers[0].pk).update(score=None)
    [(row, progress)] = kwp_client.get(url("review-list"), {"edition": edition.pk}).context["rows"]
    assert (progress.criteria_filled, progress.criteria_total, progress.evidence_present, progress.evidence_total) == (
        3,
        4,
        0,
        1,
    )


@pytest.mark.parametrize("rows", [1, 10])
def test_review_list_queries_do_not_grow_with_rows(kwp_client, world, rows, django_assert_num_queries):
    edition = current_edition()
    for _ in range(rows):
        self_assessment_for(InstitutionFactory(), edition=edition)
    # session, user, current edition, the chosen edition (form validation), count, page of rows with
    # progress, status counts, not-started count, edition options (iterated twice by the select
    # template), county options, not-started list: its count and its page
    with django_assert_num_queries(13):
        response = kwp_client.get(url("review-list"), {"edition": edition.pk})
    assert len(response.context["rows"]) == rows


# --- Start page, menu and institution page -----------------------------------------------------


# The start page's self-assessment cards and counts moved to the reports app (reports/tests).


def test_menu_has_self_assessments_for_kwp_only(client, world):
    review_url = url("review-list")
    client.force_login(world.kwp)
    assert review_url in client.get(reverse("dashboard")).content.decode()
    client.force_login(world.coordinator_a)
    assert review_url not in client.get(reverse("dashboard")).content.decode()


def test_institution_page_lists_its_self_assessments(coordinator_client, world, draft):
    page = coordinator_client.get(world.institution_a.get_absolute_url()).content.decode()
    assert url("detail", draft.pk) in page


# --- Dangerous places (the diagnosis' list) ----------------------------------------------------


def test_the_coordinator_lists_a_dangerous_place_on_the_diagnosis_tab(coordinator_client, world, draft):
    item = ActionPlanItemFactory(self_assessment=draft, goal="Bezpieczne przejście")
    url = reverse("audits:self-assessment-place-add", args=[draft.pk])
    data = {"place": "Przejście przy ul. Kolejowej", "kind": "road", "source": "survey", "status": "open",
            "action_item": item.pk, "reinspect_on": "2030-03-01", "description": "Brak świateł"}
    assert coordinator_client.post(url, data).status_code == 302
    place = draft.places.get()
    assert (place.action_item, place.reinspect_on) == (item, datetime.date(2030, 3, 1))
    page = coordinator_client.get(reverse("audits:self-assessment-diagnosis", args=[draft.pk])).content.decode()
    assert "Przejście przy ul. Kolejowej" in page and "Bezpieczne przejście" in page
    coordinator_client.post(reverse("audits:self-assessment-place-update", args=[draft.pk, place.pk]),
                            {f"p{place.pk}-status": "resolved", f"p{place.pk}-reinspect_on": "2030-04-02"})
    place.refresh_from_db()
    assert (place.status, place.reinspect_on) == ("resolved", datetime.date(2030, 4, 2))
    coordinator_client.post(reverse("audits:self-assessment-place-update", args=[draft.pk, place.pk]),
                            {f"p{place.pk}-status": "nonsense"})
    place.refresh_from_db()
    assert place.status == "resolved"
    coordinator_client.post(reverse("audits:self-assessment-place-delete", args=[draft.pk, place.pk]))
    assert not draft.places.exists()


def test_a_place_with_bad_input_or_another_plan_s_action_is_refused(coordinator_client, world, draft):
    other = ActionPlanItemFactory()
    url = reverse("audits:self-assessment-place-add", args=[draft.pk])
    response = coordinator_client.post(url, {"place": "", "kind": "road", "source": "survey", "status": "open"})
    assert response.status_code == 200 and "To pole jest wymagane." in response.content.decode()
    response = coordinator_client.post(url, {"place": "Boisko", "kind": "green", "source": "police", "status": "open",
                                             "action_item": other.pk})
    assert response.status_code == 200
    assert not draft.places.exists()
