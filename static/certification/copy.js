// "Copy the code" buttons: <button data-copy="#textarea-id"> copies the field's text and says so in the
// element with data-copy-status="#textarea-id" (a live region). Vendored here: no inline scripts (CSP).
(function () {
  "use strict";

  function say(target, text) {
    var status = document.querySelector('[data-copy-status="' + target + '"]');
    if (status) status.textContent = text;
  }

  function fallback(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var target = button.getAttribute("data-copy");
    var field = document.querySelector(target);
    if (!field) return;
    var done = function () { say(target, button.getAttribute("data-copied")); };
    var failed = function () {
      say(target, fallback(field) ? button.getAttribute("data-copied") : button.getAttribute("data-copy-failed"));
    };
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, failed);
    } else {
      failed();
    }
  });
})();
