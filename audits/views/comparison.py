"""KWP's view of each criterion across the region: average self-score against average audit score."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from core.ui import PAGE_SIZE
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Programme
from institutions.permissions import kwp_required

from ..forms.comparison import ComparisonFilterForm
from ..selectors.comparison import criteria_comparison
from ..selectors.self_assessments import current_or_latest_edition


@kwp_required
def criteria_comparison_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    default = current_or_latest_edition()
    form = ComparisonFilterForm(request.GET or None, initial={"edition": default, "programme": Programme.SPB})
    filters = form.cleaned_data if form.is_valid() else {}
    edition = filters.get("edition") or default
    programme = filters.get("programme") or Programme.SPB
    context = {"form": form, "edition": edition, "programme": Programme(programme)}
    if edition is not None:
        criteria = criteria_comparison(user=request.user, edition=edition, programme=programme,
                                       county=filters.get("county"))
        page = Paginator(criteria, PAGE_SIZE).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "rulebook": edition.rulebook_for(programme),
        }
    return render(request, "audits/comparison/criteria.html", context)
