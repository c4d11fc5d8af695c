"""The security log: one structured line (logger zpb.audit) per login, failed login, lockout, refusal, export,
download, and certificate issue and revocation; no traceback from Django for a refused request."""

import logging

import pytest
from django.urls import reverse

from certification.services import certificate_issue, certificate_revoke
from certification.tests import factories
from core.audit import audit
from zpb.tests.world import PASSWORD


def audit_lines(caplog, but_logins=False) -> list[str]:
    lines = [record.getMessage() for record in caplog.records if record.name == "zpb.audit"]
    return [line for line in lines if not line.startswith("event=login ")] if but_logins else lines


@pytest.fixture(autouse=True)
def _capture(caplog):
    caplog.set_level(logging.INFO)


def test_a_login_and_a_failed_login_are_logged_with_the_address(client, world, caplog, settings):
    settings.AXES_ENABLED = True
    client.post(reverse("login"), {"username": "kwp", "password": "zle"}, REMOTE_ADDR="203.0.113.7")
    client.post(reverse("login"), {"username": "kwp", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert audit_lines(caplog) == [
        "event=login_failed username=kwp ip=203.0.113.7",
        f"event=login user=kwp user_id={world.kwp.pk} ip=203.0.113.7",
    ]


def test_a_lockout_is_logged(client, world, caplog, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        client.post(reverse("login"), {"username": "kwp", "password": "zle"}, REMOTE_ADDR="203.0.113.7")
    assert "event=lockout username=kwp ip=203.0.113.7" in audit_lines(caplog)


def test_a_typed_user_name_cannot_forge_a_line_or_a_key(client, db, caplog, settings):
    settings.AXES_ENABLED = True
    client.post(reverse("login"), {"username": "x\nevent=login user=kwp", "password": "zle"}, REMOTE_ADDR="10.0.0.1")
    assert audit_lines(caplog) == ['event=login_failed username="x\\nevent=login user=kwp" ip=10.0.0.1']


def test_a_refusal_is_one_line_without_a_traceback(client, world, caplog):
    client.force_login(world.coordinator_b)
    url = reverse("institutions:detail", args=[world.institution_a.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator_a)
    assert client.get(reverse("reports:export-self-assessments")).status_code == 403
    lines = audit_lines(caplog, but_logins=True)
    assert lines[0] == (f"event=refused status=404 method=GET path={url} url=institutions:detail "
                        f"user=koordynator_b user_id={world.coordinator_b.pk} ip=127.0.0.1")
    assert lines[1].startswith("event=refused status=403 method=GET path=/")
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert not [r for r in caplog.records if r.exc_info]


def test_an_unknown_address_is_nobodys_refusal(client, db, caplog):
    client.get("/wp-login.php")
    assert audit_lines(caplog) == []


def test_an_export_is_logged_when_ordered_and_when_downloaded(client, world, caplog,
                                                               django_capture_on_commit_callbacks):
    from reports.models import ExportJob
    from reports.services.export_jobs import export_job_build

    client.force_login(world.kwp)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("reports:export-institutions") + "?format=csv&q=Bochnia")
    callbacks[0]()  # the log line; the dispatch (callbacks[1]) is left out: the build runs here
    job = ExportJob.objects.get()
    export_job_build(job_id=job.pk)
    b"".join(client.get(reverse("reports:export-job-download", args=[job.pk])).streaming_content)
    path = f"/reports/exports/mine/{job.pk}/download/"
    assert audit_lines(caplog, but_logins=True) == [
        f"event=export_ordered kind=institutions format=csv job_id={job.pk} filters=\"q=Bochnia\" user=kwp",
        f"event=export url=reports:export-job-download path={path} query=- user=kwp user_id={world.kwp.pk} "
        "ip=127.0.0.1",
    ]


def test_certificate_issue_and_revocation_are_logged(kwp, caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(decision=factories.decision(), by=kwp, dispatch=False)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=kwp, reason="Dane niezgodne z prawdą")
    assert audit_lines(caplog) == [
        f"event=certificate_issued number={certificate.number} certificate_id={certificate.pk} "
        f"institution_id={certificate.institution_id} user={kwp.username}",
        f"event=certificate_revoked number={certificate.number} certificate_id={certificate.pk} "
        f"institution_id={certificate.institution_id} user={kwp.username}",
    ]


def test_values_with_spaces_are_quoted(caplog):
    audit("x", name="Szkoła nr 1", empty="")
    assert audit_lines(caplog) == ['event=x name="Szkoła nr 1" empty=-']
