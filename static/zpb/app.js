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
