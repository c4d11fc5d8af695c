from django.urls import path

from ..views import editions as views

urlpatterns = [
    path("rulebooks/", views.rulebook_list, name="rulebook-list"),
    path("rulebooks/new/", views.rulebook_create, name="rulebook-create"),
    path("rulebooks/<int:pk>/", views.rulebook_detail, name="rulebook-detail"),
    path("rulebooks/<int:pk>/edit/", views.rulebook_edit, name="rulebook-edit"),
    path("rulebooks/<int:pk>/copy/", views.rulebook_copy, name="rulebook-copy"),
    path("rulebooks/<int:pk>/delete/", views.rulebook_delete, name="rulebook-delete"),
    path("rulebooks/<int:pk>/areas/new/", views.area_create, name="area-create"),
    path("rulebooks/areas/<int:pk>/edit/", views.area_edit, name="area-edit"),
    path("rulebooks/areas/<int:pk>/delete/", views.area_delete, name="area-delete"),
    path("rulebooks/areas/<int:pk>/criteria/new/", views.criterion_create, name="criterion-create"),
    path("rulebooks/criteria/<int:pk>/edit/", views.criterion_edit, name="criterion-edit"),
    path("rulebooks/criteria/<int:pk>/delete/", views.criterion_delete, name="criterion-delete"),
    path("editions/", views.edition_list, name="edition-list"),
    path("editions/new/", views.edition_create, name="edition-create"),
    path("editions/<int:pk>/", views.edition_detail, name="edition-detail"),
    path("editions/<int:pk>/edit/", views.edition_edit, name="edition-edit"),
    path("editions/<int:pk>/enrol/", views.edition_enrol, name="edition-enrol"),
    path("editions/<int:pk>/enrol/<int:institution_pk>/", views.enrolment_create, name="enrolment-create"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/extend/", views.enrolment_extend, name="enrolment-extend"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment-withdraw"),
]
