/* Vallentuna handlingsplaner – small progressive enhancements for every page.
 * Everything works without this file; it only adds conveniences.
 * No inline scripts anywhere (Content Security Policy): behaviour hangs on data-attributes.
 */
(function () {
  "use strict";

  /* Confirmation before anything destructive: <form data-confirm="Fråga?"> or
   * <button data-confirm="Fråga?">. The browser's own dialog is keyboard- and
   * screen-reader-accessible and returns focus to the button. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) ||
      (form && form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
      if (submitter) { submitter.focus(); }
    }
  }, true);

  /* A page with form errors starts at its error summary (it links to the fields);
   * after a redirect with an error message, at the message. Screen readers announce it
   * and keyboard users start from there. */
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    var alert = summary || document.querySelector(".messages .message[role=alert]");
    if (alert) {
      alert.setAttribute("tabindex", "-1");
      alert.focus();
    }
  });

  /* Session warning (WCAG 2.2.1): a few minutes before the session ends for inactivity,
   * a dialog says so; "Fortsätt" renews the session on the server. The server notes
   * activity at most once per data-session-resolution seconds, so every request moves the
   * end to (now + timeout - resolution) at the earliest, never past the absolute lifetime.
   * The dialog (templates/includes/session_warning.html) is on the app's pages and in admin. */
  function sessionWarning() {
    var dialog = document.getElementById("session-warning");
    if (!dialog || !dialog.hasAttribute("data-session-expires-in") || !dialog.showModal) { return; }
    var num = function (name) { return Number(dialog.getAttribute(name)) * 1000; };
    var timeout = num("data-session-timeout");
    var resolution = num("data-session-resolution");
    var warning = num("data-session-warning");
    var now = Date.now();
    var absoluteAt = now + num("data-session-absolute-in");
    var expiresAt = now + num("data-session-expires-in");
    var text = document.getElementById("session-warning-text");
    var title = document.getElementById("session-warning-title");
    var cont = dialog.querySelector("[data-session-continue]");
    var login = dialog.querySelector("[data-session-login]");
    var close = dialog.querySelector("[data-session-close]");
    var dismissed = false;
    var expired = false;

    function left(ms) {
      var minutes = Math.round(ms / 60000);
      if (ms < 60000) { return text.getAttribute("data-seconds"); }
      if (minutes <= 1) { return text.getAttribute("data-minute"); }
      return text.getAttribute("data-minutes").replace("%(n)s", minutes);
    }
    function show() {
      var ms = expiresAt - Date.now();
      var final = absoluteAt - expiresAt < 1000;
      var template = text.getAttribute(final ? "data-when-final" : "data-template");
      text.textContent = template.replace("%(minutes)s", left(ms));
      cont.hidden = final;
      close.hidden = !final;
      if (!dialog.open) {
        dialog.showModal();
        (final ? close : cont).focus();
      }
    }
    function end() {
      expired = true;
      document.dispatchEvent(new CustomEvent("session:expired"));
      title.textContent = title.getAttribute("data-when-expired");
      text.textContent = text.getAttribute("data-when-expired");
      cont.hidden = true;
      close.hidden = true;
      login.hidden = false;
      login.href = login.getAttribute("href").split("?")[0] + "?next=" +
        encodeURIComponent(window.location.pathname + window.location.search + window.location.hash);
      if (!dialog.open) { dialog.showModal(); }
      login.focus();
    }
    var asking = false;
    // Our count is conservative (the server notes activity to the minute): before saying
    // the session has ended, ask the server how long it has left (asking renews nothing).
    function confirmEnd() {
      if (asking) { return; }
      asking = true;
      fetch(dialog.getAttribute("data-status-url"), {
        credentials: "same-origin", headers: { "Accept": "application/json" }
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if (!response.ok || !json) { throw new Error("session ended"); }
        return response.json();
      }).then(function (data) {
        asking = false;
        if (data.expires_in <= 0) { end(); return; }
        var at = Date.now();
        absoluteAt = at + data.absolute_in * 1000;
        expiresAt = at + data.expires_in * 1000;
        if (dialog.open && expiresAt - at > warning) { dialog.close(); } else if (dialog.open) { show(); }
      }).catch(function () { asking = false; end(); });
    }
    function tick() {
      if (expired) { return; }
      var ms = expiresAt - Date.now();
      if (ms <= 0) { confirmEnd(); } else if (ms <= warning && !dismissed) { show(); }
    }
    function activity() {
      expiresAt = Math.min(absoluteAt, Date.now() + timeout - resolution);
      if (dialog.open && expiresAt - Date.now() > warning) { dialog.close(); }
    }
    function token() {
      var input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    cont.addEventListener("click", function () {
      fetch(dialog.getAttribute("data-keep-alive-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token(), "Accept": "application/json" }
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if (!response.ok || !json) { throw new Error("session ended"); }
        return response.json();
      }).then(function (data) {
        var at = Date.now();
        absoluteAt = at + data.absolute_in * 1000;
        expiresAt = at + data.expires_in * 1000;
        dialog.close();
      }).catch(end);
    });
    close.addEventListener("click", function () { dismissed = true; dialog.close(); });
    // Escape: the user is there, so it counts as "Fortsätt" (the browser would otherwise
    // just close the dialog and the session would end without a second warning).
    dialog.addEventListener("cancel", function (event) {
      if (expired) { return; }
      event.preventDefault();
      (cont.hidden ? close : cont).click();
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail && event.detail.xhr;
      if (xhr && xhr.status && xhr.status < 500 && !xhr.getResponseHeader("HX-Redirect")) { activity(); }
    });
    window.setInterval(tick, 5000);
    tick();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sessionWarning);
  } else {
    sessionWarning();
  }
})();
