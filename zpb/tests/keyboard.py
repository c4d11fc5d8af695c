"""Keyboard-only helpers for browser tests: move with Tab / Shift+Tab, type, press Enter or Space; never click.

`focused()` describes `document.activeElement` by its accessible name (label, aria-label or text) and whether
it is invalid (the server's `is-invalid`, or the browser's own constraint check), so tests can assert where
focus is after each save and each error.
"""

import re

from playwright.sync_api import Page

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: 'body', name: ''};
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const name = el.getAttribute('aria-label') || label || el.innerText || el.value || '';
  return {tag: el.tagName.toLowerCase(), name: name.replace(/\\s+/g, ' ').trim(), id: el.id,
          invalid: el.classList.contains("is-invalid") || (!!el.validity && !el.validity.valid)};
}"""


def focused(page: Page) -> dict:
    return page.evaluate(FOCUSED)


def focus_within(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && !!document.activeElement.closest(s)", selector)


def tab_to(page: Page, name: str | re.Pattern, *, backwards: bool = False, limit: int = 250) -> dict:
    """Press Tab (or Shift+Tab) until the focused element's accessible name matches `name`."""
    pattern = name if isinstance(name, re.Pattern) else re.compile(re.escape(name))
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        current = focused(page)
        if pattern.search(current["name"]):
            return current
        seen.append(current["name"][:40])
    raise AssertionError(f"no element named {pattern.pattern!r} reached by keyboard; passed: {seen[-30:]}")


def type_into(page: Page, name: str | re.Pattern, text: str) -> None:
    tab_to(page, name)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def follow_error_summary(page: Page, field: str) -> None:
    """After a failed submit: focus is on the error summary, which names `field`; its link takes focus there."""
    assert focus_within(page, ".error-summary"), focused(page)
    assert field in focused(page)["name"], focused(page)
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "a" and focused(page)["name"].startswith(field), focused(page)
    page.keyboard.press("Enter")
    assert focused(page)["name"].startswith(field) and focused(page)["invalid"], focused(page)


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    type_into(page, "Nazwa użytkownika", username)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/start/"))
