"""Hostile data: each case with the exact message a contributor gets (tests/test_hostile_pages.py:
hostile pages and outputs). Nothing in data/ or docs/ may run, load from elsewhere
or crash the build (issue: nothing in data or pages can attack a reader or a build)."""

from __future__ import annotations

from pathlib import Path

import pytest
from datafix import edit, problems

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
        "data/sources.yaml:7:11: sources[0].file: invalid file name "
        "(expected the name of a file in site.yaml's sources_folder, with no folder or '..', got '/etc/passwd')",
        id="path-outside-seeds",
    ),
    pytest.param(
        "sources.yaml",
        "    file: 000.txt\n",
        "",
        "data/sources.yaml:2:5: sources[0]: a source needs its archived copy or its address (expected `file`, `url` or both, got neither)",
        id="source-nowhere",
    ),
    pytest.param(
        "sources.yaml",
        "file: 000.txt",
        "url: http://example.org/a",
        "data/sources.yaml:7:10: sources[0].url: invalid address (expected an https:// address, got 'http://example.org/a')",
        id="source-url-not-https",
    ),
    pytest.param(
        "sources.yaml",
        "file: 000.txt",
        "file: ../000.txt",
        "data/sources.yaml:7:11: sources[0].file: invalid file name "
        "(expected the name of a file in site.yaml's sources_folder, with no folder or '..', got '../000.txt')",
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


def test_did_you_mean_never_suggests_an_invalid_id(data: Path) -> None:
    """A full-width id is refused where it is written; a reference elsewhere is not told to use it."""
    edit(data, "indicators.yaml", "  - id: sz-fund\n", "  - id: ｓｚ-fund\n")
    edit(data, "figures.yaml", "select: {city: [suzhou], kind: [target]}", "select: {ids: [sz-fund]}")
    found = problems(data)
    assert any("got 'ｓｚ-fund' in full-width characters); type 'sz-fund'" in p for p in found)
    assert not any("did you mean 'ｓ" in p for p in found), found
