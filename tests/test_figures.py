"""reportgen.figures: the narrow drawing a phone gets keeps its text at reading size."""

from __future__ import annotations

import re

import pytest
from reportgen import figures
from reportgen.config import PATHS
from reportgen.localize import localizer
from reportgen.validate import load_dataset

PHONE_CONTENT_PX = 358  # a 390 px phone, less Material's margins
PX_PER_PT = 96 / 72


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(PATHS.data)


def svg_width_pt(svg: str) -> float:
    return float(re.search(r'<svg[^>]*\swidth="([0-9.]+)pt"', svg).group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_narrow_drawings_keep_labels_readable_on_a_phone(dataset, lang: str) -> None:
    """Shrunk to a phone's width, 9 pt labels must stay at 9 px or more; the wide drawing would not."""
    loc = localizer(lang, dataset)
    for spec in dataset.figures:
        narrow = svg_width_pt(figures.render_svg(spec, loc, figures.NARROW)) * PX_PER_PT
        wide = svg_width_pt(figures.render_svg(spec, loc, figures.WIDE)) * PX_PER_PT
        assert 9 * PX_PER_PT * min(1, PHONE_CONTENT_PX / narrow) >= 9, (spec.id, narrow)
        assert 9 * PX_PER_PT * PHONE_CONTENT_PX / wide < 9, (spec.id, wide)


def test_wrap_breaks_by_script(dataset) -> None:
    zh, en = localizer("zh", dataset), localizer("en", dataset)
    assert figures.wrap(zh, "人工智能专项基金总规模", figures.NARROW.label_chars) == "人工智能专项基金\n总规模"
    assert figures.wrap(en, "Total size of the dedicated AI fund", figures.NARROW.label_chars) == "Total size of\nthe dedicated AI\nfund"
    assert figures.wrap(en, "Total size of the dedicated AI fund", figures.WIDE.label_chars) == "Total size of the dedicated AI\nfund"
