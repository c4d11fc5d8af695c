from django.urls import path

from . import views_public

app_name = "surveys-public"

urlpatterns = [
    path("<str:token>/", views_public.answer, name="answer"),
    path("<str:token>/dziekujemy/", views_public.answer_done, name="answer-done"),
]
