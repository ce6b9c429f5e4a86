// Import progress (podium/training): while an import is waiting or running, fetch
// the page every two seconds and move the progress bar; when it has finished,
// reload to show the result. Without JavaScript the page has a refresh link.
(function () {
  "use strict";
  var region = document.querySelector("[data-import-working]");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html")
          .querySelector("[data-import-working]");
        if (!fresh) {
          window.location.reload();
          return;
        }
        region.replaceChildren.apply(region, Array.prototype.map.call(
          fresh.childNodes, function (node) { return document.importNode(node, true); }
        ));
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
