"""Reads for partner confirmations: per item of a plan, and one for a user who may see its self-assessment."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from institutions.models import User

from ..models import PartnerConfirmation, SelfAssessment
from .self_assessments import self_assessment_list_for_user


def confirmations_by_item(assessment: SelfAssessment | None, *, confirmed_only: bool = False) -> dict[int, list]:
    """Item id → its confirmation links, oldest first (one query)."""
    if assessment is None:
        return {}
    qs = PartnerConfirmation.objects.filter(item__self_assessment=assessment).select_related("partnership__partner")
    if confirmed_only:
        qs = qs.filter(confirmed_at__isnull=False)
    grouped: dict[int, list] = defaultdict(list)
    for confirmation in qs:
        grouped[confirmation.item_id].append(confirmation)
    return dict(grouped)


def get_confirmation_for_user(*, user: User, pk: int, write: bool = False) -> PartnerConfirmation:
    """404 unless the user may see the self-assessment; 403 when `write` and the user is not a coordinator."""
    visible = self_assessment_list_for_user(user=user).values("pk")
    qs = PartnerConfirmation.objects.select_related("item__self_assessment", "partnership__partner")
    confirmation = get_object_or_404(qs.filter(item__self_assessment__in=visible), pk=pk)
    if write and not user.is_coordinator:
        raise PermissionDenied
    return confirmation
