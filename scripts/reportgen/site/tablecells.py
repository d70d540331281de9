"""Markdown extension: every table cell carries its column header.

On a phone a table of four or five columns is wider than the screen. report.css turns such
a table into one card per row there, and each cell shows its header from `data-label`
("City A", "Value") above its text. Changing how table elements are displayed makes
browsers drop their table semantics, so the ARIA roles are written out as well and screen
readers still announce rows, columns and headers.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

ROLES = {"thead": "rowgroup", "tbody": "rowgroup", "tr": "row", "th": "columnheader", "td": "cell"}
# After 'inline' (20), which turns header text into its final elements; before 'unescape' (0).
PRIORITY = 5


def label_table(table: Element) -> None:
    head = table.find("thead/tr")
    if head is None:
        return
    # Raw HTML in a header is still a stash placeholder here: the label keeps the text only.
    labels = [" ".join(HTML_PLACEHOLDER_RE.sub("", "".join(th.itertext())).split()) for th in head]
    table.set("data-cards", "")
    table.set("role", "table")
    for element in table.iter():
        if element.tag in ROLES:
            element.set("role", ROLES[element.tag])
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
