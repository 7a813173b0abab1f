// The sign form. A form that came back with a problem: move to what went
// wrong (the page's address already points there; focus lets a screen reader
// read it). The name shown beside a public reason: fill in the first word of
// the name until the signer writes their own, and show what will appear
// ("Ana, Seattle"), asking the site for the place name of the ZIP code.
// Without this script the form works the same; an empty name to show is the
// first word of the name there too.
(function () {
  var result = document.getElementById("result");
  if (result) { result.focus(); }

  var shown = document.getElementById("sign-shown");
  var name = document.getElementById("sign-name");
  var chosen = document.getElementById("sign-public_name");
  var zip = document.getElementById("sign-zip");
  if (!shown || !name || !chosen || !zip) { return; }
  function firstWord(text) { return text.trim().split(/\s+/)[0] || ""; }
  var locality = shown.getAttribute("data-locality") || "";
  var localityZIP = shown.getAttribute("data-zip") || "";
  var written = chosen.value.trim() !== "" && chosen.value.trim() !== firstWord(name.value);
  function update() {
    var text = chosen.value.trim() || firstWord(name.value);
    shown.textContent = text ? text + (locality ? ", " + locality : "") : shown.getAttribute("data-empty");
  }
  // A page brought back (or refilled by the browser) shows what it holds.
  if (name.value.trim()) {
    if (!written && !chosen.value.trim()) { chosen.value = firstWord(name.value); }
    update();
  }
  name.addEventListener("input", function () {
    if (!written) { chosen.value = firstWord(name.value); }
    update();
  });
  chosen.addEventListener("input", function () {
    written = chosen.value.trim() !== "";
    update();
  });
  zip.addEventListener("input", function () {
    var typed = zip.value.trim();
    var five = /^[0-9]{5}(-[0-9]{4})?$/.test(typed) ? typed.slice(0, 5) : "";
    if (five === localityZIP) { return; }
    localityZIP = five;
    locality = "";
    update();
    if (!five || !window.fetch) { return; }
    fetch("/api/v1/localities/" + five).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (place) {
      if (place && localityZIP === five) { locality = place.locality || ""; update(); }
    }).catch(function () {});
  });
})();
