from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/edit/", views.institution_edit, name="edit"),
    path("<int:pk>/toggle-active/", views.institution_toggle_active, name="toggle-active"),
    path("<int:pk>/coordinators/add/", views.coordinator_add, name="coordinator-add"),
    path("<int:pk>/coordinators/search/", views.coordinator_search, name="coordinator-search"),
    path("<int:pk>/coordinators/<int:user_pk>/remove/", views.coordinator_remove, name="coordinator-remove"),
    path("import/", views.rspo_import_upload, name="rspo-import"),
    path("import/<int:pk>/", views.rspo_import_preview, name="rspo-import-preview"),
    path("import/<int:pk>/apply/", views.rspo_import_apply, name="rspo-import-apply"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user-edit"),
    path("users/<int:pk>/toggle-active/", views.user_toggle_active, name="user-toggle-active"),
    path("users/<int:pk>/invite/", views.user_invite, name="user-invite"),
    path("<int:pk>/coordinators/invite/", views.coordinator_invite, name="coordinator-invite"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/accept/", views.application_accept, name="application-accept"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application-reject"),
]
