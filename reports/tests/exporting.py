"""Ordering an export as a user does (POST on the list's export URL), building it as the worker does, and
downloading the file through the app."""

from urllib.parse import urlencode

from django.urls import reverse

from reports.models import ExportJob
from reports.services.export_jobs import export_job_build


def order(client, user, url: str, *, queued: bool = True, **params) -> ExportJob:
    client.force_login(user)
    response = client.post(f"{url}?{urlencode(params, doseq=True)}")
    job = ExportJob.objects.filter(created_by=user).latest("pk")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    if queued:  # (with a real worker running, it may have taken the job already)
        assert job.status == ExportJob.Status.QUEUED and not job.file  # the request built nothing
    return job


def order_build_download(client, user, url: str, **params):
    job = order(client, user, url, **params)
    export_job_build(job_id=job.pk)  # what export_job_build_task runs in the worker
    response = client.get(reverse("reports:export-job-download", args=[job.pk]))
    assert response.status_code == 200
    return response
