
import pytest
from django.urls import reverse

from audits.tests.factories import EditionFactory, EnrolmentFactory, SelfAssessmentFactory
from institutions.tests.factories import InstitutionFactory, county
from surveys.models import Response
from surveys.results import enrolment_results, region_results

from .factories import respond, round_for

pytestmark = pytest.mark.django_db


def neighbour(school, teryt: str = "1201"):
    """Another primary school of this edition, in the given county."""
    other = EnrolmentFactory(edition=school.enrolment.edition, institution=InstitutionFactory(county=county(teryt)))
    return round_for(other)


def test_results_stay_hidden_below_the_minimum(client, school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 10
    respond(school.round, 9)
    client.force_login(school.coordinator)
    html = client.get(reverse("surveys:results", args=[school.enrolment.pk])).content.decode()
    assert "Za mało odpowiedzi, aby je pokazać bez ryzyka dla anonimowości" in html
    assert "w-pct-100" not in html
    respond(school.round, 1)
    html = client.get(reverse("surveys:results", args=[school.enrolment.pk])).content.decode()
    assert "Za mało odpowiedzi, aby je pokazać bez ryzyka dla anonimowości" not in html
    assert "w-pct-100" in html


def test_the_school_is_compared_with_its_county_and_the_region(school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 2
    respond(school.round, 2, pick=0)
    respond(neighbour(school), 2, pick=1)  # same county
    respond(neighbour(school, "1263"), 4, pick=1)  # Tarnów
    result = enrolment_results(enrolment=school.enrolment)[0]
    assert [(g.key, g.respondents) for g in result.groups] == [("school", 2), ("county", 4), ("region", 8),
                                                                ("previous", 0)]
    first = result.questions[0].options[0]
    assert (first.percent["school"], first.percent["county"], first.percent["region"]) == (100, 50, 25)


def test_the_previous_edition_is_compared(school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 1
    last_year = EditionFactory(start_year=school.enrolment.edition.start_year - 1)
    respond(round_for(EnrolmentFactory(edition=last_year, institution=school.institution)), 3, pick=1)
    respond(school.round, 1)
    result = enrolment_results(enrolment=school.enrolment)[0]
    assert result.groups[3].respondents == 3
    assert result.questions[0].options[1].percent["previous"] == 100


@pytest.mark.parametrize("responses", [1, 40])
def test_the_results_page_takes_a_fixed_number_of_queries(client, school, settings, django_assert_num_queries,
                                                          responses):
    settings.SURVEY_MIN_RESPONDENTS = 1
    respond(school.round, responses, text="Ciemno")
    respond(round_for(school.enrolment, "parents"), responses)
    SelfAssessmentFactory(enrolment=school.enrolment)
    client.force_login(school.coordinator)
    # session, user, enrolment; previous enrolment, questionnaires, questions, options, respondents online,
    # on paper, answers, tallies, free texts; for attaching the results PDF: the self-assessment, the rulebook,
    # the criteria asking about surveys (exists, then the choices)
    with django_assert_num_queries(16):
        assert client.get(reverse("surveys:results", args=[school.enrolment.pk])).status_code == 200
    # Again: every round's answer counts come from the cache (keyed by its responses), one query fewer.
    with django_assert_num_queries(15):
        assert client.get(reverse("surveys:results", args=[school.enrolment.pk])).status_code == 200


def test_cached_counts_follow_new_responses(school, settings):
    """A round's answer counts are cached under its number of responses and newest response: a new response
    (at the school or at a neighbour) is counted at once, the unchanged rounds come from the cache."""
    settings.SURVEY_MIN_RESPONDENTS = 1
    other = neighbour(school)
    respond(school.round, 1, pick=0)
    respond(other, 1, pick=0)
    first = enrolment_results(enrolment=school.enrolment)[0].questions[0].options
    assert (first[0].counts["school"], first[0].counts["county"], first[1].counts["county"]) == (1, 2, 0)
    respond(other, 2, pick=1)
    again = enrolment_results(enrolment=school.enrolment)[0]
    assert [g.respondents for g in again.groups[:3]] == [1, 4, 4]
    options = again.questions[0].options
    assert (options[0].counts["county"], options[1].counts["county"], options[1].percent["county"]) == (2, 2, 50)
    Response.objects.filter(round=other).order_by("-pk").first().delete()  # e.g. removed by an administrator
    options = enrolment_results(enrolment=school.enrolment)[0].questions[0].options
    assert (options[0].counts["county"], options[1].counts["county"]) == (2, 1)


def test_free_text_is_for_the_school_s_coordinators_only(client, school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 1
    respond(school.round, 2, text="Ciemny przystanek przy Kolejowej")
    client.force_login(school.coordinator)
    assert "Ciemny przystanek" in client.get(reverse("surveys:results", args=[school.enrolment.pk])).content.decode()
    client.force_login(school.kwp)
    assert "Ciemny przystanek" not in client.get(
        reverse("surveys:results", args=[school.enrolment.pk])).content.decode()


def test_kwp_sees_the_region_by_county(client, school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 2
    respond(school.round, 3, pick=0, text="Ciemny przystanek")
    respond(neighbour(school, "1263"), 1, pick=1)  # below the minimum: not shown
    data = region_results(edition=school.enrolment.edition, questionnaire=school.round.questionnaire)
    rows = {row.county.teryt if row.county else "region": row for row in data[0].rows}
    assert (rows["1201"].respondents, rows["1201"].shown, rows["1201"].percent[0]) == (3, True, 100)
    assert (rows["1263"].respondents, rows["1263"].shown) == (1, False)
    assert rows["region"].respondents == 4
    client.force_login(school.kwp)
    query = f"?edition={school.enrolment.edition.pk}&questionnaire={school.round.questionnaire.pk}"
    assert "bocheński" in client.get(reverse("surveys:region") + query).content.decode()
