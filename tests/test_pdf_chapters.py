"""reportgen.pdf.chapters and reportgen.pdf.tree: a built page becomes plain nodes for report.typ,
with ids and links made internal, web-only parts dropped and text kept as text."""

from __future__ import annotations

from pathlib import Path

from reportgen.pdf.chapters import mark_repeated_figures, read_chapter

PAGE = """<html><head><link rel="canonical" href="https://example.org/r/a/"></head><body>
<article class="md-content__inner md-typeset">
<a class="md-content__button" href="x">edit</a>
<h1 id="top">标题<a class="headerlink" href="#top">¶</a></h1>
<p>第一句，
第二句 <strong>in English</strong> <code>a&lt;b</code>
<span lang="zh-Hant">繁體</span><sup id="fnref:n"><a class="footnote-ref" href="#fn:n">1</a></sup></p>
<p>See <a href="../b/#sec">B</a>, <a href="data.csv">CSV</a> and <a href="https://other.example/">there</a>.</p>
<figure class="report-figure" id="fig-f"><a href="../figures/f.svg"><picture><source srcset="../figures/f.narrow.svg">
<img src="../figures/f.svg" alt="Alt &amp; text"></picture></a>
<figcaption><p><strong>图 1</strong> 问题？ <span class="fig-downloads"><a href="../figures/f.svg">SVG</a></span></p></figcaption></figure>
<table><thead><tr><th>城市</th><th>说明</th></tr></thead>
<tbody><tr><td>南京</td><td>一段很长很长很长很长很长很长的说明文字，超过十个字。</td></tr></tbody></table>
<svg><path d="M0"/></svg><script>alert(1)</script>
<div class="footnote"><hr><ol><li id="fn:n"><p>来源 <a class="footnote-backref" href="#fnref:n">↩</a></p></li></ol></div>
</article></body></html>"""


def _chapter(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    return read_chapter(tmp_path, "a/index.html", {"a/index.html": "a", "b/index.html": "b"})


def _find(nodes, kind):
    for node in nodes:
        if isinstance(node, dict):
            if node["t"] == kind:
                yield node
            yield from _find(node.get("c", []), kind)


def test_text_is_collapsed_like_a_browser_and_web_only_parts_are_dropped(tmp_path) -> None:
    nodes = _chapter(tmp_path).nodes
    heading = next(_find(nodes, "h"))
    assert heading == {"t": "h", "c": ["标题"], "id": "a--top", "level": 1}  # no ¶ link, id made unique
    paragraph = next(_find(nodes, "p"))
    assert paragraph["c"][0] == "第一句，第二句 "  # the line break between CJK characters is no space
    assert {"t": "code", "c": ["a<b"]} in paragraph["c"]  # entities decoded once: text stays text
    assert next(_find(nodes, "lang")) == {"t": "lang", "c": ["繁體"], "lang": "zh", "region": "TW"}
    text = repr(nodes)
    assert "edit" not in text and "alert" not in text and "↩" not in text and "M0" not in text


def test_links_point_inside_the_document_or_to_the_published_site(tmp_path) -> None:
    nodes = _chapter(tmp_path).nodes
    assert [n["to"] for n in _find(nodes, "link")] == ["a--fn:n", "b--sec"]
    assert [n["href"] for n in _find(nodes, "url")] == ["https://example.org/r/a/data.csv", "https://other.example/"]


def test_a_figure_is_its_drawing_caption_and_downloads(tmp_path) -> None:
    chapter = _chapter(tmp_path)
    figure = next(_find(chapter.nodes, "figure"))
    assert (figure["src"], figure["alt"], figure["id"]) == ("figures/f.svg", "Alt & text", "a--fig-f")
    assert figure["c"] == [{"t": "strong", "c": ["图 1"]}, " 问题？"]  # the caption the list of figures repeats
    assert figure["downloads"] == [{"t": "url", "c": ["SVG"], "href": "https://example.org/r/figures/f.svg"}]
    assert chapter.images == ["figures/f.svg"] and chapter.figures == 1


def test_table_columns_say_what_cannot_wrap_in_them(tmp_path) -> None:
    """report.typ never makes a column narrower than its longest unbreakable run: a short cell
    (kept on one line) whole, else the longest word (with its note marker) or CJK character."""
    table = next(_find(_chapter(tmp_path).nodes, "table"))
    short, long = table["columns"]
    assert short == {"fill": False, "words": ["南京", "城市"]}  # one line each: the column is as wide as the widest
    assert long["fill"] and long["words"][0] == "说明" and all(len(word) == 1 for word in long["words"][1:])  # CJK breaks anywhere
    cells = list(_find([table], "td"))
    assert cells[0].get("nowrap") and not cells[1].get("nowrap")


def test_a_long_word_or_a_kind_sets_its_columns_least_width(tmp_path) -> None:
    page = (
        PAGE.replace("<td>南京</td>", "<td>Nanjing Action Plan for Building a “6G City”<sup>12</sup></td>")
        .replace("<th>说明</th>", "<th>Type</th>")
        .replace("<td>一段很长很长很长很长很长很长的说明文字，超过十个字。</td>", "<td>institutions</td>")
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    table = next(_find(read_chapter(tmp_path, "a/index.html", {"a/index.html": "a"}).nodes, "table"))
    name, kind = table["columns"]
    assert name["fill"] and name["words"][:2] == ["Building", "City”12"]  # a note marker stays with its word
    assert kind["words"] == ["institutions", "Type"]  # a word longer than a short cell: it cannot wrap either


def test_a_figure_shown_again_is_marked_and_counted_once(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text(PAGE.replace('id="fig-f"', 'id="fig-g"'), encoding="utf-8")
    first, again = _chapter(tmp_path), read_chapter(tmp_path, "b/index.html", {"a/index.html": "a", "b/index.html": "b"})
    mark_repeated_figures([first, again])
    assert "repeat" not in next(_find(first.nodes, "figure")) and first.figures == 1
    assert next(_find(again.nodes, "figure"))["repeat"] is True and again.figures == 0  # the same drawing, figures/f.svg


def test_an_inline_drawing_does_not_swallow_what_follows(tmp_path) -> None:
    """`<path/>` inside a dropped `<svg>` closes itself: the footnotes after it stay, at the chapter's top level."""
    nodes = _chapter(tmp_path).nodes
    notes = list(_find(nodes, "notes"))
    assert len(notes) == 1 and any(node is notes[0] for node in nodes)
