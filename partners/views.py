from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from institutions.permissions import kwp_required


@kwp_required
def partner_list(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/partner/list.html", {})
