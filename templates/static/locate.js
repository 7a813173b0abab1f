// "Use my location": shown only when the browser can share a position. It asks
// first, then sends the position with its form (the lookup form, or the sign
// form's district question); the server finds the district and keeps only
// that. When no position comes (permission refused, no fix, too slow), it
// says so beside the button and moves to a field that works without one.
(function () {
  if (!navigator.geolocation || !document.querySelectorAll) { return; }
  var buttons = document.querySelectorAll("button[data-locate]");
  Array.prototype.forEach.call(buttons, function (button) {
    var problem = document.getElementById(button.getAttribute("data-problem"));
    button.hidden = false;
    function fail(error) {
      button.disabled = false;
      if (!problem) { return; }
      var denied = error && error.code === 1;
      problem.textContent = button.getAttribute(denied ? "data-denied" : "data-failed");
      problem.hidden = false;
      var form = button.form;
      var next = form && (form.elements.address || form.elements.district || form.elements.zip);
      if (next && next.focus) { next.focus(); } else if (next && next[0] && next[0].focus) { next[0].focus(); }
    }
    button.addEventListener("click", function () {
      if (!window.confirm(button.getAttribute("data-consent"))) { return; }
      if (problem) { problem.hidden = true; }
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var form = button.form;
        var input = form.elements.at || document.createElement("input");
        input.type = "hidden";
        input.name = "at";
        input.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        if (!input.parentNode) { form.appendChild(input); }
        form.submit();
      }, fail, { timeout: 20000, maximumAge: 600000 });
    });
  });
})();
