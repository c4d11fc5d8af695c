from django.urls import path

from ..views import comparison as views

urlpatterns = [
    path("criteria/comparison/", views.criteria_comparison_view, name="criteria-comparison"),
]
