"""The built site, as readers get it: three languages, localised numbers, no foreign
hosts, Traditional text free of Simplified-only characters, every indicator shown."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import opencc
import pytest
from reportgen.config import PATHS
from reportgen.i18n.localize import localizer
from reportgen.model.validate import load_dataset
from siteserve import LANG_DIRS, site_pages


class _Text(HTMLParser):
    """Visible text, the report's own (`prose`) apart from the sources' words (`quotations`,
    each with its language), and the URLs a page makes the browser load."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.prose: list[str] = []
        self.quotations: list[tuple[str, str]] = []  # (language, the quoted words)
        self.loads: list[str] = []
        self._skip = 0
        self._lang = ""
        self._spans: list[str | None] = []  # per open <span>: the language of a quotation, or None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self._lang = attrs.get("lang", "")
        if tag == "span":
            quoted = "quotation" in (attrs.get("class") or "").split()
            self._spans.append(attrs.get("lang") or self._lang if quoted else None)
            if quoted:
                self.quotations.append((self._spans[-1], ""))
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("script", "img", "iframe", "source", "audio", "video") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon", "modulepreload", "manifest"):
            self.loads.append(attrs.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "span" and self._spans:
            self._spans.pop()
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if any(self._spans):
            lang, words = self.quotations[-1]
            self.quotations[-1] = (lang, words + data)
        else:
            self.prose.append(data)


def parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path, lang: str) -> list[Path]:
    return [site / rel / "index.html" for rel in site_pages(site, lang)]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(PATHS.data)


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_home_page_in_each_language(built_site, lang: str) -> None:
    html = (built_site.site / LANG_DIRS[lang] / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    assert len(pages(built_site.site, lang)) >= 10


def _og_title(page: Path) -> str:
    match = re.search(r'<meta property="og:title" content="([^"]*)"', page.read_text(encoding="utf-8"))
    assert match, f"{page}: no og:title"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_the_home_page_is_shared_under_the_report_title(built_site, dataset, lang: str) -> None:
    """A link to a home page previews as the report (data/site.yaml's title in the page's
    language), not as the "Home" its menu label says; other pages keep their own titles."""
    title = localizer(lang, dataset).text(dataset.site.title)
    assert _og_title(built_site.site / LANG_DIRS[lang] / "index.html") == title
    others = [page for page in pages(built_site.site, lang) if page.parent != built_site.site / LANG_DIRS[lang].rstrip("/")]
    assert others and title not in {_og_title(page) for page in others}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["200个以上", "5万亿元", "40,000 PFLOPS", "150个"]),
        ("zh-Hant", ["200個以上", "5萬億元", "40,000 PFLOPS", "150個"]),
        ("en", ["at least 200 datasets", "CNY 5 trillion", "40,000 PFLOPS", "150 models"]),
    ],
)
def test_suzhou_slice_is_localised(built_site, lang: str, expected: list[str]) -> None:
    text = "".join(parse(built_site.site / LANG_DIRS[lang] / "suzhou-actions" / "index.html").text)
    for value in expected:
        assert value in text


@pytest.mark.parametrize(("lang", "expected"), [("zh", "5.2亿元"), ("zh-Hant", "5.2億元"), ("en", "CNY 520 million")])
def test_money_formatted_per_locale(built_site, lang: str, expected: str) -> None:
    assert expected in "".join(parse(built_site.site / LANG_DIRS[lang] / "money" / "index.html").text)


# Characters that are Traditional too in some words (上游, 批准, 公里), though OpenCC
# changes them when they stand alone; and the switcher's name for the Simplified edition.
TRADITIONAL_TOO = set("里游准")
SIMPLIFIED_EDITION_NAME = "简体中文"


def test_traditional_pages_have_no_simplified_only_characters(built_site) -> None:
    """The report's own words in the Traditional edition (Taiwan's forms, OpenCC s2tw);
    quotations keep their source's script."""
    s2tw = opencc.OpenCC("s2tw.json")
    bad: dict[str, set[str]] = {}
    files = pages(built_site.site, "zh-Hant") + sorted((built_site.site / "zh-Hant" / "figures").glob("*.svg"))
    for path in files:
        text = "".join(parse(path).prose) if path.suffix == ".html" else re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
        for char in set(text.replace(SIMPLIFIED_EDITION_NAME, "")):
            if "\u4e00" <= char <= "\u9fff" and char not in TRADITIONAL_TOO and s2tw.convert(char) != char:
                bad.setdefault(char, set()).add(str(path.relative_to(built_site.site)))
    assert not bad, f"Simplified-only characters on zh-Hant pages: {bad}"


SEEDS = PATHS.root / load_dataset(PATHS.data).site.sources_folder  # as the report declares it


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_quotation_is_verbatim_in_its_source(built_site, dataset, lang: str) -> None:
    """Every quotation on every page of an edition is the source's own words, in its own script,
    marked with that script's language: OpenCC never touches one (the zh-Hant edition included)."""
    if not SEEDS.is_dir():
        pytest.skip(f"source articles not found at {SEEDS}")
    articles = {s.language: (SEEDS / s.file).read_text(encoding="utf-8") for s in dataset.sources}
    shown = [(page.relative_to(built_site.site), quote) for page in pages(built_site.site, lang) for quote in parse(page).quotations]
    assert len({quote for _, quote in shown}) >= 100, "expected the report's quotations on the pages"
    wrong = [f"{page}: [{language}] {words}" for page, (language, words) in shown if words not in articles.get(language, "")]
    assert not wrong, "quotations not verbatim in their source:\n" + "\n".join(wrong[:20])


