// Small progressive enhancements; every page works without them.
document.addEventListener("submit", (event) => {
  // Confirmation for forms marked data-confirm (e.g. submit, revoke, deactivate).
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  // Guard against double submission: disable the buttons once the form is on its way.
  if (!event.defaultPrevented && !form.hasAttribute("hx-post") && !form.dataset.allowResubmit) {
    window.setTimeout(() => form.querySelectorAll("button[type=submit]").forEach((b) => (b.disabled = true)), 0);
  }
});

document.addEventListener("keydown", (event) => {
  // A field whose Enter means its own button (e.g. the look-up inside a larger form), not the form's default.
  const target = event.target.closest && event.target.closest("[data-enter-clicks]");
  if (event.key === "Enter" && target) {
    event.preventDefault();
    document.querySelector(target.dataset.enterClicks)?.click();
  }
});
