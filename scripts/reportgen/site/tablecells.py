"""Markdown extension: every table cell carries its column header.

On a phone a table of four or five columns is wider than the screen. report.css turns such
a table into one card per row there, and each cell shows its header from `data-label`
("City A", "Value") above its text. No ARIA roles: Chromium keeps a card table's native
table, row, column header and cell roles (measured in its accessibility tree at 390 px: the
same tree as with the roles written out), and the HTML standard forbids roles on the rows
and cells of a native table.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

# After 'inline' (20), which turns header text into its final elements; before 'unescape' (0).
PRIORITY = 5


def label_table(table: Element) -> None:
    head = table.find("thead/tr")
    if head is None:
        return
    # Raw HTML in a header is still a stash placeholder here: the label keeps the text only.
    labels = [" ".join(HTML_PLACEHOLDER_RE.sub("", "".join(th.itertext())).split()) for th in head]
    table.set("data-cards", "")
    for row in table.findall("tbody/tr"):
        for label, cell in zip(labels, row, strict=False):
            if label:
                cell.set("data-label", label)


class _LabelCells(Treeprocessor):
    def run(self, root: Element) -> None:
        for table in root.iter("table"):
            label_table(table)


class TableCells(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_LabelCells(md), "report_table_cells", PRIORITY)
