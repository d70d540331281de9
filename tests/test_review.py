"""The PR review (tools/review.py): the figures whose drawing changed, before and after, copied
for the preview artifact and listed, linked, in the summary; the pages whose text changed."""

from __future__ import annotations

from pathlib import Path

from reportgen.tools.review import main, page_text

PAGE = (
    '<html><body><nav>menu</nav><article class="md-content__inner"><h1>Title<a class="headerlink" href="#t">¶</a></h1><p>{}</p>'
    '<script>x()</script><details class="cite-this"><summary>Cite this page</summary></details></article></body></html>'
)


def _site(root: Path, number: str, drawing: str) -> Path:
    for folder in ("", "en/"):
        (root / folder / "figures").mkdir(parents=True)
        (root / folder / "figures" / "spending.svg").write_text(f"<svg>{drawing}</svg>", encoding="utf-8")
        (root / folder / "figures" / "schools.svg").write_text("<svg>same</svg>", encoding="utf-8")
        (root / folder / "index.html").write_text(PAGE.format(f"Spending rose to {number}."), encoding="utf-8")
        (root / folder / "method").mkdir()
        (root / folder / "method" / "index.html").write_text(PAGE.format("Unchanged."), encoding="utf-8")
    return root


def test_a_page_reads_as_its_article_text() -> None:
    assert page_text_of(PAGE.format("A &amp; B")) == ["Title", "A & B"]


def page_text_of(html: str) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.html"
        path.write_text(html, encoding="utf-8")
        return page_text(path)


def test_the_review_lists_changed_drawings_and_pages(tmp_path: Path, capsys) -> None:
    base, head = _site(tmp_path / "base", "CNY 84 billion", "84"), _site(tmp_path / "head", "CNY 86 billion", "86")
    assert main([str(base), str(head), "--images", str(head / "review"), "--link", "https://example.org/artifact/1"]) == 0
    out = capsys.readouterr().out
    assert (head / "review" / "figures" / "spending.before.svg").read_text(encoding="utf-8") == "<svg>84</svg>"
    assert (head / "review" / "en" / "figures" / "spending.after.svg").read_text(encoding="utf-8") == "<svg>86</svg>"
    assert not (head / "review" / "figures" / "schools.before.svg").exists()  # unchanged: not listed
    assert "- `figures/spending.svg`: before [`review/figures/spending.before.svg`](https://example.org/artifact/1)" in out
    assert "`en/figures/spending.svg`" in out and "schools" not in out
    assert "<code>index.html</code>" in out and "<code>en/index.html</code>" in out and "method" not in out
    assert "-Spending rose to CNY 84 billion.\n+Spending rose to CNY 86 billion." in out


def test_nothing_changed_says_none(tmp_path: Path, capsys) -> None:
    base, head = _site(tmp_path / "base", "1", "1"), _site(tmp_path / "head", "1", "1")
    main([str(base), str(head)])
    assert capsys.readouterr().out.count("None.") == 2
