"""The built site in a real browser (Debian's chromium-headless-shell through Playwright), served
under a sub-path like GitHub Pages: every page in every language loads without console errors and
without asking another host for anything, passes axe-core (no serious or critical
violation), fits a 390 px phone with nothing to scroll sideways; the language switcher,
search (Pagefind) and PDF link work.

Search has its own module (test_search_browser.py). One browser for the test process
(tests/browserkit.py); skipped with a reason when Chromium or Playwright is missing.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urljoin, urlparse

import pytest
from browserkit import PHONE, axe, axe_url, require
from conftest import ROOT
from siteserve import LANG_DIRS, NOT_FOUND, served_site, site_pages, site_url

AXE_SEEN: dict[str, set[str]] = {}  # impact -> rule ids, for the summary line below
require()


# Every page of every edition, one item each, so that the workers share them evenly; known at
# collection from the pages people write (docs/zh/*.md; every edition has the same).
PAGES = sorted("" if p.stem == "index" else f"{p.stem}/" for p in (ROOT / "docs" / "zh").glob("*.md"))


@pytest.fixture(scope="module")
def axe_script(server, served_root) -> str:
    """axe-core's address on the test server, installed and linked there once for the module."""
    return axe_url(server, served_root)


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_the_pages_checked_one_by_one_are_every_built_page(built_site, lang: str) -> None:
    assert sorted(site_pages(built_site.site, lang)) == sorted(LANG_DIRS[lang] + page for page in PAGES)


# The page at a phone's width, measured in one call: once laid out at that width (a frame at a
# time, for at most a second), how wide the document is and what sticks out; and what the reader
# would scroll sideways inside the page (tables become cards).
ON_A_PHONE = """async screen => {
    for (let frame = 0; window.innerWidth !== screen && frame < 60; frame++) await new Promise(requestAnimationFrame);
    const width = document.documentElement.scrollWidth;
    const wide = width <= window.innerWidth ? [] : [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search'));
    const sideways = [...document.querySelectorAll('.md-content table, .md-content pre, .md-typeset__scrollwrap')]
        .filter(e => e.scrollWidth > e.clientWidth + 1);
    return {width, screen: window.innerWidth,
            wide: wide.slice(0, 3).map(e => e.tagName + '.' + e.className),
            sideways: sideways.slice(0, 3).map(e => e.tagName + ': ' + e.textContent.slice(0, 40))};
}"""


@pytest.mark.parametrize("page_path", PAGES)
@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_page_loads_cleanly_passes_axe_and_fits_a_phone(built_site, server, axe_script, browser, lang: str, page_path: str) -> None:
    # The colours of text and of links in running text come from the theme and report.css, which
    # every edition shares: the two rules that compute them (axe's costliest: without
    # color-contrast, link-in-text-block computes the colours itself) run on the default
    # edition's pages; every other rule on all of them.
    options = {"resultTypes": ["violations"]}
    if lang != "zh":
        options["rules"] = {rule: {"enabled": False} for rule in ("color-contrast", "link-in-text-block")}
    problems: list[str] = []
    rel = LANG_DIRS[lang] + page_path
    url = server + rel
    page = browser.tab()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    for violation in axe(page, axe_script, options)["violations"]:
        AXE_SEEN.setdefault(violation["impact"], set()).add(violation["id"])
        if violation["impact"] in ("serious", "critical"):
            targets = [n["target"] for n in violation["nodes"]][:3]
            problems.append(f"{rel}: axe {violation['id']} ({violation['impact']}) on {targets}")
    page.set_viewport_size(PHONE)  # the same page on a phone: nothing wider than the screen
    phone = page.evaluate(ON_A_PHONE, PHONE["width"])
    if phone["screen"] != PHONE["width"]:
        problems.append(f"{rel}: still {phone['screen']} px wide a second after the phone's {PHONE['width']} px were set")
    elif phone["width"] > phone["screen"]:
        problems.append(f"{rel}: {phone['width']} px wide at {phone['screen']} px ({phone['wide']})")
    if phone["sideways"]:
        problems.append(f"{rel}: scrolls sideways at {PHONE['width']} px: {phone['sideways']}")
    page.wait_for_load_state("networkidle")  # late requests (search index, worker) have reported their errors
    assert not problems, "\n".join(problems)
    errors = [e for e in browser.errors if e.startswith(url + ":")]
    assert not errors, "\n".join(errors)
    assert not browser.foreign, f"requests to other hosts: {sorted(set(browser.foreign))}"


