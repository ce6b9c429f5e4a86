// The main navigation's menus are <details> and work without this script. With it,
// one menu is open at a time, and Escape or a click elsewhere closes it (Escape
// returns the focus to the menu's button).
(function () {
  "use strict";
  var menus = document.querySelectorAll(".site-nav__details");
  if (!menus.length) return;
  function closeAll(except) {
    menus.forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) closeAll(menu);
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(".site-nav__details[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
})();
