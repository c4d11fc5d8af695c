"""The region's survey results leave the app as an export job: aggregates by county, never written answers."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audits.tests.factories import EnrolmentFactory
from audits.tests.factories_self_assessments import enrolment_for
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory, UserFactory, county
from reports.exports import write
from reports.models import ExportJob
from reports.services.export_jobs import ExportError, export_for
from surveys.tests.factories import default_questionnaires, respond, round_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(reference_data, settings):
    settings.SURVEY_MIN_RESPONDENTS = 2
    default_questionnaires()
    bochnia = round_for(enrolment_for(InstitutionFactory(county=county("1201"), type="primary")))
    tarnow = round_for(EnrolmentFactory(edition=bochnia.enrolment.edition,
                                        institution=InstitutionFactory(county=county("1263"), type="primary")))
    respond(bochnia, 3, pick=0, text="Ciemny przystanek")
    respond(tarnow, 1, pick=1)  # below the minimum: left out
    return bochnia


def cells_of(export) -> list[str]:
    target = io.BytesIO()
    write(export, "xlsx", target)
    book = load_workbook(io.BytesIO(target.getvalue()))
    return [str(c) for row in book.active.iter_rows(values_only=True) for c in row]


def test_the_export_holds_counties_above_the_minimum_and_no_written_answers(rounds):
    kwp = KwpStaffFactory()
    export = export_for(user=kwp, kind=ExportJob.Kind.SURVEY_RESULTS, parameters={
        "edition": [str(rounds.enrolment.edition_id)], "questionnaire": [str(rounds.questionnaire_id)]})
    cells = cells_of(export)
    assert "bocheński" in cells and "tarnów" not in " ".join(cells).lower().split()
    assert not any("Ciemny" in c for c in cells)


def test_only_kwp_staff_export_the_region(rounds):
    with pytest.raises(ExportError):
        export_for(user=UserFactory(), kind=ExportJob.Kind.SURVEY_RESULTS, parameters={})


def test_the_region_page_orders_the_export_as_a_job(client, rounds):
    kwp = KwpStaffFactory()
    client.force_login(kwp)
    page = client.get(reverse("surveys:region")).content.decode()
    assert reverse("reports:export-survey-results") in page
    response = client.post(reverse("reports:export-survey-results") + "?format=xlsx")
    job = ExportJob.objects.get(created_by=kwp)
    assert response.status_code == 302 and job.kind == ExportJob.Kind.SURVEY_RESULTS
