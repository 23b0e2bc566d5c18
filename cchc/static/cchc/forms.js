// Long forms (progress update, unit report): behaviours kept out of the templates (the
// Content-Security-Policy allows no inline scripts). Loaded by the pages that need it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // The page was sent back with errors: put the cursor on the first field marked invalid.
    var bad = document.querySelector("[aria-invalid='true']");
    if (bad && typeof bad.focus === "function") {
      bad.focus();
      if (typeof bad.scrollIntoView === "function") bad.scrollIntoView({ block: "center" });
    }
  });
  // <button data-copy-from="id" data-copy-to="id">: copy one input's value into another
  // (the evidence's document date offered as the date of actual completion).
  document.addEventListener("click", function (event) {
    var b = event.target;
    if (!(b instanceof HTMLElement) || !b.hasAttribute("data-copy-from")) return;
    var from = document.getElementById(b.getAttribute("data-copy-from"));
    var to = document.getElementById(b.getAttribute("data-copy-to"));
    if (from && to && from.value) {
      to.value = from.value;
      to.dispatchEvent(new Event("change", { bubbles: true }));
    }
    event.preventDefault();
  });
})();
