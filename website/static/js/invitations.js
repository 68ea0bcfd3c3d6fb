// The invitations on the front page: each gets a button that hides it, remembered in this
// browser (localStorage). Without JavaScript they stay a plain notice.
(function () {
  "use strict";
  var KEY = "velkomst-hidden-invitations";
  var hidden = [];
  try {
    hidden = JSON.parse(localStorage.getItem(KEY) || "[]");
  } catch (e) {}
  Array.prototype.forEach.call(document.querySelectorAll("[data-invitation]"), function (box) {
    var id = box.getAttribute("data-invitation");
    if (hidden.indexOf(id) !== -1) {
      box.hidden = true;
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "invitation-hide";
    button.textContent = box.getAttribute("data-dismiss-label");
    button.addEventListener("click", function () {
      hidden = hidden.concat([id]).slice(-50);
      try {
        localStorage.setItem(KEY, JSON.stringify(hidden));
      } catch (e) {}
      box.hidden = true;
    });
    box.appendChild(button);
  });
})();
