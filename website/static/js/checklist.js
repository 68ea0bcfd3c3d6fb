// The checklist's ticks, kept in this browser only (localStorage), one key per step.
(function () {
  "use strict";
  var list = document.querySelector(".checklist[data-storage]");
  if (!list) return;
  var prefix = list.getAttribute("data-storage") + ".";
  var progress = document.querySelector(".checklist-progress");
  var boxes = list.querySelectorAll("input[data-step]");
  var store;
  try {
    store = window.localStorage;
    store.getItem(prefix);
  } catch (error) {
    return; // storage is blocked: the ticks could not be kept, so they are not offered
  }

  function show(box) {
    box.closest(".step").classList.toggle("is-done", box.checked);
  }

  function count() {
    var done = list.querySelectorAll("input[data-step]:checked").length;
    progress.textContent = progress.getAttribute("data-progress")
      .replace("{done}", done).replace("{total}", boxes.length);
  }

  Array.prototype.forEach.call(boxes, function (box) {
    var key = prefix + box.getAttribute("data-step");
    box.checked = store.getItem(key) === "done";
    show(box);
    box.closest(".tick").hidden = false;
    box.addEventListener("change", function () {
      if (box.checked) store.setItem(key, "done");
      else store.removeItem(key);
      show(box);
      count();
    });
  });
  count();
  progress.hidden = false;
})();
