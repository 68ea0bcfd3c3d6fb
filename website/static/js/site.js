// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // A form that came back with errors: move focus to the summary so that it is announced.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // The service worker makes the site an installable app that opens offline.
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }

  // "Install the app" appears when the browser offers installation.
  var button = document.querySelector(".install-app");
  var offer = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    offer = event;
    if (button) button.hidden = false;
  });
  if (button) {
    button.addEventListener("click", function () {
      if (!offer) return;
      offer.prompt();
      offer = null;
      button.hidden = true;
    });
  }
})();
