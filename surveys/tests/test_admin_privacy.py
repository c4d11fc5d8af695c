"""The admin shows the survey records read-only and never a written answer (only the school's coordinators
read those, on the results page)."""

import pytest
from django.urls import reverse

from surveys.models import Answer

from .factories import respond

pytestmark = pytest.mark.django_db


def test_a_superuser_sees_no_written_answer_in_the_admin(client, school):
    respond(school.round, 1, text="Ciemny przystanek przy szkole")
    answer = Answer.objects.exclude(text="").get()
    school.kwp.is_superuser = school.kwp.is_staff = True
    school.kwp.save()
    client.force_login(school.kwp)

    page = client.get(reverse("admin:surveys_answer_change", args=[answer.pk]))
    listing = client.get(reverse("admin:surveys_answer_changelist"))

    assert page.status_code == 200 and listing.status_code == 200
    assert "Ciemny przystanek" not in page.content.decode() + listing.content.decode()
