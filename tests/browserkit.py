"""The browser the browser tests share (Debian's chromium-headless-shell through Playwright): one
per test process (the `browser` fixture in conftest.py), a context per viewport, one reused tab in each;
console errors and requests to other hosts recorded; the site's own address served here."""

from __future__ import annotations

import contextlib
import ssl
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from siteserve import served_site

# Chromium's old headless shell: the same Blink as the full browser, without its window
# machinery: the browser tests took a quarter less CPU than with `chromium` (BENCHMARKS.md).
# Where only the full browser is installed (a hosted runner's image), that one.
CHROMIUMS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
CHROMIUM = next((path for path in CHROMIUMS if path.exists()), CHROMIUMS[0])
# V8 up to its baseline compiler (Sparkplug): each page is a new context that runs axe-core and
# the theme's scripts once, and the optimising tiers' background compiles were a fifth of the
# renderer's CPU there, for code that runs no faster for it (BENCHMARKS.md). What a script does
# is the same in every tier.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--js-flags=--max-opt=1"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require() -> None:
    """Skip the calling test module, with the reason, when Playwright or Chromium is missing
    (`make install` as root installs chromium-headless-shell, so CI runs them)."""
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (make install)")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: make install as root, or apt-get install {CHROMIUM.name}", allow_module_level=True)


def axe_url(server: str, served_root: Path) -> str:
    """axe-core at the version reportgen/node.py pins (installed with npm on first use), served
    beside the site: a page loads it by URL, so the browser compiles it once and reuses the
    code on every page, where sending its text through the driver cost twice the CPU."""
    from reportgen.node import NodeToolError, installed

    try:
        script = installed("axe-core") / "axe.min.js"
    except NodeToolError as error:
        pytest.fail(str(error), pytrace=False)
    served = served_root / "axe.min.js"
    if not served.exists():  # a module's fixture may be made again when its tests come apart
        served.symlink_to(script)
    return server.rsplit("/", 2)[0] + "/axe.min.js"


# Loads axe-core by its address (a script tag, as Playwright's add_script_tag makes) and runs it,
# in one call to the browser instead of two.
_AXE = """async ([url, options]) => {
    await new Promise((loaded, failed) => {
        const script = Object.assign(document.createElement('script'), {src: url, onload: loaded});
        script.onerror = () => failed(new Error('axe-core did not load from ' + url));
        document.head.append(script);
    });
    return axe.run(document, options);
}"""


def axe(page, url: str, options: dict) -> dict:
    """axe-core's results for the page loaded in `page` (`url`: axe_url)."""
    return page.evaluate(_AXE, [url, options])


class Browser:
    """One chromium, one context per viewport; records console errors and requests to other
    hosts. The site's own address (its site_url, which absolute links and alternates name)
    resolves to `own_port` on this machine, where the built site is served over TLS as where it is
    deployed; every other host resolves to nothing. Requests are watched, not intercepted: a
    route would stop every request of a page for a round trip through the driver, which doubled
    the CPU a page load costs."""

    def __init__(self, playwright, base: str, site_url: str = "", own_port: int = 0) -> None:
        self.base, self.site_url = base, site_url
        self.local = base.split("/", 3)[:3]  # scheme, "", host:port of the local server
        rules = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
        if site_url and own_port:
            rules = f"MAP {urlparse(site_url).hostname} 127.0.0.1:{own_port}, {rules}"
        self.browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*ARGS, f"--host-resolver-rules={rules}"])
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.contexts = {}
        self.tabs = {}

    def context(self, name: str, viewport: dict):
        if name not in self.contexts:
            # The local server's certificate is its own: accepted here as the site's host's would be.
            ctx = self.browser.new_context(viewport=viewport, service_workers="block", ignore_https_errors=True)
            ctx.on("request", self._watch)
            self.contexts[name] = ctx
        return self.contexts[name]

    def _watch(self, request) -> None:
        url = request.url
        if not (url.split("/", 3)[:3] == self.local or (self.site_url and url.startswith(self.site_url)) or url.startswith(("data:", "blob:"))):
            self.foreign.append(url)

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


def _certificate(folder: Path) -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate (openssl, which Debian's
    ca-certificates brings)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
    subprocess.run([*command, "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@contextlib.contextmanager
def launched(base: str, site: Path, site_url: str):
    """A Browser for the site served at `base` (built for `site_url`, served there too), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        own = stack.enter_context(served_site(site, tmp, urlparse(site_url).path.strip("/"), _certificate(tmp)))
        browser = Browser(stack.enter_context(sync_playwright()), base, site_url, urlparse(own).port)
        stack.callback(browser.browser.close)
        yield browser
