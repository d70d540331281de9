"""Search in a real browser (tests/browserkit.py): a query shows the passage that matched in the
reader's language, a Traditional query finds what its Simplified form finds, what every page
repeats is not indexed, and the dialog opens and closes from the keyboard, loading Pagefind only
when opened. Skipped with a reason when Chromium or Playwright is missing."""

from __future__ import annotations

import json
import re

import pytest
from browserkit import require
from conftest import ROOT
from siteserve import LANG_DIRS

require()


# (language, query, a page that must be among the results, a word of the query that must be marked in a passage)
SEARCHES = [
    ("zh", "算力", "suzhou/", "算力"),
    ("zh-Hant", "算力", "suzhou/", "算力"),
    ("zh", "揭榜挂帅", "nanjing/", "揭榜"),
    ("zh-Hant", "揭榜掛帥", "nanjing/", "揭榜"),
    ("en", "computing power", "suzhou/", "computing"),
    ("en", "open competition", "nanjing/", "competition"),
]


def _search(page, query: str):
    """Type a query into the open search dialog; return once Pagefind has answered: its message
    is no longer the catalogue's "searching" one and no result is still loading."""
    box = page.locator("#report-search input")
    box.wait_for()
    box.fill(query)
    page.wait_for_function(
        """q => {
        const dialog = document.getElementById('report-search'), words = JSON.parse(dialog.dataset.words);
        const message = dialog.querySelector('.pagefind-ui__message');
        return message && message.textContent.includes(q) && message.textContent !== words.searching.replace('[SEARCH_TERM]', q)
            && !dialog.querySelector('.pagefind-ui__loading');
    }""",
        arg=query,
        timeout=10_000,
    )
    return page.locator("#report-search")


@pytest.fixture(scope="module")
def searching(server, browser):
    """The search dialog of an edition, opened on its talent page: Pagefind loads once per edition
    and each test types its queries into it (a tab of their own, which other tests do not move)."""
    opened = {}

    def dialog_of(lang: str):
        if lang not in opened:
            page = opened[lang] = browser.page()
            page.goto(server + LANG_DIRS[lang] + "talent/")
            page.locator(".report-search-open").click()
        return opened[lang]

    yield dialog_of
    for page in opened.values():
        page.close()


@pytest.mark.parametrize(("lang", "query", "expected", "marked"), SEARCHES)
def test_search_shows_the_passage_in_the_readers_language(server, browser, searching, lang, query, expected, marked) -> None:
    page = searching(lang)
    dialog = _search(page, query)
    links = dialog.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=10_000)
    hrefs = links.evaluate_all("as => as.map(a => a.href)")
    lang_root = server + LANG_DIRS[lang]
    pages = [h.split("#")[0] for h in hrefs]
    # The reader's own language only, the expected page among the results.
    assert lang_root + expected in pages, f"{query!r}: {expected} not in {pages}"
    assert all(h.startswith(lang_root) and not h.startswith(tuple(server + d for d in LANG_DIRS.values() if len(d) > len(LANG_DIRS[lang]))) for h in pages), (
        pages
    )
    # Each result shows the passage that matched, with the searched words marked, and links to its section.
    passages = dialog.locator(".pagefind-ui__result-excerpt").evaluate_all("es => es.map(e => e.innerHTML)")
    assert passages and "<mark>" in passages[0], passages
    # Chinese is marked word by word, sometimes a character at a time: adjacent marks read as one.
    marks = [m for p in passages for m in re.findall(r"<mark>(.*?)</mark>", p.replace("</mark><mark>", ""))]
    assert any(marked.lower() in m.lower() for m in marks), marks
    assert any("#" in h for h in hrefs), hrefs
    # The result's language matches the page's: the dialog's own words come from the catalogue.
    assert page.locator("#report-search input").get_attribute("placeholder") == {"zh": "搜索本报告", "zh-Hant": "搜索本報告", "en": "Search the report"}[lang]
    assert not browser.foreign, f"requests to other hosts: {sorted(set(browser.foreign))}"


# The report's terms, in Simplified; the Traditional query is what the site's own converter makes of it.
PARITY_QUERIES = ["苏州", "产业基金", "数据", "算力", "人工智能", "揭榜挂帅", "集成电路", "新年第一会", "投资", "创新", "发布", "人才", "专项资金", "场景"]
_COUNT = """async q => {
    const root = new URL(document.querySelector('.report-search-open').dataset.root, location.href);
    const pagefind = await import(new URL('pagefind/pagefind.js', root).href);
    await pagefind.init();
    return (await pagefind.search(q)).results.length;
}"""


def test_a_traditional_query_finds_what_its_simplified_form_finds(searching) -> None:
    """Search parity: each term searched in the Traditional edition finds as many pages (±1) as its
    Simplified form in the Simplified edition (Pagefind's index, as the search dialog queries it)."""
    from reportgen.i18n.hant import converter
    from reportgen.model.validate import load_dataset

    site = load_dataset(ROOT / "data").site
    to_hant = converter(site.opencc_profile, tuple(site.opencc_phrases.items()))
    zh, hant = searching("zh"), searching("zh-Hant")
    counts = {q: (zh.evaluate(_COUNT, q), to_hant(q), hant.evaluate(_COUNT, to_hant(q))) for q in PARITY_QUERIES}
    assert all(n > 0 for n, _, _ in counts.values()), counts
    assert not {q: c for q, c in counts.items() if abs(c[0] - c[2]) > 1}, counts


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_search_leaves_out_what_every_page_repeats(server, searching, lang) -> None:
    """ "Cite this" (BibTeX on every page) and the PDF link are not indexed: "BibTeX" finds only the
    method page, whose prose names it; a word no page holds gets the catalogue's zero-results line."""
    page = searching(lang)
    dialog = _search(page, "BibTeX")
    found = {h.split("#")[0] for h in dialog.locator(".pagefind-ui__result-link").evaluate_all("as => as.map(a => a.href)")}
    assert found == {server + LANG_DIRS[lang] + "method/"}, found
    dialog = _search(page, "zzqxv")
    words = json.loads(dialog.get_attribute("data-words"))
    assert dialog.locator(".pagefind-ui__result").count() == 0
    assert dialog.locator(".pagefind-ui__message").inner_text() == words["zero_results"].replace("[SEARCH_TERM]", "zzqxv")


def test_search_opens_and_closes_from_the_keyboard(server, browser) -> None:
    page = browser.tab()
    page.goto(server + "en/money/")
    page.keyboard.press("/")
    box = page.locator("#report-search input")
    box.wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.matches('#report-search input')")
    page.keyboard.type("talent")
    page.locator("#report-search .pagefind-ui__result-link").first.wait_for(timeout=10_000)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('report-search').open")
    # Before the dialog opens, the page fetched nothing of Pagefind.
    fresh = browser.page()  # a new tab: nothing of Pagefind in its memory cache
    requests: list[str] = []
    fresh.on("request", lambda r: requests.append(r.url))
    fresh.goto(server + "en/money/")
    fresh.wait_for_load_state("networkidle")
    assert not [r for r in requests if "/pagefind/" in r], requests
    fresh.locator(".report-search-open").click()
    fresh.locator("#report-search input").wait_for()
    assert [r for r in requests if r.endswith("/pagefind/pagefind-ui.js")]
    fresh.close()
