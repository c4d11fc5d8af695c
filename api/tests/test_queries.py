"""A page of many rows costs a fixed number of queries, whatever its length."""

import pytest
from django.urls import reverse

from audits.tests.factories import EnrolmentFactory, SelfAssessmentFactory
from certification.tests import factories
from institutions.tests.factories import InstitutionFactory

from .helpers import token_client

pytestmark = pytest.mark.django_db

ROWS = 60
# Authentication (token by hash, with its user), last-used, then count + page; the session and throttle live in
# the cache. Room for the savepoints of the test database.
MAX_QUERIES = 6


@pytest.fixture
def many(world):
    edition = factories.edition(2030)
    for n in range(ROWS):
        institution = InstitutionFactory(coordinators=[world.coordinator_a])
        SelfAssessmentFactory(enrolment=EnrolmentFactory(institution=institution, edition=edition))
        if n % 6 == 0:
            factories.certificate(institution=institution, year=2024, by=world.kwp)
    return world


@pytest.mark.parametrize("name", ["api:institution-list", "api:enrolment-list", "api:audit-list",
                                  "api:certificate-list", "api:edition-list"])
def test_a_full_page_has_bounded_queries(many, name, django_assert_max_num_queries):
    client = token_client(many.kwp)
    client.get(reverse(name))  # the token's last-used time is written once a minute: not on the measured request
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(name), {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= (10 if name in ("api:audit-list", "api:certificate-list") else 1)


@pytest.mark.parametrize("name", ["api:register", "api:county-list", "api:police-unit-list"])
def test_public_lists_have_bounded_queries(many, name, django_assert_max_num_queries):
    from rest_framework.test import APIClient

    with django_assert_max_num_queries(3):
        response = APIClient().get(reverse(name), {"page_size": 100})
    assert response.status_code == 200 and response.json()["results"]
