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

// Scrollable tables (.table-responsive) must be reachable by keyboard when they scroll sideways (WCAG 2.1.1):
// while one scrolls it is a focusable region named after its caption, or else the heading before it.
// A table that fits stays a plain table (no extra tab stop, no extra landmark).
(() => {
  const label = (box) => {
    const caption = box.querySelector("caption");
    if (caption) return caption.textContent.trim();
    let node = box;
    while (node && node !== document.body) {
      let prev = node.previousElementSibling;
      while (prev) {
        const heading = prev.matches("h1,h2,h3,h4,h5,h6,legend") ? prev : prev.querySelector("h1,h2,h3,h4,h5,h6");
        if (heading) return heading.textContent.trim();
        prev = prev.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title.split("·")[0].trim();
  };
  const update = (box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.dataset.regionLabel);
    } else if (box !== document.activeElement) {
      ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
    }
  };
  const observer = "ResizeObserver" in window ? new ResizeObserver((entries) => entries.forEach((e) => update(e.target))) : null;
  const setUp = (root) => {
    root.querySelectorAll(".table-responsive:not([data-region-label])").forEach((box) => {
      box.dataset.regionLabel = label(box);
      update(box);
      if (observer) observer.observe(box);
    });
  };
  document.addEventListener("DOMContentLoaded", () => setUp(document));
  document.addEventListener("htmx:afterSettle", (event) => setUp(event.target));
})();

// Focus after a save or an error, so keyboard and screen-reader users land where the answer is (WCAG 2.4.3, 3.3.1):
// - a page that comes back with invalid fields focuses the first one; after a save, the message saying so;
// - an htmx swap that removed the focused element (e.g. a criterion's form) focuses its first invalid field,
//   or else the element with the same id in the new content (the Save button), never leaving focus on <body>.
// Anything else that takes focus first (autofocus, an error summary's own script) wins.
(() => {
  const lost = () => !document.activeElement || document.activeElement === document.body;
  const focus = (el) => {
    if (!el) return false;
    if (!el.matches("a[href], button, input, select, textarea, [tabindex]")) el.setAttribute("tabindex", "-1");
    el.focus();
    return true;
  };
  const firstInvalid = (root) => root && root.querySelector(".is-invalid:not([type=hidden]), [aria-invalid=true]");
  document.addEventListener("DOMContentLoaded", () => window.setTimeout(() => {
    if (!lost() || document.querySelector("[autofocus]")) return;
    focus(firstInvalid(document.querySelector("main"))) || focus(document.querySelector("main > .alert"));
  }, 0));
  let before = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    before = { focusId: document.activeElement && document.activeElement.id, targetId: event.detail.target.id };
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!before || !lost()) return;
    const target = before.targetId && document.getElementById(before.targetId);
    focus(firstInvalid(target)) || focus(before.focusId && document.getElementById(before.focusId)) || focus(target);
    before = null;
  });
})();
