"""Exports a user may see: only their own (another user's job is a 404, whoever they are)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from institutions.models import User

from ..models import ExportJob


def export_job_list_for_user(*, user: User) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(created_by=user).order_by("-created_at", "-pk")


def get_export_job_for_user(*, user: User, pk: int) -> ExportJob:
    return get_object_or_404(export_job_list_for_user(user=user), pk=pk)
