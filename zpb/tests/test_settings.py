import pytest
from django.core.exceptions import ImproperlyConfigured

from zpb.settings import envbool, envlist, envsecret


def test_envbool_is_strict(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG", "false") is True
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("FLAG", "false")


def test_envsecret_reads_the_file_variant(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("SOME_SECRET", "from-env")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert envsecret("SOME_SECRET") == "from-file"


def test_envlist_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.pl, ,b.pl")
    assert envlist("HOSTS", "") == ["a.pl", "b.pl"]
