"""reportgen.render.reference: the model's English in the field reference is marked as English
on a Chinese page (the Nu HTML Checker otherwise takes the page for English under lang="zh")."""

from __future__ import annotations

import markdown
from reportgen.render.reference import field_reference_markdown


def test_english_descriptions_are_marked_on_chinese_pages_only() -> None:
    zh = markdown.markdown(field_reference_markdown("zh"), extensions=["tables", "attr_list"])
    assert '<span lang="en">Date of the meetings the report covers.</span>' in zh
    assert '<span lang="en">date (YYYY-MM-DD)</span>' in zh
    assert '<h3 id="type-text" lang="en">Text</h3>' in zh and '<p lang="en">A human-readable string,' in zh
    assert "<td></td>" in zh  # an empty description stays empty: a phone's card leaves it out
    assert 'lang="en"' not in field_reference_markdown("en")
