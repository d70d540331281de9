"""Hostile pages and outputs: each case with the exact message a contributor gets, or the exact
escaped output a reader gets. No page template, data text reaching a page, CSV cell or menu entry
may run, load from elsewhere or reach outside the site (tests/test_hostile.py: hostile data)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from datafix import edit, problems
from markupsafe import escape
from reportgen.config import PATHS
from reportgen.i18n.localize import localizer
from reportgen.model.validate import load_dataset
from reportgen.render.downloads import indicators_csv
from reportgen.render.figures import render_svg
from reportgen.render.pages import PageError, render_page
from reportgen.render.safe import csv_cell, escape_meta, md, sanitize
from reportgen.render.templates import make_environment
from reportgen.site.nav import pages_missing_from_nav

PAGES = [
    pytest.param(
        'x\n{{ cycler.__init__.__globals__.os.popen("id").read() }}',
        "docs/zh/p.md:4: not allowed in a page: access to attribute '__init__' of 'StrictUndefined' object is unsafe.",
        id="no-jinja-globals",
    ),
    pytest.param(
        "{{ data.__class__.__mro__ }}",
        "docs/zh/p.md:3: not allowed in a page: access to attribute '__class__' of 'Dataset' object is unsafe.",
        id="no-python-internals",
    ),
    pytest.param(
        "{{ v.__globals__ }}",
        "docs/zh/p.md:3: not allowed in a page: access to attribute '__globals__' of 'method' object is unsafe.",
        id="no-function-internals",
    ),
    pytest.param('a\n\n{{ v("sz-fundd") }}', "docs/zh/p.md:5: v(): unknown indicator id 'sz-fundd'; did you mean 'sz-fund'?", id="unknown-indicator"),
    pytest.param('{{ fig("sz-target") }}', "docs/zh/p.md:3: fig(): unknown figure id 'sz-target'; did you mean 'sz-targets'?", id="unknown-figure"),
    pytest.param('{{ table("nope") }}', "docs/zh/p.md:3: table(): unknown table id 'nope'", id="unknown-table"),
    pytest.param("a\n{% for x in %}", "docs/zh/p.md:4: template syntax error: Expected an expression, got 'end of statement block'", id="syntax-error"),
    pytest.param("{{ v() }}", "docs/zh/p.md:3: v() missing 1 required positional argument: 'ind_id'", id="missing-argument"),
    pytest.param(
        "{{ vv('sz-fund') }}",
        "docs/zh/p.md:3: 'vv' is undefined (a page may use only: changes, cite_data, city, count, data, date, entity, field_reference, fig, figref, findings, "
        "has_page, label, multiple, name, num, raw, site, t, table, term, translation_status, v)",
        id="unknown-function",
    ),
]


@pytest.mark.parametrize(("source", "expected"), PAGES)
def test_hostile_page_gets_one_exact_message(source: str, expected: str) -> None:
    dataset = load_dataset(Path(__file__).parent / "fixtures" / "data")
    with pytest.raises(PageError) as exc:
        render_page(make_environment(), source, dataset, PATHS, "zh", "p.md", line_offset=2)
    assert str(exc.value) == expected


def _page_html(text: str) -> str:
    """Data text as a page shows it: escaped, through Markdown with the site's inline
    extensions, then the sanitiser."""
    return sanitize(markdown.markdown(f"{md(text)}", extensions=["attr_list", "footnotes", "tables", "md_in_html"]))


# Plain texts that pass validation but look like markup: the reader sees them as typed.
ESCAPED = [
    pytest.param("*not emphasis* and _not_ either", "<p>*not emphasis* and _not_ either</p>", id="emphasis"),
    pytest.param("`code` R&D 5 < 6 > 4", "<p>`code` R&amp;D 5 &lt; 6 &gt; 4</p>", id="code-and-entities"),
    pytest.param("heading {: onclick=alert(1) #x }", "<p>heading {: onclick=alert(1) #x }</p>", id="attribute-list"),
    pytest.param('a "quote" | pipe', '<p>a "quote" | pipe</p>', id="quotes-and-pipe"),
    pytest.param("# not a heading", "<p># not a heading</p>", id="heading-marker"),
]


@pytest.mark.parametrize(("text", "expected"), ESCAPED)
def test_data_text_reaches_the_page_as_text(text: str, expected: str) -> None:
    assert _page_html(text) == expected


# Markup a page (or anything else) may produce, and what the sanitiser leaves of it.
SANITIZED = [
    pytest.param('<a href="javascript:alert(1)">x</a>', "<a>x</a>", id="javascript-link"),
    pytest.param('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>", id="javascript-link-mixed-case"),
    pytest.param('<a href="data:text/html,x">x</a>', "<a>x</a>", id="data-link"),
    pytest.param('<a href="https://example.org/a">x</a>', '<a href="https://example.org/a">x</a>', id="https-link-kept"),
    pytest.param('<a href="../money/#fig-x">x</a>', '<a href="../money/#fig-x">x</a>', id="relative-link-kept"),
    pytest.param('<img src="https://evil.example/t.png" alt="t">', '<img alt="t">', id="remote-image"),
    pytest.param('<img src="//evil.example/t.png">', "<img>", id="protocol-relative-image"),
    pytest.param('<img src="../figures/a.svg" alt="a">', '<img src="../figures/a.svg" alt="a">', id="local-image-kept"),
    pytest.param('<picture><source srcset="https://evil.example/a.svg"></picture>', "<picture><source></picture>", id="remote-srcset"),
    pytest.param('<p onclick="alert(1)" class="c">x</p>', '<p class="c">x</p>', id="event-handler"),
    pytest.param("<script>alert(1)</script><p>x</p>", "<p>x</p>", id="script"),
    pytest.param('<iframe src="https://evil.example"></iframe><p>x</p>', "<p>x</p>", id="iframe"),
    pytest.param('<svg><a href="javascript:x">y</a></svg>', "", id="inline-svg"),
    pytest.param("<style>body{display:none}</style><p>x</p>", "<p>x</p>", id="style"),
    pytest.param(
        '<table><tbody><tr><td data-label="城市">x</td></tr></tbody></table>',
        '<table><tbody><tr><td data-label="城市">x</td></tr></tbody></table>',
        id="table-card-attributes-kept",
    ),
]


@pytest.mark.parametrize(("html", "expected"), SANITIZED)
def test_sanitiser(html: str, expected: str) -> None:
    assert sanitize(html) == expected


def test_attribute_list_in_a_page_cannot_add_a_handler() -> None:
    html = markdown.markdown('[x](https://example.org){: onclick="alert(1)" }', extensions=["attr_list"])
    assert "onclick" in html  # what Markdown alone would serve
    assert sanitize(html) == '<p><a href="https://example.org">x</a></p>'


CSV_CELLS = [
    pytest.param('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")', id="formula"),
    pytest.param("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus-expression"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
    pytest.param("\t=1", "'\t=1", id="tab"),
    pytest.param("\r=1", "'\r=1", id="carriage-return"),
    pytest.param("-20", "-20", id="negative-number-text"),
    pytest.param("+1.5e3", "+1.5e3", id="signed-number-text"),
    pytest.param(-20, -20, id="negative-number"),
    pytest.param(2.5, 2.5, id="number"),
    pytest.param("苏州", "苏州", id="text"),
]


@pytest.mark.parametrize(("value", "expected"), CSV_CELLS)
def test_csv_cell(value, expected) -> None:
    assert csv_cell(value) == expected


def test_csv_download_neutralises_a_formula_in_data(data: Path) -> None:
    edit(data, "indicators.yaml", "en: Industrial funds}", 'en: \'=HYPERLINK("http://evil.example","x")\'}')
    dataset = load_dataset(data)
    row = indicators_csv(dataset.indicators, localizer("en", dataset)).splitlines()[3]
    assert row.startswith('sz-fund,suzhou,"\'=HYPERLINK(""http://evil.example"",""x"")",130000000000,yuan,')


def test_dollar_signs_in_figure_text_stay_text(data: Path) -> None:
    for _ in range(2):  # the baseline's label, then the target's, which the figure shows
        edit(data, "indicators.yaml", "en: High-quality industrial datasets}", "en: 'Datasets worth $5 and $x^2$'}")
    dataset = load_dataset(data)
    svg = render_svg(dataset.figures[0], localizer("en", dataset))
    assert "Datasets worth $5 and $x^2$" in svg


def test_every_page_must_be_in_the_menu(tmp_path: Path) -> None:
    docs = tmp_path / "zh"
    (docs / "figures").mkdir(parents=True)
    for name in ("index.md", "a.md", "hidden.md", "figures/x.md"):
        (docs / name).write_text("x", encoding="utf-8")
    assert pages_missing_from_nav(docs, ["index.md", {"Section": ["a.md"]}]) == [
        "mkdocs.yml: nav: docs/zh/hidden.md is not in the menu (expected it under nav:, or under not_in_nav: for a page reached only through links)"
    ]
    assert pages_missing_from_nav(docs, None) == []


def test_site_title_cannot_break_out_of_an_attribute(data: Path) -> None:
    edit(data, "site.yaml", "en: Test report}", "en: 'Report\" onmouseover=\"alert(1)'}")
    assert problems(data) == [
        "data/site.yaml:2:25: site.title.en: a straight double quote is not allowed here (the theme prints this text inside HTML "
        "attributes); use “ ” instead (got 'Report\" onmouseover=\"alert(1)')"
    ]


def test_front_matter_cannot_break_out_of_the_theme_attributes() -> None:
    meta = escape_meta({"title": "A & B", "description": 'x" onmouseover="alert(1)', "translates": "abc"})
    assert str(meta["description"]) == "x&#34; onmouseover=&#34;alert(1)"
    assert str(meta["title"]) == "A &amp; B" and str(escape(meta["title"])) == "A &amp; B"  # the theme's `| e` escapes once
    assert meta["translates"] == "abc"


def test_pages_and_nav_entries_outside_the_site_are_named(tmp_path: Path) -> None:
    from reportgen.site.nav import files_outside, nav_outside_pages

    docs = tmp_path / "repo" / "docs" / "zh"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# x\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    (docs / "leak.md").symlink_to(secret)
    assert files_outside(tmp_path / "repo", [tmp_path / "repo" / "docs"]) == [
        f"docs/zh/leak.md: links to a file outside the repository ({secret}); pages and data must be files of the repository"
    ]
    assert nav_outside_pages(docs, ["index.md", "../../../../etc/passwd", "missing.md", "https://example.org/"]) == [
        "mkdocs.yml: nav: '../../../../etc/passwd' is not a page of the site (expected a file under docs/zh/, e.g. money.md)",
        "mkdocs.yml: nav: 'missing.md' is not a page of the site (expected a file under docs/zh/, e.g. money.md)",
    ]


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("---\ntitle: x\n---\n\n# T\n\n{{ bad() }}\n", "# T\n\n{{ bad() }}\n"),  # MkDocs drops the blank line after the front matter
        ("---\ntitle: x\n---\n\n# T\n\n{{ bad() }}\n", "\n# T\n\n{{ bad() }}\n"),
        ("# T\n\n{{ bad() }}\n", "# T\n\n{{ bad() }}\n"),
    ],
)
def test_a_template_error_names_the_files_line(source: str, markdown: str) -> None:
    """The failing call's line in the page's file, front matter and blank lines counted."""
    from reportgen.render.pages import lines_above

    with pytest.raises(PageError) as err:
        render_page(make_environment(), markdown, load_dataset(PATHS.data), PATHS, "en", "p.md", lines_above(source, markdown))
    assert str(err.value).startswith(f"docs/en/p.md:{source.splitlines().index('{{ bad() }}') + 1}: ")


def test_the_editions_built_are_the_languages_the_data_declares(tmp_path: Path) -> None:
    """mkdocs.yml's i18n languages and data/site.yaml's: the same set, the original the default."""
    from types import SimpleNamespace

    from reportgen.config import PATHS
    from reportgen.site.setup import input_problems

    def config(*locales: str) -> dict:
        languages = [SimpleNamespace(locale=code, default=n == 0, build=True) for n, code in enumerate(locales)]
        return {"plugins": {"i18n": SimpleNamespace(config={"languages": languages, "build_only_locale": None})}, "nav": ["index.md"], "not_in_nav": None}

    def edition_lines(*locales: str) -> list[str]:
        return [line for line in input_problems(PATHS, config(*locales)) if "i18n" in line]

    assert edition_lines("zh", "zh-Hant", "en") == []
    assert edition_lines("zh", "en") == [
        "mkdocs.yml: the i18n plugin's languages (expected zh, zh-Hant, en as data/site.yaml declares them, zh the default; got zh, en, zh the default)"
    ]


@pytest.mark.parametrize("only", ["zh", "en", None])
def test_one_edition_alone_for_the_preview(monkeypatch, only: str | None) -> None:
    """`make serve ONLY=en` (REPORT_ONLY, static-i18n's build_only_locale, which builds it alone
    as the default): mkdocs.yml as MkDocs loads it passes the editions check, and what is written
    once the languages are built (sitemaps, feeds, archives) is written for that edition alone."""
    from mkdocs.config import load_config
    from reportgen.config import PATHS
    from reportgen.site.setup import built_languages, input_problems

    if only:
        monkeypatch.setenv("REPORT_ONLY", only)
    else:
        monkeypatch.delenv("REPORT_ONLY", raising=False)
    config = load_config(str(PATHS.root / "mkdocs.yml"))
    assert [line for line in input_problems(PATHS, config) if "i18n" in line] == []
    assert built_languages(PATHS, config) == ([only] if only else [lang.code for lang in PATHS.languages])
