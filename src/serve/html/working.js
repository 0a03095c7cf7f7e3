// Long work shows progress. When a form marked data-working is sent, its buttons are disabled
// (so the work is not asked for twice) and say "Working…", and its status line, which screen
// readers announce (role="status"), says what is being done. Without this script every form
// works the same; it only does not say so. No other script runs on these pages.
(function () {
  "use strict";

  function buttons(form) {
    return form.querySelectorAll("button, input[type=submit]");
  }

  function status(form) {
    var s = form.querySelector("[data-working-status]");
    if (!s) {
      s = document.createElement("p");
      s.className = "hint working";
      s.setAttribute("role", "status");
      s.setAttribute("aria-live", "polite");
      s.setAttribute("data-working-status", "");
      form.appendChild(s);
    }
    return s;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-working")) {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("aria-busy", "true");
    var line = status(form);
    // After the browser has read the form: a disabled button is not sent with it.
    window.setTimeout(function () {
      Array.prototype.forEach.call(buttons(form), function (b) {
        b.setAttribute("data-label", b.textContent);
        b.textContent = "Working…";
        b.disabled = true;
      });
      line.textContent = (form.getAttribute("data-working") || "Working…") +
        " This can take a minute; the page changes when it is done.";
    }, 0);
  });

  // Back to a page kept by the browser: its forms can be sent again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[aria-busy=true]"), function (form) {
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(buttons(form), function (b) {
        if (b.hasAttribute("data-label")) {
          b.textContent = b.getAttribute("data-label");
        }
        b.disabled = false;
      });
      status(form).textContent = "";
    });
  });
})();
