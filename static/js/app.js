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

  /* After a redirect with a message, move focus to the message so that screen
   * readers announce it and keyboard users start from there. */
  document.addEventListener("DOMContentLoaded", function () {
    var alert = document.querySelector(".messages .message[role=alert]");
    if (alert) {
      alert.setAttribute("tabindex", "-1");
      alert.focus();
    }
  });
})();
