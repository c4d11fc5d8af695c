import os
import secrets
import subprocess
import sys

from zpb.checks import celery_broker_check, pdf_signing_check


def test_inline_celery_is_flagged_for_production(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert [w.id for w in celery_broker_check(None)] == ["zpb.W001"]


def test_a_broker_satisfies_the_check(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert celery_broker_check(None) == []


def test_no_signing_key_is_flagged_for_production(settings):
    settings.PDF_SIGNING_P12 = ""
    assert [w.id for w in pdf_signing_check(None)] == ["zpb.W002"]


def test_a_signing_key_satisfies_the_check(signing):
    assert pdf_signing_check(None) == []


def test_a_signing_key_that_does_not_load_is_an_error(signing, settings):
    settings.PDF_SIGNING_P12_PASSWORD_FILE = ""
    settings.PDF_SIGNING_P12_PASSWORD = "wrong"
    assert [e.id for e in pdf_signing_check(None)] == ["zpb.E002"]


def test_an_unreadable_trusted_certificate_is_an_error(signing, settings, tmp_path):
    settings.PDF_SIGNING_TRUSTED_CERTS = [str(tmp_path / "missing.pem")]
    assert [e.id for e in pdf_signing_check(None)] == ["zpb.E002"]


def test_the_deploy_check_passes_with_the_demo_key_as_make_test_runs_it(tmp_path):
    """`make test` checks production settings with a throw-away key made by make_demo_signing_key."""
    test_only = {"DJANGO_ALLOW_ASYNC_UNSAFE", "FAST_PASSWORD_HASHER", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in test_only and not k.startswith("PDF_SIGNING")}
    env |= {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "zpb.example.pl",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}
    manage = [sys.executable, "manage.py"]
    check = [*manage, "check", "--deploy", "--fail-level", "WARNING"]
    without = subprocess.run(check, cwd=settings_dir(), env=env, capture_output=True, text=True)
    assert without.returncode == 1 and "zpb.W002" in without.stderr
    subprocess.run([*manage, "make_demo_signing_key", "--dir", str(tmp_path)], check=True, cwd=settings_dir(),
                   capture_output=True)
    env |= {"PDF_SIGNING_P12": str(tmp_path / "demo-signing.p12"),
            "PDF_SIGNING_P12_PASSWORD_FILE": str(tmp_path / "demo-signing.password")}
    result = subprocess.run(check, cwd=settings_dir(), env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def settings_dir():
    from django.conf import settings

    return settings.BASE_DIR
