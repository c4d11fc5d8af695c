from pathlib import Path

import pytest

from core.lib.pdf import LocalOnlyFetcher


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    root = tmp_path / "assets"
    root.mkdir()
    (root / "style.css").write_text("body { color: red }")
    (tmp_path / "secret.txt").write_text("secret")
    return root


def test_it_reads_files_under_its_root(assets):
    response = LocalOnlyFetcher(assets).fetch((assets / "style.css").as_uri())
    assert b"color: red" in response.read()


@pytest.mark.parametrize("url", [
    "https://example.com/style.css",
    "http://127.0.0.1/style.css",
    "data:text/css,body{}",
])
def test_it_refuses_other_protocols(assets, url):
    with pytest.raises(ValueError):
        LocalOnlyFetcher(assets).fetch(url)


def test_it_refuses_files_outside_its_root(assets):
    with pytest.raises(ValueError):
        LocalOnlyFetcher(assets).fetch((assets.parent / "secret.txt").as_uri())


def test_dot_dot_cannot_leave_the_root(assets):
    with pytest.raises(ValueError):
        LocalOnlyFetcher(assets).fetch(assets.as_uri() + "/../secret.txt")


def test_a_sibling_folder_with_the_same_prefix_is_outside(assets):
    sibling = assets.parent / "assets-other"
    sibling.mkdir()
    (sibling / "x.css").write_text("")
    with pytest.raises(ValueError):
        LocalOnlyFetcher(assets).fetch((sibling / "x.css").as_uri())


def test_without_a_root_it_refuses_everything(assets):
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch((assets / "style.css").as_uri())