def test_traditional_prose_uses_taiwan_standard_forms(built_site) -> None:
    """The Traditional edition's own words use Taiwan's standard characters (為, 群, 線), not
    OpenCC's archaic ones (爲, 羣, 綫): no character that OpenCC's t2tw would still change."""
    t2tw = opencc.OpenCC("t2tw.json")
    bad: dict[str, set[str]] = {}
    for page in pages(built_site.site, "zh-Hant"):
        for char in set("".join(parse(page).prose)):
            if "\u4e00" <= char <= "\u9fff" and t2tw.convert(char) != char:
                bad.setdefault(char, set()).add(str(page.relative_to(built_site.site)))
    assert not bad, f"archaic forms in zh-Hant prose: {bad}"


def test_no_page_loads_anything_from_another_host(built_site) -> None:
    offenders = []
    for lang in LANG_DIRS:
        for page in pages(built_site.site, lang):
            html = page.read_text(encoding="utf-8")
            offenders += [f"{page}: {url}" for url in parse(page).loads if re.match(r"(https?:)?//", url)]
            if "fonts.googleapis" in html or "fonts.gstatic" in html:
                offenders.append(f"{page}: Google Fonts")
    for css in built_site.site.rglob("*.css"):
        offenders += [f"{css}: {u}" for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8"))]
    assert not offenders


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_indicator_is_shown_and_cited(built_site, dataset, lang: str) -> None:
    cited = set()
    for page in pages(built_site.site, lang):
        cited |= set(re.findall(r'id="fn:([a-z0-9-]+)"', page.read_text(encoding="utf-8")))
    missing = {i.id for i in dataset.indicators} - cited
    assert not missing, f"indicators never shown on a {lang} page: {sorted(missing)}"


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_every_figure_with_svg_csv_and_alt_text(built_site, dataset, lang: str) -> None:
    html = "".join(p.read_text(encoding="utf-8") for p in pages(built_site.site, lang))
    for spec in dataset.figures:
        assert f'id="fig-{spec.id}"' in html
        for ext in ("svg", "narrow.svg", "csv"):
            assert (built_site.site / LANG_DIRS[lang] / "figures" / f"{spec.id}.{ext}").stat().st_size > 0
    assert 'alt=""' not in html


def test_headings_keep_unicode_ids(built_site) -> None:
    assert '<h2 id="一屏看懂这一天"' in (built_site.site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANG_DIRS)
def test_language_switcher_stays_on_the_same_page(built_site, lang: str) -> None:
    html = (built_site.site / LANG_DIRS[lang] / "talent" / "index.html").read_text(encoding="utf-8")
    links = dict((h, href) for href, h in re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link"', html))
    assert set(links) == set(LANG_DIRS)
    here = built_site.site / LANG_DIRS[lang] / "talent"
    for other, href in links.items():
        assert (here / href).resolve() == (built_site.site / LANG_DIRS[other] / "talent").resolve()


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site."""
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_clean_builds_give_identical_bytes_under_mkdocs_and_properdocs(built_site, tmp_path) -> None:
    """A second build from a fresh copy, elsewhere on disk, with an empty cache and with ProperDocs
    (the maintained fork of MkDocs 1.x) instead of MkDocs, reproduces every file, the PDFs
    included, byte for byte but the theme's generator tag (the suite's one second clean build)."""
    from conftest import BuiltSite, build_env, copy_repo
    from reportgen.tools.sitediff import differences

    root = copy_repo(tmp_path / "again")
    again = BuiltSite(root, root / "site", build_env(root), "")
    again.run("-m", "reportgen", "build", "--engine", "properdocs")
    assert differences(built_site.site, again.site) == []


def test_a_warm_build_gives_the_same_bytes_as_the_cold_one(built_site, tmp_path) -> None:
    """Built again where the shared site was built: every page's conversion is kept from the
    first build (reportgen/site/converted.py), and every file comes out the same."""
    warm = tmp_path / "site"
    result = built_site.run("-m", "mkdocs", "build", "--strict", "--verbose", "-d", str(warm))
    kept = re.search(r"converted pages: (\d+) of (\d+) kept from earlier builds", result.stdout + result.stderr)
    assert kept and kept.group(1) == kept.group(2) != "0", kept and kept.group(0)

    cold = {name: data for name, data in _files(built_site.site).items() if not name.endswith(".pdf")}  # the site step alone: no PDFs
    again = _files(warm)
    assert sorted(cold) == sorted(again)
    assert not [name for name in cold if cold[name] != again[name]]


def test_no_script_blocks_the_first_paint(built_site) -> None:
    """Every external script is deferred: the page is readable before Material's JS runs."""
    blocking = []
    for lang in LANG_DIRS:
        for page in pages(built_site.site, lang):
            for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8")):
                if not re.search(r"\s(defer|async)[\s>=]", tag):
                    blocking.append(f"{page.relative_to(built_site.site)}: {tag}")
    assert not blocking, blocking[:5]
