import threading

import pytest
from django.db import connection, transaction

from certification.models import Certificate
from certification.services import certificate_issue

from . import factories

pytestmark = pytest.mark.django_db


def test_numbers_are_readable_and_start_at_one_per_programme_and_year(reference_data):
    certificate = factories.certificate()
    assert certificate.number == f"SPB/{certificate.granted_on.year}/0001"


def test_numbers_follow_each_other(reference_data):
    first, second = factories.certificate(), factories.certificate()
    assert (first.sequence, second.sequence) == (1, 2)


def test_each_programme_has_its_own_series(reference_data):
    from institutions.tests.factories import UniversityFactory

    factories.certificate()
    university = factories.certificate(institution=UniversityFactory())
    assert university.number.startswith("UWPB/") and university.sequence == 1


def test_a_new_year_starts_a_new_series(reference_data):
    factories.certificate(year=2024)  # decided in 2025
    later = factories.certificate(year=2025)  # decided in 2026
    assert later.number.endswith("/0001")


def test_a_rolled_back_issue_gives_its_number_back(reference_data):
    granting = factories.decision()
    with pytest.raises(RuntimeError), transaction.atomic():
        certificate_issue(decision=granting, by=None, dispatch=False)
        raise RuntimeError("e.g. the request failed after issuing")
    assert certificate_issue(decision=granting, by=None, dispatch=False).sequence == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_issues_get_distinct_consecutive_numbers(reference_data):
    count = 8
    decisions = [factories.decision() for _ in range(count)]
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def issue(granting):
        try:
            connection.ensure_connection()  # connect first, so the issues themselves start together
            barrier.wait(timeout=10)
            certificate_issue(decision=granting, by=None, dispatch=False)
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(d,)) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == list(range(1, count + 1))
