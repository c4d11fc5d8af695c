from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    # The directory: KWP staff.
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("merge/", views.partner_merge_select, name="merge"),
    path("merge/confirm/", views.partner_merge_confirm, name="merge-confirm"),
    # An institution's partnerships: its coordinators and KWP staff.
    path("institution/<int:pk>/add/", views.partnership_add, name="partnership-add"),
    path("institution/<int:pk>/add/<int:partner_pk>/", views.partnership_add_existing, name="partnership-add-existing"),
    path(
        "institution/<int:pk>/partnerships/<int:partnership_pk>/edit/", views.partnership_edit, name="partnership-edit"
    ),
    path(
        "institution/<int:pk>/partnerships/<int:partnership_pk>/end/",
        views.partnership_end,
        name="partnership-end",
    ),
]
