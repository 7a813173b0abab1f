// "Use my location": shown only when the browser can share a position. It asks
// first, then sends the position with the lookup form; nothing is stored. When
// no position comes (permission refused, no fix, too slow), it says so beside
// the form and moves to the ZIP code field, which works without a position.
(function () {
  var button = document.getElementById("locate");
  if (!button || !navigator.geolocation) { return; }
  var problem = document.getElementById("locate-problem");
  button.hidden = false;
  function fail(error) {
    button.disabled = false;
    if (!problem) { return; }
    var denied = error && error.code === 1;
    problem.textContent = button.getAttribute(denied ? "data-denied" : "data-failed");
    problem.hidden = false;
    var zip = button.form && button.form.elements.zip;
    if (zip) { zip.focus(); }
  }
  button.addEventListener("click", function () {
    if (!window.confirm(button.getAttribute("data-consent"))) { return; }
    if (problem) { problem.hidden = true; }
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var form = button.form;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "at";
      input.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
      form.appendChild(input);
      form.submit();
    }, fail, { timeout: 20000, maximumAge: 600000 });
  });
})();
