#!/usr/bin/env python3
"""The Seattle note in every shipped language at phone width (390 px), in
headless Chromium: the campaign page, the sign form refused (a malformed
e-mail address) and the thanks page after signing, each as
lang-LOCALE-{page,sign-error,thanks}.png, each checked by axe-core.

axe-core comes from PyPI's axe-playwright-python wheel, which carries
axe.min.js (installed without its dependencies: only the script is used).
Prints one line per page (the page's lang and dir, and axe's verdict) and
exits 1 when axe finds a violation on any page.

Usage: bench/languages.py BASE_URL OUTPUT_FOLDER   (bench/screenshots runs it)
"""
import base64
import glob
import importlib.util
import json
import os
import subprocess
import sys

from journeys import Browser

SLUG = "seattle-thank-welcoming-city"


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "axe-playwright-python"], check=False)
        if importlib.util.find_spec("axe_playwright_python") is None:
            subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--break-system-packages",
                            "axe-playwright-python"], check=True)
        spec = importlib.util.find_spec("axe_playwright_python")
    with open(os.path.join(os.path.dirname(spec.origin), "axe.min.js"), encoding="utf-8") as file:
        return file.read()


def shipped_locales():
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "templates", "locales")
    return sorted(os.path.basename(path)[:-5] for path in glob.glob(os.path.join(folder, "*.json")))


def check(browser, axe, name):
    """axe-core's violations on the page as it stands, one line per rule."""
    browser.evaluate(axe)
    result = browser.evaluate("axe.run(document).then(r => JSON.stringify(r.violations.map(v => "
                              "({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))))")
    violations = json.loads(result)
    page = browser.evaluate("document.documentElement.lang + ' ' + document.documentElement.dir")
    print("%-28s %-14s %s" % (name, page, "no violations" if not violations else "VIOLATIONS"))
    for violation in violations:
        print("    %s (%s): %s" % (violation["id"], violation["impact"], ", ".join(violation["nodes"])))
    return len(violations)


def full_page(browser, path):
    """The whole page at 390 px wide, not only what the first screen shows."""
    metrics = browser.send("Page.getLayoutMetrics")
    height = int(metrics["cssContentSize"]["height"])
    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": {"x": 0, "y": 0, "width": 390, "height": height, "scale": 1}})
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))


def submit(browser):
    browser.click("#sign-form button[type=submit]")
    browser.wait_for("Page.loadEventFired")
    browser.settle(0.3)


def main():
    base, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    axe = axe_source()
    violations = 0
    for number, locale in enumerate(shipped_locales()):
        browser = Browser()
        try:
            browser.open_page()
            url = "%s/c/%s?lang=%s" % (base, SLUG, locale)
            browser.navigate(url)
            browser.settle(0.3)
            full_page(browser, os.path.join(out, "lang-%s-page.png" % locale))
            violations += check(browser, axe, "lang-%s-page" % locale)

            browser.navigate(url)
            browser.type_into("#sign-name", "Ana María López")
            browser.type_into("#sign-email", "ana@")
            browser.type_into("#sign-zip", "98104")
            submit(browser)
            browser.screenshot(os.path.join(out, "lang-%s-sign-error.png" % locale))
            violations += check(browser, axe, "lang-%s-sign-error" % locale)

            browser.type_into("#sign-email", "ana.%d.%s@example.org" % (number, locale.lower()))
            submit(browser)
            browser.screenshot(os.path.join(out, "lang-%s-thanks.png" % locale))
            violations += check(browser, axe, "lang-%s-thanks" % locale)
        finally:
            browser.close()
    if violations:
        print("axe-core found %d violations" % violations)
        sys.exit(1)


if __name__ == "__main__":
    main()
