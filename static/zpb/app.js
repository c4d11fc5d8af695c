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

// Buttons marked data-print print the page (the CSP allows no inline handlers).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
