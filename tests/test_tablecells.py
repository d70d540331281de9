"""reportgen.tablecells: every data cell names its column, and the table keeps its native semantics (no ARIA roles)."""

from __future__ import annotations

import markdown
from reportgen.site.tablecells import TableCells

TABLE = """\
| City | Value <b>&</b> "note" | |
| --- | --- | --- |
| Nanjing | 5.2亿元[^a] | x |
| Suzhou | *150* | |

[^a]: quote
"""


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "footnotes", TableCells()])


def test_cells_carry_their_column_header() -> None:
    html = render(TABLE)
    assert '<table data-cards="">' in html and "role=" not in html
    assert '<td data-label="City">Nanjing</td>' in html
    # The label is the header's text, escaped; markup in the header is not carried over.
    assert 'data-label="Value &amp; &quot;note&quot;"' in html
    # A cell under an empty header gets no label; footnote references stay inside their cell.
    assert "<td>x</td>" in html
    assert '<td data-label="City">Suzhou</td>' in html and "<em>150</em>" in html
    assert 'class="footnote-ref"' in html.split("</table>")[0]


def test_text_without_tables_is_untouched() -> None:
    text = "Plain *text* and a list:\n\n- one\n- two\n"
    assert render(text) == markdown.markdown(text, extensions=["tables", "footnotes"])
