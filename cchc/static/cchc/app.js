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
})();
