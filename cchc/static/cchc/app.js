// Small behaviours the pages need, kept out of the templates: the Content-Security-Policy
// allows no inline scripts or on*= handlers.
(function () {
  "use strict";
  // <select data-autosubmit>: submit its form when the choice changes (the unit switcher).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // The menu's groups (<details class="nav-group">): one open at a time; a click elsewhere or
  // Escape closes it. Without this script each group still opens and closes on its own.
  function closeGroups(except) {
    document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
      if (group !== except) {
        group.removeAttribute("open");
      }
    });
  }
  document.addEventListener("toggle", function (event) {
    var target = event.target;
    if (target instanceof HTMLDetailsElement && target.classList.contains("nav-group") && target.open) {
      closeGroups(target);
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element) || !event.target.closest("details.nav-group")) {
      closeGroups(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeGroups(null);
    }
  });
})();
