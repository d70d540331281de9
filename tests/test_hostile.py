"""Hostile input: each case with the exact message a contributor gets, or the exact
escaped output a reader gets. Nothing in data/ or docs/ may run, load from elsewhere
or crash the build (issue: nothing in data or pages can attack a reader or a build)."""

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
from reportgen.render.pages import PageError, make_environment, render_page
from reportgen.render.safe import csv_cell, escape_meta, md, sanitize
from reportgen.site.nav import pages_missing_from_nav

_NOT_PLAIN = "in a text field (expected plain text, got "

# (file, old, new, the one problem expected)
DATA = [
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        "en: '[x](javascript:alert(1))'}",
        f"data/cities.yaml:3:24: cities[0].name.en: Markdown links and images are not allowed {_NOT_PLAIN}'[x](javascript:alert(1' at character 3)",
        id="javascript-link",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        "en: '![x](https://evil.example/t.png)'}",
        f"data/cities.yaml:3:24: cities[0].name.en: Markdown links and images are not allowed {_NOT_PLAIN}'![x](https://evil.ex' at character 1)",
        id="remote-image",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        "en: 'Su<script>alert(1)</script>'}",
        f"data/cities.yaml:3:24: cities[0].name.en: raw HTML is not allowed {_NOT_PLAIN}'Su<script>alert(1)</sc' at character 3)",
        id="raw-html",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        "en: 'Suzhou[^sz-fund]'}",
        "data/cities.yaml:3:24: cities[0].name.en: citation marks are not allowed (pages cite; data is cited by its `cite` field) "
        f"{_NOT_PLAIN}'Suzhou[^sz-fund]' at character 7)",
        id="citation-mark",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        'en: "Su\\x07zhou"}',
        f"data/cities.yaml:3:24: cities[0].name.en: control characters are not allowed {_NOT_PLAIN}'Su\\x07zhou' at character 3)",
        id="control-character",
    ),
    pytest.param(
        "site.yaml",
        "meeting_date: 2026-01-04",
        "meeting_date: 2026-02-30",
        "data/site.yaml:4:17: site.meeting_date: expected a valid date or datetime, day value is outside expected range, got '2026-02-30'",
        id="impossible-date",
    ),
    pytest.param(
        "site.yaml",
        "meeting_date: 2026-01-04",
        "meeting_date: 1900-01-04",
        "data/site.yaml:4:17: site.meeting_date: implausible date (expected a year from 2000 to 2100, got 1900-01-04)",
        id="implausible-date",
    ),
    pytest.param(
        "indicators.yaml", "value: 200\n", "value: .inf\n", "data/indicators.yaml:17:12: indicators[1].value: expected a finite number, got inf", id="infinity"
    ),
    pytest.param(
        "indicators.yaml",
        "value: 200\n",
        "value: .nan\n",
        "data/indicators.yaml:17:12: indicators[1].value: expected a finite number, got nan",
        id="not-a-number",
    ),
    pytest.param(
        "indicators.yaml",
        "value: 200\n",
        "value: 1e308\n",
        "data/indicators.yaml:17:12: indicators[1].value: expected less than or equal to 10000000000000000, got 1e+308",
        id="huge-number",
    ),
    pytest.param(
        "indicators.yaml",
        "value: 200\n",
        "value: true\n",
        "data/indicators.yaml:17:12: indicators[1].value: expected a number, got a yes/no value (true)",
        id="boolean-as-number",
    ),
    pytest.param(
        "indicators.yaml",
        'period: "2026"\n    baseline',
        'period: "2030-2026"\n    baseline',
        "data/indicators.yaml:22:13: indicators[1].period: reversed period (expected the earlier year first, e.g. '2026-2030', got '2030-2026')",
        id="reversed-period",
    ),
    pytest.param(
        "indicators.yaml",
        'period: "2026"\n    baseline',
        'period: "1900"\n    baseline',
        "data/indicators.yaml:22:13: indicators[1].period: implausible year (expected years from 2000 to 2100, got '1900')",
        id="implausible-year",
    ),
    pytest.param(
        "figures.yaml",
        "kind: [target]",
        "kind: [budget]",
        "data/figures.yaml:7:13: figures[0].select: nothing to draw (kind 'dumbbell' draws targets with a baseline; got 1 indicator(s) that are not: sz-fund)",
        id="figure-cannot-draw",
    ),
    pytest.param(
        "tables.yaml",
        "    select: {city: [suzhou]}\n",
        "    select: {city: [suzhou]}\n  - id: sz-funds\n    kind: entities\n    title: {zh: 基金, en: Funds}\n    entity_types: [fund]\n",
        "data/tables.yaml:9:19: tables[1].entity_types: table matches no named item (expected at least one entity of the given cities and types, got none)",
        id="empty-table",
    ),
    pytest.param(
        "sources.yaml",
        "file: 000.txt",
        "file: /etc/passwd",
        "data/sources.yaml:7:11: sources[0].file: invalid file name (expected the name of a file in shared/seeds/, with no folder or '..', got '/etc/passwd')",
        id="path-outside-seeds",
    ),
    pytest.param(
        "sources.yaml",
        "file: 000.txt",
        "file: ../000.txt",
        "data/sources.yaml:7:11: sources[0].file: invalid file name (expected the name of a file in shared/seeds/, with no folder or '..', got '../000.txt')",
        id="path-up",
    ),
    pytest.param(
        "glossary.yaml",
        "zh: 揭榜挂帅",
        'zh: "揭榜挂帅',
        "data/glossary.yaml:3:9: YAML syntax error: the quote opened at 3:9 is never closed on its line "
        "(parser: found unexpected end of stream; while scanning a quoted scalar at 6:1)",
        id="unclosed-quote-at-end",
    ),
    pytest.param(
        "indicators.yaml",
        'period: "2025"',
        'period: "2025',
        "data/indicators.yaml:11:13: YAML syntax error: the quote opened at 11:13 is never closed on its line "
        "(parser: did not find expected key; while parsing a block mapping at 22:14)",
        id="unclosed-quote-swallows-lines",
    ),
    pytest.param(
        "cities.yaml",
        "name: {zh: 苏州, en: Suzhou}",
        "name:\n      zh: 苏州\n     en: Suzhou",
        "data/cities.yaml:5:6: YAML syntax error: this line is indented to column 6: less than the line above it (column 7), "
        "more than the mapping it belongs to (which starts at 2:5); line it up with one of them "
        "(parser: did not find expected key; while parsing a block mapping)",
        id="under-indented-key",
    ),
    pytest.param(
        "cities.yaml",
        "  - id: suzhou\n",
        "  - id: suzhou\n city: x\n",
        "data/cities.yaml:3:2: YAML syntax error: this line is indented to column 2: less than the line above it (column 3), "
        "more than the mapping it belongs to (which starts at 1:1); line it up with one of them "
        "(parser: did not find expected key; while parsing a block mapping)",
        id="under-indented-item",
    ),
    pytest.param(
        "cities.yaml",
        "name: {zh: 苏州, en: Suzhou}",
        "name:\n\tzh: 苏州",
        "data/cities.yaml:4:1: YAML syntax error: a tab character; YAML indents with spaces only "
        "(parser: found character that cannot start any token; while scanning for the next token)",
        id="tab",
    ),
    pytest.param(
        "cities.yaml",
        "name: {zh: 苏州, en: Suzhou}",
        "name: {zh: 苏州, en: Suzhou}\n    name: x",
        "data/cities.yaml:4:5: YAML syntax error: duplicate key 'name' (first at 3:5)",
        id="duplicate-key",
    ),
    pytest.param(
        "cities.yaml",
        "name: {zh: 苏州, en: Suzhou}",
        "name: !!python/object/apply:os.system [id]",
        "data/cities.yaml:3:11: YAML syntax error: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        id="python-tag",
    ),
    pytest.param(
        "cities.yaml",
        "cities:\n",
        "base: &a [x, x, x, x]\ncities:\n",
        "data/cities.yaml:1:1: base: unknown top-level key (expected only 'cities', got 'base')",
        id="extra-top-level-key",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        "en: Su\x00zhou}",
        "data/cities.yaml:3:26: character U+0000 is not allowed in YAML (expected printable text, got a control or non-character code); delete it",
        id="nul-byte",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        "en: Su\x1bzhou}",
        "data/cities.yaml:3:26: character U+001B is not allowed in YAML (expected printable text, got a control or non-character code); delete it",
        id="escape-byte",
    ),
    pytest.param(
        "cities.yaml",
        "  - id: suzhou",
        "\ufeff  - id: suzhou",
        "data/cities.yaml:2:1: a byte-order mark (U+FEFF, invisible) inside the file (expected none but at its very start); delete it",
        id="bom-at-line-start",
    ),
    pytest.param(
        "cities.yaml",
        "    name:",
        "    na\ufeffme:",
        "data/cities.yaml:3:7: a byte-order mark (U+FEFF, invisible) inside the file (expected none but at its very start); delete it",
        id="bom-in-a-key",
    ),
    pytest.param(
        "indicators.yaml",
        "city: suzhou",
        "city: ｓｕｚｈｏｕ",
        "data/indicators.yaml:3:11: indicators[0].city: invalid id (expected an id of lower-case ASCII words joined by '-' "
        "(e.g. fund-size-2026), got 'ｓｕｚｈｏｕ' in full-width characters); type 'suzhou'",
        id="full-width-id",
    ),
    pytest.param(
        "cities.yaml",
        "en: Suzhou}",
        'en: "Su\\ud800zhou"}',
        "data/cities.yaml:3:27: YAML syntax error: \\ud800 is not a character (half of a UTF-16 surrogate pair, or out of range); "
        "type the character itself (parser: found invalid Unicode character escape code; while parsing a quoted scalar)",
        id="lone-surrogate-escape",
    ),
    pytest.param(
        "cities.yaml",
        "cities:\n",
        "x0: &a0 {k: v}\nx1: &a1 {<<: [*a0, *a0, *a0, *a0]}\nx2: &a2 {<<: [*a1, *a1, *a1, *a1]}\ncities:\n",
        "data/cities.yaml:2:10: YAML syntax error: a merge key (<<) is not allowed in data/; write the fields out where they are used",
        id="merge-key-bomb",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), DATA)
