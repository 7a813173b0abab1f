#!/usr/bin/env python3
"""Supporter journeys in headless Chromium at phone width (390 x 844), driven
over the DevTools protocol (--remote-debugging-pipe, no packages needed):
what a plain screenshot cannot do, such as sending a form, refusing the
location prompt or typing. Each journey leaves NAME.png (what the phone
shows) and prints one line of facts (title, focused element, scroll).

Usage: bench/journeys.py BASE_URL OUTPUT_FOLDER   (bench/screenshots runs it)
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 390, 844


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="campaign-journeys.")
        to_chrome_read, to_chrome_write = os.pipe()
        from_chrome_read, from_chrome_write = os.pipe()

        def fds():
            os.dup2(to_chrome_read, 3)
            os.dup2(from_chrome_write, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "--window-size=%d,%d" % (WIDTH, HEIGHT), "about:blank"],
            pass_fds=(3, 4), preexec_fn=fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self.writer = os.fdopen(to_chrome_write, "wb", buffering=0)
        self.reader = os.fdopen(from_chrome_read, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        self.process.wait(timeout=10)

    def _read_message(self):
        while b"\0" not in self.buffer:
            chunk = self.reader.read(65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self.writer.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self._event(reply)

    def _event(self, event):
        self.events.append(event)
        # The location prompt is window.confirm: accept it, as a supporter would.
        if event.get("method") == "Page.javascriptDialogOpening":
            self.writer.write(json.dumps({"id": 0, "method": "Page.handleJavaScriptDialog", "sessionId": self.session,
                                          "params": {"accept": True}}).encode() + b"\0")

    def wait_for(self, method, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[index]
                    return event
            self._event(self._read_message())
        raise RuntimeError("no %s within %ss" % (method, timeout))

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True})

    def navigate(self, url):
        self.events = [event for event in self.events if event.get("method") != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def type_into(self, selector, text):
        self.evaluate("document.querySelector(%s).focus()" % json.dumps(selector))
        self.evaluate("document.querySelector(%s).select && document.querySelector(%s).select()" % (json.dumps(selector), json.dumps(selector)))
        self.send("Input.insertText", {"text": text})

    def click(self, selector):
        self.events = [event for event in self.events if event.get("method") != "Page.loadEventFired"]
        self.evaluate("document.querySelector(%s).click()" % json.dumps(selector))

    def settle(self, seconds=0.5):
        deadline = time.time() + seconds
        while time.time() < deadline:
            self.evaluate("0")
            time.sleep(0.05)

    def screenshot(self, path):
        shot = self.send("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))

    def facts(self):
        return self.evaluate("""JSON.stringify({title: document.title, url: location.pathname + location.search + location.hash,
            focused: document.activeElement && (document.activeElement.id || document.activeElement.tagName),
            scrollY: Math.round(window.scrollY)})""")


def failed_sign_up(browser, base, out, language):
    browser.navigate(base + "/c/dc-protect-residents-from-ice?lang=" + language)
    browser.type_into("#sign-name", "Ana María López")
    browser.type_into("#sign-email", "ana@")
    browser.type_into("#sign-zip", "20001")
    browser.click("#sign-form button[type=submit]")
    browser.wait_for("Page.loadEventFired")
    browser.settle()
    name = "sign-error-" + language
    browser.screenshot(os.path.join(out, name + ".png"))
    print(name, browser.facts())


def refused_location(browser, base, out, language):
    browser.send("Browser.setPermission", {"permission": {"name": "geolocation"}, "setting": "denied"}, session=False)
    browser.navigate(base + "/c/tacoma-support-sanctuary?lang=" + language)
    browser.click("#locate")
    browser.settle(1.5)
    name = "locate-denied-" + language
    browser.screenshot(os.path.join(out, name + ".png"))
    print(name, browser.facts(), browser.evaluate("document.getElementById('locate-problem').textContent"))


def shown_as(browser, base, out, language):
    browser.navigate(base + "/c/seattle-thank-welcoming-city?lang=" + language)
    browser.type_into("#sign-name", "Nguyễn Văn An")
    browser.type_into("#sign-zip", "98104")
    browser.settle(1)
    before = browser.evaluate("document.getElementById('sign-shown').textContent")
    browser.type_into("#sign-public_name", "An")
    browser.settle(0.5)
    browser.evaluate("document.getElementById('sign-public_name').scrollIntoView({block: 'center'})")
    browser.settle(0.3)
    name = "shown-as-" + language
    browser.screenshot(os.path.join(out, name + ".png"))
    print(name, "prefilled:", before, "| chosen:", browser.evaluate("document.getElementById('sign-shown').textContent"))


def district_question(browser, base, out, language):
    """A DC signer whose ZIP code spans wards: the question, then their
    location (granted, in Ward 8), which signs with that ward."""
    browser.send("Browser.grantPermissions", {"permissions": ["geolocation"]}, session=False)
    browser.send("Emulation.setGeolocationOverride", {"latitude": 38.8663, "longitude": -76.9947, "accuracy": 10})
    browser.navigate(base + "/c/dc-protect-residents-from-ice?lang=" + language)
    browser.type_into("#sign-name", "Ana María López")
    browser.type_into("#sign-email", "ana.%s.%d@example.org" % (language, int(time.time() * 1000)))
    browser.type_into("#sign-zip", "20002")
    browser.click("#sign-form button[type=submit]")
    browser.wait_for("Page.loadEventFired")
    browser.settle()
    name = "district-question-" + language
    browser.screenshot(os.path.join(out, name + ".png"))
    print(name, browser.facts())
    browser.evaluate("window.confirm = function () { return true; }")
    browser.click("button[data-locate]")
    browser.wait_for("Page.loadEventFired")
    browser.settle()
    print(name, "after the location:", browser.facts())


# Pages opened at a place on them, as a phone shows that place: name, path, the element scrolled to.
VIEWS = [
    ("call-no-phone-en", "/c/tacoma-support-sanctuary?lang=en&zip=98405&district=2&name=Ana", ".target:last-child"),
    ("call-finder-es", "/c/king-county-ice-accountability?lang=es&zip=98104", ".target:last-child"),
    ("district-choice-en", "/c/tacoma-support-sanctuary?lang=en&zip=98405", ".pending"),
    ("none-found-en", "/c/thank-your-mayor-amicus?lang=en&zip=90210", ".pending"),
    ("none-found-es", "/c/thank-your-mayor-amicus?lang=es&zip=90210", ".pending"),
    ("cannot-tell-location-en", "/c/tacoma-support-sanctuary?lang=en&at=47.2529,-122.4443", ".pending"),
    ("cannot-tell-zip-es", "/c/king-county-ice-accountability?lang=es&zip=98052", ".pending"),
    ("call-thanks-404-en", "/c/tacoma-support-sanctuary/thanks?lang=en", "h1"),
]


def view(browser, base, out, name, path, selector):
    browser.navigate(base + path)
    browser.evaluate("document.querySelector(%s).scrollIntoView({block: 'start'})" % json.dumps(selector))
    browser.settle(0.3)
    browser.screenshot(os.path.join(out, name + ".png"))
    print(name, browser.facts())


def main():
    base, out = sys.argv[1], sys.argv[2]
    steps = [(view, (name, path, selector)) for name, path, selector in VIEWS]
    steps += [(journey, (language,)) for journey in (failed_sign_up, refused_location, shown_as, district_question) for language in ("en", "es")]
    for step, arguments in steps:
        browser = Browser()
        try:
            browser.open_page()
            step(browser, base, out, *arguments)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
