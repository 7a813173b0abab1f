// "Use my location": shown only when the browser can share a position. It asks
// first, then sends the position with the lookup form; nothing is stored.
(function () {
  var button = document.getElementById("locate");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    if (!window.confirm(button.getAttribute("data-consent"))) { return; }
    navigator.geolocation.getCurrentPosition(function (position) {
      var form = button.form;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "at";
      input.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
      form.appendChild(input);
      form.submit();
    });
  });
})();