def test_hostile_data_gets_one_exact_message(data: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(data, file, old, new)
    assert problems(data) == [expected]


# (page source, the one message expected); pages are rendered as docs/zh/p.md with 2 lines of front matter.
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
        "docs/zh/p.md:3: 'vv' is undefined (a page may use only: city, count, data, date, entity, field_reference, fig, figref, findings, has_page, "
        "label, multiple, name, num, raw, site, t, table, term, translation_status, v)",
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
        '<table><tbody><tr><td data-label="城市" role="cell">x</td></tr></tbody></table>',
        '<table><tbody><tr><td data-label="城市" role="cell">x</td></tr></tbody></table>',
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


def test_a_data_file_linking_outside_the_repository_is_refused(data: Path, tmp_path: Path) -> None:
    """A symbolic link in data/ to a file elsewhere on the machine: named, never read."""
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((data / "cities.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    data.rename(repo / "data")
    (repo / "data" / "cities.yaml").unlink()
    (repo / "data" / "cities.yaml").symlink_to(outside)
    assert problems(repo / "data") == [f"data/cities.yaml:1:1: links to a file outside the repository ({outside}); data must be files of the repository"]


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


def test_an_indicator_and_a_named_item_cannot_share_an_id(data: Path) -> None:
    """Their citations would meet on a page ([^id], [^e-id]): refused, both places named."""
    edit(
        data,
        "entities.yaml",
        "  - id: ",
        "  - id: sz-fund\n    city: suzhou\n    type: fund\n    name: {zh: 基金, en: Fund}\n    cite: [{source: src-a, quote: 1300亿元产业基金}]\n  - id: ",
    )
    assert [p for p in problems(data) if "shared" in p] == [
        "data/entities.yaml:2:9: entities[0].id: id shared with another collection (expected indicators and named items to have "
        "different ids: they share a page's footnotes; got 'sz-fund', as in data/indicators.yaml:26)"
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


def test_did_you_mean_never_suggests_an_invalid_id(data: Path) -> None:
    """A full-width id is refused where it is written; a reference elsewhere is not told to use it."""
    edit(data, "indicators.yaml", "  - id: sz-fund\n", "  - id: ｓｚ-fund\n")
    edit(data, "figures.yaml", "select: {city: [suzhou], kind: [target]}", "select: {ids: [sz-fund]}")
    found = problems(data)
    assert any("got 'ｓｚ-fund' in full-width characters); type 'sz-fund'" in p for p in found)
    assert not any("did you mean 'ｓ" in p for p in found), found
