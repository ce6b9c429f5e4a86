// A form sent back with errors: its error summary moves to the top of the page and
// takes focus, so the person (and their screen reader) meets it first, wherever the
// form sits on the page. A link in the summary puts the cursor in the field and
// shows its label. Without JavaScript the summary stays above its form.
(function () {
  "use strict";

  function fieldFor(link) {
    var id = decodeURIComponent(link.hash.slice(1));
    var target = document.getElementById(id);
    if (!target) return null;
    if (target.matches("input, select, textarea")) return target;
    return target.querySelector("input, select, textarea") || target;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector('[data-module="error-summary"]');
    if (!summary) return;
    var main = document.getElementById("main-content");
    if (main && summary.parentNode !== main) {
      var banner = main.querySelector(":scope > .banner");
      main.insertBefore(summary, banner ? banner.nextSibling : main.firstChild);
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = fieldFor(link);
      if (!field) return;
      event.preventDefault();
      var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
      var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
      (legend || label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });
})();
