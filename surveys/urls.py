from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # A school's rounds and results: its coordinators (and KWP staff, reading).
    path("enrolment/<int:pk>/", views.enrolment_surveys, name="enrolment"),
    path("enrolment/<int:pk>/new/", views.round_create, name="round-create"),
    path("enrolment/<int:pk>/results/", views.enrolment_results, name="results"),
    path("enrolment/<int:pk>/results.pdf", views.enrolment_results_pdf, name="results-pdf"),
    path("enrolment/<int:pk>/results/attach/", views.enrolment_results_attach, name="results-attach"),
    path("enrolment/<int:pk>/fill-self-assessment/", views.self_assessment_fill, name="fill-self-assessment"),
    path("round/<int:pk>/", views.round_detail, name="round-detail"),
    path("round/<int:pk>/close/", views.round_close, name="round-close"),
    path("round/<int:pk>/letter.pdf", views.round_letter, name="round-letter"),
    path("round/<int:pk>/questionnaire.pdf", views.round_paper, name="round-paper"),
    path("round/<int:pk>/paper/", views.round_tally, name="round-tally"),
    # Questionnaires and the region: KWP staff.
    path("questionnaires/", views.questionnaire_list, name="questionnaire-list"),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire-detail"),
    path("questionnaires/<int:pk>/copy/", views.questionnaire_copy, name="questionnaire-copy"),
    path("questionnaires/<int:pk>/publish/", views.questionnaire_publish, name="questionnaire-publish"),
    path("questionnaires/<int:pk>/questions/new/", views.question_create, name="question-create"),
    path("questions/<int:pk>/", views.question_edit, name="question-edit"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question-delete"),
    path("region/", views.region, name="region"),
]
