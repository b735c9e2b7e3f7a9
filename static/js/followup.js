/* Uppföljning: keyboard help for the in-place editing done by htmx.
 * Without JavaScript every link and form works as a plain request. */
(function () {
  "use strict";

  // After a row is swapped: an edit row focuses its status (htmx honours autofocus);
  // a saved or cancelled row gives focus back to its "Ändra" link.
  document.addEventListener("htmx:afterSettle", function (event) {
    var row = event.detail && event.detail.elt;
    if (!row || !row.classList || !row.classList.contains("fu-row")) { return; }
    if (!row.classList.contains("fu-row--editing")) {
      var edit = row.querySelector(".fu-edit");
      if (edit) { edit.focus(); }
    } else {
      var select = row.querySelector("select");
      if (select && document.activeElement !== select) { select.focus(); }
    }
  });

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

  // A session that ended sends the login page: go there instead of putting it in a row.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/konto/login/") !== -1) {
      event.detail.shouldSwap = false;
      window.location.href = xhr.responseURL;
    }
  });

  // A failed request (network, server) must not look like a save.
  document.addEventListener("htmx:responseError", function () {
    var live = document.getElementById("fu-live");
    if (live) { live.textContent = "Det gick inte att spara. Försök igen eller ladda om sidan."; }
  });
  document.addEventListener("htmx:sendError", function () {
    var live = document.getElementById("fu-live");
    if (live) { live.textContent = "Ingen kontakt med servern. Din text finns kvar; försök igen."; }
  });
})();
