from django.urls import path

from ..views import carry_over
from ..views import self_assessments as views

urlpatterns = [
    path("self-assessments/", views.self_assessment_review_list, name="self-assessment-review-list"),
    path(
        "enrolments/<int:enrolment_pk>/self-assessment/", views.self_assessment_open, name="self-assessment-open"
    ),
    path("self-assessments/<int:pk>/", views.self_assessment_detail, name="self-assessment-detail"),
    path("self-assessments/<int:pk>/diagnosis/", views.self_assessment_diagnosis, name="self-assessment-diagnosis"),
    path("self-assessments/<int:pk>/places/", views.dangerous_place_add, name="self-assessment-place-add"),
    path("self-assessments/<int:pk>/places/<int:place_pk>/", views.dangerous_place_update,
         name="self-assessment-place-update"),
    path("self-assessments/<int:pk>/places/<int:place_pk>/delete/", views.dangerous_place_delete,
         name="self-assessment-place-delete"),
    path("self-assessments/<int:pk>/plan/", views.self_assessment_plan, name="self-assessment-plan"),
    path(
        "self-assessments/<int:pk>/plan/<int:item_pk>/", views.action_item_edit, name="self-assessment-plan-item-edit"
    ),
    path(
        "self-assessments/<int:pk>/plan/<int:item_pk>/delete/",
        views.action_item_delete,
        name="self-assessment-plan-item-delete",
    ),
    path(
        "self-assessments/<int:pk>/carry-over/",
        carry_over.self_assessment_carry_over_view,
        name="self-assessment-carry-over",
    ),
    path("self-assessments/<int:pk>/criteria/", views.self_assessment_criteria, name="self-assessment-criteria"),
    path(
        "self-assessments/<int:pk>/criteria/<int:criterion_pk>/",
        views.criterion_answer_save,
        name="self-assessment-criterion-save",
    ),
    path("self-assessments/<int:pk>/recommendations/", views.self_assessment_recommendations,
         name="self-assessment-recommendations"),
    path("self-assessments/<int:pk>/submit/", views.self_assessment_submit, name="self-assessment-submit"),
    path("self-assessments/<int:pk>/return/", views.self_assessment_return, name="self-assessment-return"),
    path("self-assessments/<int:pk>/accept/", views.self_assessment_accept, name="self-assessment-accept"),
    path("self-assessments/<int:pk>/print/", views.self_assessment_print, name="self-assessment-print"),
    path("evidence/<int:pk>/", views.evidence_download, name="self-assessment-evidence-download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="self-assessment-evidence-delete"),
]
