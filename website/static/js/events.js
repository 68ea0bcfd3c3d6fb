/* The calendar's "near": besides a community, the visitor's own position, when the browser
   may tell it. Rounded to about a kilometre: the address bar and the API need no more. */
(function () {
  var select = document.getElementById("f-near");
  if (!select || !navigator.geolocation) return;
  var mine = select.querySelector("option[data-mine]");
  if (!mine) {
    mine = document.createElement("option");
    mine.setAttribute("data-mine", "");
    mine.value = "";
    mine.textContent = select.getAttribute("data-mine-label");
    select.insertBefore(mine, select.options[1] || null);
  }
  select.addEventListener("change", function () {
    if (select.selectedOptions[0] !== mine || mine.value) return;
    navigator.geolocation.getCurrentPosition(function (position) {
      mine.value = position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2);
      mine.selected = true;
    }, function () {
      select.selectedIndex = 0;
    });
  });
})();
