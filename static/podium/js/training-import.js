// Import progress (podium/training): while an import is running, reload the page
// every two seconds so the progress bar moves. Without JavaScript the page has a
// refresh link instead.
(function () {
  "use strict";
  if (document.querySelector("[data-import-working]")) {
    window.setTimeout(function () { window.location.reload(); }, 2000);
  }
})();
