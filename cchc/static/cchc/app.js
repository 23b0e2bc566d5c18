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
  // <input type="checkbox" data-select-all="NAME">: ticks or clears every checkbox NAME of its form;
  // shown only when this script runs (hidden otherwise: the boxes still work one by one).
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var holder = box.closest("[hidden]");
    if (holder) {
      holder.hidden = false;
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.form) {
      return;
    }
    var name = target.getAttribute("data-select-all");
    if (name) {
      target.form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });
  // [data-unit-picker]: a list of units to tick gets a search box (accent-insensitive: "so tu
  // phap" finds "Sở Tư pháp"); rows or labels that do not match are hidden, ticked ones stay.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  document.querySelectorAll("[data-unit-picker]").forEach(function (picker) {
    var items = picker.querySelectorAll("tr:has(input[type=checkbox]), label:has(input[type=checkbox])");
    if (items.length < 6) {
      return;
    }
    var search = document.createElement("input");
    search.type = "search";
    search.className = "unit-picker-search";
    search.placeholder = document.documentElement.lang === "en"
      ? "Search units (accents optional)" : "Tìm đơn vị (gõ không dấu cũng được)";
    search.setAttribute("aria-label", search.placeholder);
    picker.insertBefore(search, picker.querySelector(".unit-picker-list, table, div") || picker.firstChild);
    search.addEventListener("input", function () {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      items.forEach(function (item) {
        var box = item.querySelector("input[type=checkbox]");
        var text = fold(item.textContent);
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !(match || (box && box.checked));
      });
    });
  });
})();
