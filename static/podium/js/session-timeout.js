/* Warns before a signed-in session ends for lack of use, and offers to keep it.
 *
 * Progressive enhancement: without JavaScript the server still ends the session
 * (podium/accounts/middleware.py). The settings come from data- attributes on
 * <body>; the CSP allows no inline script.
 */
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-session-idle"), 10);
  var warningSeconds = parseInt(body.getAttribute("data-session-warning"), 10);
  var keepAliveUrl = body.getAttribute("data-session-keepalive");
  var csrfToken = body.getAttribute("data-csrf-token");
  if (!idleSeconds || !warningSeconds || !keepAliveUrl) {
    return;
  }
  // The server notes activity at most once a minute, so count from a minute earlier.
  var granularitySeconds = 60;

  var dialog = null;
  var returnFocusTo = null;
  var warnTimer = null;
  var endTimer = null;

  function minutesText(seconds) {
    var minutes = Math.max(1, Math.round(seconds / 60));
    return minutes === 1 ? "1 minute" : minutes + " minutes";
  }

  function build() {
    dialog = document.createElement("div");
    dialog.className = "session-warning";
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "session-warning-title");
    dialog.setAttribute("aria-describedby", "session-warning-text");
    dialog.hidden = true;

    var box = document.createElement("div");
    box.className = "session-warning__box";

    var title = document.createElement("h2");
    title.id = "session-warning-title";
    title.className = "session-warning__title";
    title.textContent = "You are about to be signed out";

    var text = document.createElement("p");
    text.id = "session-warning-text";
    text.textContent =
      "For your security, Podium signs you out after " + minutesText(idleSeconds) +
      " without use. You will be signed out in " + minutesText(warningSeconds) +
      ". Anything you have not saved will be lost.";

    var stay = document.createElement("button");
    stay.type = "button";
    stay.className = "button";
    stay.textContent = "Stay signed in";
    stay.addEventListener("click", keepAlive);

    box.appendChild(title);
    box.appendChild(text);
    box.appendChild(stay);
    dialog.appendChild(box);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        keepAlive();
      } else if (event.key === "Tab") {
        event.preventDefault(); // one control: keep focus inside the dialog
        stay.focus();
      }
    });
    body.appendChild(dialog);
  }

  function show() {
    if (!dialog) {
      build();
    }
    returnFocusTo = document.activeElement;
    dialog.hidden = false;
    dialog.querySelector("button").focus();
  }

  function hide() {
    if (dialog) {
      dialog.hidden = true;
    }
    if (returnFocusTo && returnFocusTo.focus) {
      returnFocusTo.focus();
    }
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var remaining = (idleSeconds - granularitySeconds) * 1000;
    warnTimer = window.setTimeout(show, Math.max(0, remaining - warningSeconds * 1000));
    endTimer = window.setTimeout(function () {
      // The server has ended the session: reloading shows the sign-in page.
      window.location.reload();
    }, remaining + granularitySeconds * 1000 + 1000);
  }

  function keepAlive() {
    var request = new XMLHttpRequest();
    request.open("POST", keepAliveUrl);
    request.setRequestHeader("X-CSRFToken", csrfToken);
    request.onload = function () {
      if (request.status === 204) {
        hide();
        schedule();
      } else {
        window.location.reload();
      }
    };
    request.send();
  }

  schedule();
})();
