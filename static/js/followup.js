/* Uppföljning: keyboard help for the in-place editing done by htmx.
 * Without JavaScript every link and form works as a plain request. */
(function () {
  "use strict";

  var DRAFT = "fu-draft:";
  var live = function () { return document.getElementById("fu-live"); };

  // Unsaved text is kept in this tab's sessionStorage, keyed by the entry (activity and
  // tertial), until it is saved or cancelled: a session that ends meanwhile loses nothing,
  // and the board puts it back after the next login.
  function keep(form) {
    var row = form.closest("tr[data-entry]");
    if (!row) { return; }
    var select = form.querySelector("select");
    var text = form.querySelector("textarea");
    var version = form.querySelector("input[name=version]");
    try {
      window.sessionStorage.setItem(DRAFT + row.getAttribute("data-entry"), JSON.stringify({
        status: select ? select.value : "",
        comment: text ? text.value : "",
        version: version ? version.value : ""
      }));
    } catch (e) { /* storage full or disabled: nothing more we can do */ }
  }
  function forget(row) {
    try { window.sessionStorage.removeItem(DRAFT + row.getAttribute("data-entry")); } catch (e) { /* ignore */ }
  }
  function draftFor(row) {
    try { return JSON.parse(window.sessionStorage.getItem(DRAFT + row.getAttribute("data-entry")) || "null"); } catch (e) { return null; }
  }
  document.addEventListener("input", function (event) {
    var form = event.target && event.target.closest && event.target.closest(".fu-form");
    if (form) { keep(form); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target && event.target.closest && event.target.closest(".fu-form");
    if (form) { keep(form); }
  });

  // Put kept text back into a row's form and say so, visibly and to screen readers.
  var restoring = {};
  function restore(row, draft) {
    var select = row.querySelector("select");
    var text = row.querySelector("textarea");
    var version = row.querySelector("input[name=version]");
    if (select && draft.status) { select.value = draft.status; }
    if (text) { text.value = draft.comment || ""; }
    if (version && draft.version !== "") { version.value = draft.version; }
    var notice = document.getElementById("fu-restored");
    var title = row.querySelector(".fu-activity");
    var message = (notice && notice.getAttribute("data-text") || "") +
      (title ? " " + title.textContent.trim() : "");
    if (notice) { notice.textContent = message; notice.hidden = false; }
    if (live()) { live().textContent = message; }
    if (text) { text.focus(); }
  }

  // After a row is swapped: an edit row focuses the first field in error, else the form's
  // error, else its status (htmx honours autofocus); a saved or cancelled row gives focus
  // back to its "Ändra" link and forgets the kept text.
  document.addEventListener("htmx:afterSettle", function (event) {
    var row = event.detail && event.detail.elt;
    if (!row || !row.classList || !row.classList.contains("fu-row")) { return; }
    if (!row.classList.contains("fu-row--editing")) {
      forget(row);
      var edit = row.querySelector(".fu-edit");
      if (edit) { edit.focus(); }
      return;
    }
    var key = row.getAttribute("data-entry");
    if (restoring[key]) {
      restore(row, restoring[key]);
      delete restoring[key];
      return;
    }
    var target = row.querySelector("[aria-invalid=true]") || row.querySelector(".form-errors") ||
      row.querySelector("select");
    if (target && document.activeElement !== target) { target.focus(); }
  });

  // On the board after a login: rows with kept text open in their edit state with it.
  function reopenDrafts() {
    var rows = document.querySelectorAll("tr.fu-row[data-entry]");
    Array.prototype.forEach.call(rows, function (row) {
      var draft = draftFor(row);
      if (!draft) { return; }
      if (row.classList.contains("fu-row--editing")) { restore(row, draft); return; }
      var edit = row.querySelector(".fu-edit");
      if (!edit || !window.htmx) { return; }
      restoring[row.getAttribute("data-entry")] = draft;
      window.htmx.ajax("GET", edit.getAttribute("hx-get"), { target: row, swap: "outerHTML" });
    });
  }
  if (document.readyState === "complete") { reopenDrafts(); } else { window.addEventListener("load", reopenDrafts); }

  // Escape cancels the edit of the row the focus is in; Ctrl/Cmd+Enter saves it.
  document.addEventListener("keydown", function (event) {
    var form = event.target && event.target.closest && event.target.closest(".fu-form");
    if (!form) { return; }
    if (event.key === "Escape") {
      var cancel = form.querySelector(".fu-cancel");
      if (cancel) { event.preventDefault(); cancel.click(); }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // A session that ended sends the login page: go there instead of putting it in a row
  // (the text typed is already kept; see keep()).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/konto/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
    }
  });
  // Before anything is sent, keep what the form holds (the session may have ended).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (form && form.classList && form.classList.contains("fu-form")) { keep(form); }
  });

  // A failed request (network, server) must not look like a save.
  document.addEventListener("htmx:responseError", function () {
    if (live()) { live().textContent = live().getAttribute("data-error-server"); }
  });
  document.addEventListener("htmx:sendError", function () {
    if (live()) { live().textContent = live().getAttribute("data-error-network"); }
  });
})();