@pytest.mark.parametrize(("lang", "other"), [("zh", "en"), ("en", "zh-Hant"), ("zh-Hant", "zh")])
def test_language_switcher_keeps_the_page(server, browser, lang: str, other: str) -> None:
    page = browser.tab()
    page.goto(server + LANG_DIRS[lang] + "talent/")
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    page.wait_for_url(server + LANG_DIRS[other] + "talent/")
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_pdf_link_downloads(server, browser, lang: str) -> None:
    page = browser.tab()
    page.goto(server + LANG_DIRS[lang] + "money/")
    href = page.locator("a.report-pdf-link").evaluate("a => a.href")
    assert href.endswith(f"/downloads/report-{lang}.pdf")
    with urllib.request.urlopen(href) as response:
        assert response.status == 200
        assert response.read(5) == b"%PDF-"


def test_figures_open_full_size_and_download(built_site, server, browser) -> None:
    page = browser.tab("phone", PHONE)
    page.goto(server + "en/talent/")
    figure = page.locator("figure.report-figure").first
    figure.scroll_into_view_if_needed()
    box = figure.locator("img").bounding_box()
    assert box and box["width"] <= PHONE["width"]
    # A phone gets the narrow drawing (tests/test_figures.py keeps its labels at reading size).
    assert figure.locator("img").evaluate("i => i.currentSrc").endswith(".narrow.svg")
    hrefs = figure.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert any(h.endswith(".svg") and not h.endswith(".narrow.svg") for h in hrefs) and any(h.endswith(".csv") for h in hrefs), hrefs
    desktop = browser.tab()
    desktop.goto(server + "en/talent/")
    img = desktop.locator("figure.report-figure img").first
    img.scroll_into_view_if_needed()
    desktop.wait_for_function("i => i.complete && i.currentSrc", arg=img.element_handle())
    assert not img.evaluate("i => i.currentSrc").endswith(".narrow.svg")
    for href in hrefs:
        with urllib.request.urlopen(href) as response:
            assert response.status == 200 and response.read(1)


@pytest.mark.parametrize("page_path", ["en/money/", "en/comparison/"])
def test_tables_shown_as_cards_keep_their_table_semantics(server, browser, page_path: str) -> None:
    """On a phone every table is cards (its rows displayed as blocks), and Chromium's
    accessibility tree still has the table: a row per row, a column header per header, a cell
    per shown cell, with no ARIA role in the markup (the HTML checker rejects those)."""
    page = browser.tab("phone", PHONE)
    page.goto(server + page_path, wait_until="load")
    shown = page.evaluate("""() => {
        const count = sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility()).length;
        return {cards: [...document.querySelectorAll('table[data-cards] tbody tr')].every(r => getComputedStyle(r).display === 'block'),
                roles: document.querySelectorAll('table[role], table [role]').length,
                table: count('table'), row: count('tr'), columnheader: count('th'), cell: count('td')}
    }""")
    assert shown.pop("cards") and shown.pop("roles") == 0 and shown["table"]
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    roles = [n["role"]["value"] for n in nodes if not n.get("ignored")]
    assert {role: roles.count(role) for role in shown} == shown


# Where the target is once the page has settled (fonts loaded and two frames laid out: a
# condition, not a timer), and whether the page ends on the screen.
SETTLED_TARGET = """async id => {
    await document.fonts.ready;
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    return [Math.round(document.getElementById(id).getBoundingClientRect().top),
            scrollY + innerHeight >= document.documentElement.scrollHeight - 2];
}"""


