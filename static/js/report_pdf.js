/* The report PDF's job page: when htmx has swapped in "done", start the download once.
 * Without JavaScript the page reloads itself while the job is pending and shows a link. */
(function () {
  "use strict";
  var started = false;
  document.addEventListener("htmx:afterSwap", function () {
    var done = document.querySelector(".pdf-job[data-download]");
    if (done && !started) {
      started = true;
      window.location.assign(done.getAttribute("data-download"));
    }
  });
})();
