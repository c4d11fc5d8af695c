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

document.addEventListener("keydown", (event) => {
  // A field whose Enter means its own button (e.g. the look-up inside a larger form), not the form's default.
  const target = event.target.closest && event.target.closest("[data-enter-clicks]");
  if (event.key === "Enter" && target) {
    event.preventDefault();
    document.querySelector(target.dataset.enterClicks)?.click();
  }
});

// Forms after a failed submit: a summary at the top lists every problem, links to its field and takes the
// focus, so keyboard and screen-reader users learn at once what to correct. Works for every form: it reads
// the error marks the server rendered (Bootstrap's is-invalid / invalid-feedback, alert-danger boxes).
function fieldLabel(field) {
  const label = field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  const text = label ? label.textContent : field.getAttribute("aria-label") || field.name;
  return text.replace(/\*/g, "").replace(/\s+/g, " ").trim();
}

function fieldMessage(field) {
  const box = field.closest("[id^=div_], .mb-3, .form-check, fieldset") || field.parentElement;
  const feedback = box && box.querySelector(".invalid-feedback, .invalid-tooltip");
  return feedback ? feedback.textContent.replace(/\s+/g, " ").trim() : "";
}

function buildErrorSummary(form, title) {
  const items = [];
  form.querySelectorAll(".alert-danger").forEach((box) => {
    const text = box.textContent.replace(/\s+/g, " ").trim();
    if (text) items.push({ text });
  });
  const seen = new Set();
  form.querySelectorAll(".is-invalid").forEach((field) => {
    if (!field.id || seen.has(field.name)) return;
    seen.add(field.name);
    const message = fieldMessage(field);
    items.push({ text: message ? `${fieldLabel(field)}: ${message}` : fieldLabel(field), target: field });
  });
  if (!items.length) return null;
  const summary = document.createElement("div");
  summary.className = "alert alert-danger error-summary";
  summary.setAttribute("role", "alert");
  summary.tabIndex = -1;
  const heading = document.createElement("p");
  heading.className = "fw-semibold mb-1";
  heading.textContent = title;
  const list = document.createElement("ul");
  list.className = "mb-0";
  items.forEach(({ text, target }) => {
    const item = document.createElement("li");
    if (target) {
      const link = document.createElement("a");
      link.href = `#${target.id}`;
      link.textContent = text;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "center" });
      });
      item.append(link);
    } else {
      item.textContent = text;
    }
    list.append(item);
  });
  summary.append(heading, list);
  form.prepend(summary);
  return summary;
}

document.addEventListener("DOMContentLoaded", () => {
  const body = document.body;
  let focused = false;
  document.querySelectorAll("main form").forEach((form) => {
    if (body.dataset.requiredNote && form.querySelector(".asteriskField") && !form.querySelector(".required-note")) {
      const note = document.createElement("p");
      note.className = "small text-body-secondary required-note";
      note.textContent = body.dataset.requiredNote;
      form.prepend(note);
    }
    if (!form.querySelector(".is-invalid")) return;  // only forms the server sent back with field errors
    const summary = buildErrorSummary(form, body.dataset.errorSummary);
    if (summary && !focused) {
      summary.focus();
      focused = true;
    }
  });
});

// An optional group (e.g. a second coordinator): its fields become required, with the * marker, once
// anything in the group is filled in, and optional again when it is emptied.
document.addEventListener("input", (event) => {
  const group = event.target.closest && event.target.closest("fieldset");
  if (!group || !group.querySelector("[data-required-if-started]")) return;
  const fields = [...group.querySelectorAll("input, select, textarea")].filter((f) => f.type !== "hidden");
  const started = fields.some((f) => (f.type === "checkbox" ? f.checked : f.value.trim() !== ""));
  group.querySelectorAll("[data-required-if-started]").forEach((field) => {
    field.required = started;
    const label = field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    const mark = label && label.querySelector(".asteriskField");
    if (started && label && !mark) {
      const star = document.createElement("span");
      star.className = "asteriskField";
      star.textContent = "*";
      label.append(star);
    } else if (!started && mark) {
      mark.remove();
    }
  });
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
