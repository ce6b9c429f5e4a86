// Every text box with a length limit says how much room is left as the person types
// (GOV.UK character count). The count is announced politely to screen readers; the
// server refuses over-long text whatever the browser does.
(function () {
  "use strict";

  function describe(remaining) {
    if (remaining >= 0) {
      return "You have " + remaining + " character" + (remaining === 1 ? "" : "s") + " remaining";
    }
    var over = -remaining;
    return "You have " + over + " character" + (over === 1 ? "" : "s") + " too many";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll("textarea[maxlength]");
    Array.prototype.forEach.call(boxes, function (box) {
      var limit = parseInt(box.getAttribute("maxlength"), 10);
      if (!limit || !box.id) return;
      // Let people paste and see how far over they are; the server keeps the limit.
      box.removeAttribute("maxlength");
      var count = document.createElement("div");
      count.className = "hint character-count";
      count.id = box.id + "_count";
      count.setAttribute("aria-live", "polite");
      box.insertAdjacentElement("afterend", count);
      var described = box.getAttribute("aria-describedby");
      box.setAttribute("aria-describedby", (described ? described + " " : "") + count.id);
      function update() {
        var remaining = limit - box.value.length;
        count.textContent = describe(remaining);
        count.classList.toggle("character-count--over", remaining < 0);
      }
      box.addEventListener("input", update);
      update();
    });
  });
})();
