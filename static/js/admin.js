/* Django admin, made to pass axe (WCAG 2.1 A/AA) on the pages a coordinator uses.
 * Runs on every admin page (templates/admin/base_site.html), again whenever admin's own
 * scripts add elements (select2, inline rows, the filter widget):
 *  - select2's search field and single selection get the name of their field
 *    ("Ansvariga, sök"); select2 renders them without a label;
 *  - the fields of a tabular inline row are named by their column ("Titel, rad 2");
 *  - the filter widget's help icons (a span with aria-label) get role="img". */
(function () {
  "use strict";

  var suffix = function () {
    var meta = document.querySelector('meta[name="search-field-suffix"]');
    return meta ? meta.content : "";
  };

  function labelOf(select) {
    if (!select || !select.id) { return null; }
    return document.querySelector('label[for="' + select.id + '"]');
  }
  function text(label) {
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }
  function columnName(cell) {
    var name = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
    var table = cell.closest("table");
    if (!name || !table) { return ""; }
    var th = table.querySelector("thead th.column-" + name.slice(6));
    return th ? th.textContent.trim() : "";
  }
  function selectOf(element) {
    var container = element.closest(".select2-container");
    var previous = container && container.previousElementSibling;
    if (previous && previous.tagName === "SELECT") { return previous; }
    var controls = element.getAttribute("aria-controls") || "";
    var match = controls.match(/^select2-(.+)-results$/);
    return match ? document.getElementById(match[1]) : null;
  }
  function nameOf(select) {
    var name = text(labelOf(select));
    if (!name && select) {
      var cell = select.closest("td");
      var row = select.closest("tr");
      if (cell) { name = columnName(cell) + (row ? ", " + rowNumber(row) : ""); }
    }
    return name;
  }
  function rowNumber(row) {
    var rows = Array.prototype.filter.call(row.parentNode.children, function (r) {
      return r.classList.contains("form-row") && !r.classList.contains("empty-form");
    });
    var label = document.querySelector('meta[name="row-label"]');
    return (label ? label.content : "") + " " + (rows.indexOf(row) + 1);
  }

  function fix() {
    Array.prototype.forEach.call(document.querySelectorAll(".select2-search__field:not([aria-label])"), function (field) {
      var name = nameOf(selectOf(field));
      if (name) { field.setAttribute("aria-label", name + suffix()); }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".select2-selection[role=combobox]:not([data-named])"), function (box) {
      var select = selectOf(box);
      var name = nameOf(select);
      if (!name) { return; }
      box.setAttribute("data-named", "");
      box.removeAttribute("aria-labelledby");
      box.setAttribute("aria-label", name);
      var rendered = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (rendered) { rendered.setAttribute("aria-label", name); }
    });
    Array.prototype.forEach.call(document.querySelectorAll(".inline-group .tabular tr.form-row td[class*=field-], .inline-group .tabular tr.form-row td.delete"), function (cell) {
      var row = cell.closest("tr");
      var column = cell.classList.contains("delete")
        ? (cell.closest("table").querySelector("thead th:last-child") || {}).textContent
        : columnName(cell);
      Array.prototype.forEach.call(cell.querySelectorAll("input:not([type=hidden]), select, textarea"), function (input) {
        if (input.getAttribute("aria-label") || labelOf(input) || !column) { return; }
        input.setAttribute("aria-label", column.trim() + ", " + rowNumber(row));
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("span.help-tooltip[aria-label]:not([role])"), function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fix();
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; fix(); });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