def test_deep_links_land_on_their_target(server, browser) -> None:
    """A citation link from elsewhere (…/comparison/#fn:…) opens with its target at the top of
    a phone screen (or on screen, where the page ends first): nothing may move a target
    after the browser has scrolled to it."""
    page = browser.tab("phone", PHONE)
    page.goto(server + "en/comparison/", wait_until="load")
    ids = page.evaluate("[...document.querySelectorAll('h2[id], .footnote li[id]')].map(e => e.id)")
    missed = {}
    for visit, target in enumerate(ids[::3]):
        # A fresh load each time, not a jump within the page: an address of its own (the query),
        # reached from a page of the same site, as a link from another page is followed.
        page.goto(f"{server}en/comparison/?visit={visit}#{target}", wait_until="load")
        top, at_end = page.evaluate(SETTLED_TARGET, target)
        if not (0 <= top <= 120 or (at_end and 0 <= top < PHONE["height"] - 40)):
            missed[target] = top
    assert len(ids) > 20 and not missed, missed


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_missing_address_gets_the_404_page_of_its_edition(built_site, browser, tmp_path, lang: str) -> None:
    """GitHub Pages answers every missing address with the root 404.html; the reader still gets
    the 404 page of the edition the address belongs to. The site is mounted at its site_url
    path here, because 404 pages link their assets from the site root."""
    mount = urlparse(site_url(built_site.site)).path.strip("/")
    with served_site(built_site.site, tmp_path, mount) as base:
        page = browser.browser.new_page()  # not watched: this server is not the one the watcher knows
        response = page.goto(base + LANG_DIRS[lang] + "no-such-page/")
        heading, html_lang, homes = page.evaluate("""() => [document.querySelector('h1').innerText, document.documentElement.lang,
            [...document.querySelectorAll('article a:not(.headerlink):not(.report-pdf-link)')].map(a => a.href)]""")
        url = page.url
        page.close()
        for home in homes:  # the way back, and on the root page the other editions' home pages
            with urllib.request.urlopen(home) as back:
                assert back.status == 200 and b"<h1" in back.read()
    assert homes and homes[0] == base + LANG_DIRS[lang]
    assert response.status == 404
    assert NOT_FOUND[lang] in heading and html_lang == lang
    assert url.endswith(f"/{mount}/{LANG_DIRS[lang]}404.html" if LANG_DIRS[lang] else "/no-such-page/"), url


def test_axe_summary(capsys) -> None:
    """Not a check: prints which lower-impact axe rules fired (pytest -s shows it)."""
    with capsys.disabled():
        print(f"\naxe violations seen (impact: rules): { {k: sorted(v) for k, v in AXE_SEEN.items()} }")


def test_a_citation_opens_with_the_readers_access_date(server, browser) -> None:
    """ "Cite this page": closed until asked for; GB/T 7714's access date is today's (filled by the theme,
    which removes the note saying what to write there)."""
    import datetime as dt

    page = browser.tab("phone", PHONE)
    page.goto(server + "money/", wait_until="load")
    block = page.locator("details.cite-this").last
    code = block.locator("code").first
    assert not code.is_visible()
    block.locator("summary").click()
    text = code.inner_text()
    assert "[EB/OL]" in text and "/money/" in text
    assert page.locator(".cite-note").count() == 0  # the note for readers without a script is gone
    assert f"[{dt.date.today().isoformat()}]" in text or f"[{dt.datetime.now(dt.UTC).date().isoformat()}]" in text


def test_a_figure_opens_as_a_table_with_the_keyboard(server, browser) -> None:
    """The Table view of a figure: in the keyboard's tab order, opened with Enter, its values cited."""
    page = browser.tab()
    page.goto(server + "en/talent/", wait_until="load")
    summary = page.locator("details.figure-data summary").first
    table = page.locator("details.figure-data table").first
    assert not table.is_visible()
    assert summary.evaluate("e => e.tabIndex") >= 0
    summary.focus()
    page.keyboard.press("Enter")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 2 and table.locator("a.footnote-ref").count() == table.locator("tbody tr").count()


def test_a_full_size_figure_has_a_title_per_mark_reached_with_the_keyboard(server, browser) -> None:
    """The figure's link opens the drawing itself: each mark has its <title> and Tab reaches them in turn."""
    page = browser.tab()
    page.goto(server + "en/talent/", wait_until="load")
    href = page.locator("figure.report-figure a").first.get_attribute("href")
    page.goto(urljoin(server + "en/talent/", href), wait_until="load")
    marks = page.locator("g[tabindex='0'] > title")
    count = marks.count()
    assert count >= 2
    focused = []
    for _ in range(count):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement && document.activeElement.id"))
    assert focused == [f"mark-{n}" for n in range(1, count + 1)]
