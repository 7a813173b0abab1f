#!/usr/bin/env python3
"""Signs a petition inside its embed, as a supporter would, in headless
Chromium driven over the DevTools protocol (--remote-debugging-pipe).

Usage: embed_browser.py PARENT_URL SCREENSHOT_FOLDER FIELDS_JSON OTHER_URL [CHROMIUM FLAG...]

Opens PARENT_URL (a page of another site holding the embed's <iframe>) at
phone width, saves a screenshot, fills the frame's sign form with FIELDS_JSON
({"name": ..., "email": ..., "zip": ...}), presses its button, waits for the
thank-you page inside the frame and saves another screenshot. Then opens
OTHER_URL, a page of a site the campaign does not list holding the same
<iframe>. Prints one JSON object: the frame's address and text before and
after, the cookies the frame's site set, and the address the frame on the
other site shows (Chromium's error page when it refused the frame). Exits 1 with a message on standard error when a step fails.
Standard library only."""

import base64
import fcntl
import json
import os
import shutil
import signal
import sys
import tempfile
import time

DEADLINE = time.monotonic() + 25


class Browser:
    def __init__(self, flags):
        self.profile = tempfile.mkdtemp(prefix="embed-chromium-")
        # Chromium reads commands from descriptor 3 and answers on 4. The pipes
        # are first moved above 4, so that putting them there takes nothing
        # else's place, and the child gets no other descriptor of ours.
        to_chrome_read, to_chrome_write = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in os.pipe())
        from_chrome_read, from_chrome_write = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in os.pipe())
        arguments = ["chromium", "--headless=new", "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check",
                     "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--mute-audio",
                     "--user-data-dir=" + self.profile] + flags + ["about:blank"]
        self.pid = os.posix_spawnp("chromium", arguments, os.environ, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, to_chrome_read, 3),
            (os.POSIX_SPAWN_DUP2, from_chrome_write, 4),
        ])
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self.writer = os.fdopen(to_chrome_write, "wb", buffering=0)
        self.reader = os.fdopen(from_chrome_read, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        for _ in range(50):
            if os.waitpid(self.pid, os.WNOHANG)[0] == self.pid:
                break
            time.sleep(0.1)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        shutil.rmtree(self.profile, ignore_errors=True)

    def read_message(self):
        while b"\0" not in self.buffer:
            if time.monotonic() > DEADLINE:
                fail("Chromium did not answer in time")
            chunk = self.reader.read(65536)
            if not chunk:
                fail("Chromium closed its pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        self.writer.write(json.dumps(command).encode() + b"\0")
        while True:
            message = self.read_message()
            if message.get("id") == self.next_id:
                if "error" in message:
                    fail(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, predicate):
        while True:
            for index, event in enumerate(self.events):
                if predicate(event):
                    return self.events.pop(index)
            self.events.append(self.read_message())


class Failure(Exception):
    pass


def fail(message):
    raise Failure(message)


def main():
    parent_url, screenshots, fields, other_url = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
    browser = Browser(sys.argv[5:])
    try:
        run(browser, parent_url, screenshots, fields, other_url)
    except Failure as failure:
        sys.stderr.write(f"embed_browser: {failure}\n")
        sys.exit(1)
    finally:
        browser.close()


def run(browser, parent_url, screenshots, fields, other_url):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    page = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.send("Page.enable", session=page)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": 390, "height": 1100, "deviceScaleFactor": 1, "mobile": True}, session=page)
    # The frame of another site runs in a process of its own: attach to it as it appears.
    browser.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": True}, session=page)
    frame = None

    def open_frame(url):
        """Opens url in the tab and returns the session of the frame in it."""
        browser.send("Page.navigate", {"url": url}, session=page)
        browser.wait_event(lambda e: e.get("method") == "Page.loadEventFired" and e.get("sessionId") == page)
        attached = browser.wait_event(lambda e: e.get("method") == "Target.attachedToTarget"
                                      and e["params"]["targetInfo"]["type"] == "iframe")
        return attached["params"]["sessionId"]

    def evaluate(expression):
        result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                              session=frame)
        if "exceptionDetails" in result:
            fail(f"in the frame: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(expression, what):
        # While the frame navigates, its document may be gone for a moment.
        shown = ""
        while time.monotonic() < DEADLINE - 2:
            try:
                if evaluate(expression):
                    return
                shown = evaluate("location.href + ' ' + (document.body ? document.body.innerText : '')")
            except Failure as failure:
                shown = str(failure)
            time.sleep(0.1)
        fail("timed out waiting for " + what + "; the frame shows: " + shown)

    frame = open_frame(parent_url)
    wait_for("document.readyState === 'complete' && !!document.querySelector('#sign-form')", "the sign form in the frame")
    before = {"url": evaluate("location.href"), "text": evaluate("document.body.innerText"),
              "height": evaluate("document.documentElement.scrollHeight")}
    shot(browser, page, os.path.join(screenshots, "embed-form.png"))

    filled = json.dumps(fields)
    evaluate(f"""(() => {{
        const fields = {filled};
        for (const [name, value] of Object.entries(fields)) {{
            const input = document.querySelector(`#sign-form [name="${{name}}"]`);
            if (input.type === 'checkbox') input.checked = !!value; else input.value = value;
        }}
        document.querySelector('#sign-form button[type=submit]').click();
        return true;
    }})()""")
    wait_for("location.pathname.endsWith('/thanks') && document.readyState === 'complete'", "the thank-you page in the frame")
    after = {"url": evaluate("location.href"), "text": evaluate("document.body.innerText"),
             "links": evaluate("[...document.querySelectorAll('a')].map(a => [a.getAttribute('href'), a.target])")}
    shot(browser, page, os.path.join(screenshots, "embed-thanks.png"))
    browser.send("Network.enable", session=frame)
    cookies = browser.send("Network.getCookies", {"urls": [before["url"]]}, session=frame)

    frame = open_frame(other_url)
    wait_for("location.href !== 'about:blank' && document.readyState === 'complete'", "the frame on the other site")
    other = evaluate("location.href")
    print(json.dumps({"before": before, "after": after, "cookies": cookies.get("cookies", []), "other": other}))


def shot(browser, page, path):
    data = browser.send("Page.captureScreenshot", {"format": "png"}, session=page)["data"]
    with open(path, "wb") as file:
        file.write(base64.b64decode(data))


if __name__ == "__main__":
    main()
