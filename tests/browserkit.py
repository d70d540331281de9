"""The browser the browser tests share (Debian's chromium through Playwright): one per test
module (the `browser` fixture in conftest.py), a context per viewport, one reused tab in each;
console errors and requests to other hosts recorded."""

from __future__ import annotations

import contextlib
import functools
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require() -> None:
    """Skip the calling test module, with the reason, when Playwright or Chromium is missing
    (`make install` as root installs chromium, so CI runs them)."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: browser tests need Debian's chromium (make install as root, or apt-get install chromium)", allow_module_level=True)


@functools.cache
def axe():
    """axe-core at the version reportgen/node.py pins, installed with npm on first use (the one
    axe-playwright-python bundles is older and twice as slow)."""
    from axe_playwright_python.sync_playwright import Axe
    from reportgen.node import NodeToolError, installed

    try:
        return Axe.from_file(installed("axe-core") / "axe.min.js")
    except NodeToolError as error:
        pytest.fail(str(error), pytrace=False)


class Browser:
    """One chromium, one context per viewport; records console errors and foreign requests. The
    site's own address (its site_url, which absolute links and alternates name) is answered from
    the built site, as where it is deployed."""

    def __init__(self, playwright, base: str, site: Path | None = None, site_url: str = "") -> None:
        self.base, self.site, self.site_url = base, site, site_url
        self.browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.contexts = {}
        self.tabs = {}

    def context(self, name: str, viewport: dict):
        if name not in self.contexts:
            ctx = self.browser.new_context(viewport=viewport, service_workers="block")
            # Only what is not the local server reaches Python (matched in the driver): the pages'
            # own files load without a round trip through this process.
            local = re.escape(self.base.split("/REPO/")[0] + "/")
            ctx.route(re.compile(rf"^(?!{local}|data:|blob:)"), self._route)
            self.contexts[name] = ctx
        return self.contexts[name]

    def _route(self, route) -> None:
        url = route.request.url
        if self.site is not None and self.site_url and url.startswith(self.site_url):
            path = self.site / url.removeprefix(self.site_url).split("#")[0].split("?")[0]
            path = path / "index.html" if path.is_dir() else path
            if path.is_file():
                route.fulfill(path=str(path))
            else:
                route.fulfill(status=404, body="")
        else:
            self.foreign.append(url)
            route.abort()

    def page(self, name: str = "desktop", viewport: dict | None = None):
        """A new tab: for a test that needs one nothing has loaded in before."""
        page = self.context(name, viewport or DESKTOP).new_page()
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"{page.url}: {e}"))
        return page

    def tab(self, name: str = "desktop", viewport: dict | None = None):
        """The context's one tab, at `viewport`, for each test to navigate in turn: a new tab costs
        the browser a renderer process each time (about a third of a page test's CPU)."""
        viewport = viewport or DESKTOP
        if name not in self.tabs:
            self.tabs[name] = self.page(name, viewport)
        if self.tabs[name].viewport_size != viewport:
            self.tabs[name].set_viewport_size(viewport)
        return self.tabs[name]


@contextlib.contextmanager
def launched(base: str, site: Path, site_url: str):
    """A Browser for the site served at `base` (built for `site_url`), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = Browser(pw, base, site, site_url)
        try:
            yield browser
        finally:
            browser.browser.close()
