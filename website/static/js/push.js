// "Allow reminders on this device" on the account page: subscribes this browser to Web Push
// with the VAPID key and hands the subscription to the website (/<lang>/account/push/),
// which passes it to the API. Shown only where the browser can receive pushes.
(function () {
  "use strict";
  var box = document.querySelector("[data-push-key]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  var button = box.querySelector("button");
  var status = box.querySelector(".push-status");
  box.hidden = false;

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") throw new Error("refused");
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(box.getAttribute("data-push-key")),
        });
      })
      .then(function (subscription) {
        return fetch(box.getAttribute("data-push-url"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(subscription.toJSON()),
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("not kept");
        status.textContent = box.getAttribute("data-push-done");
      })
      .catch(function () {
        status.textContent = box.getAttribute("data-push-refused");
        button.disabled = false;
      });
  });
})();
