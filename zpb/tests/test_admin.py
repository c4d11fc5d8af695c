"""Django's admin is registered for every model, and only superusers get in."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from zpb.local_apps import LOCAL_APPS

pytestmark = pytest.mark.django_db


def test_every_model_is_registered():
    models = [m for app in LOCAL_APPS for m in apps.get_app_config(app).get_models()]
    missing = [m.__name__ for m in models if m not in admin.site._registry and not m.__name__.startswith("Historical")]
    assert not missing, f"not in the admin: {missing}"


def test_superuser_sees_every_changelist(client, world):
    world.kwp.is_superuser = world.kwp.is_staff = True
    world.kwp.save()
    client.force_login(world.kwp)
    for model in admin.site._registry:
        if model._meta.app_label in LOCAL_APPS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
