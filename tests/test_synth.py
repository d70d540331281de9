"""scripts/synth.py makes valid, bigger data sets for the scale benchmark (`make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import synth
from reportgen.model.selection import select
from reportgen.model.validate import load_dataset

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("synth") / "data"
    synth.write_data(synth.synthesize(synth.read_data(ROOT / "data"), 10), data_dir)
    return load_dataset(data_dir)  # raises DataError if anything is invalid


def test_synthetic_data_is_valid_and_ten_times_bigger(real, tenfold) -> None:
    assert len(tenfold.indicators) == 10 * len(real.indicators)
    assert len(tenfold.entities) == 10 * len(real.entities)
    assert len(tenfold.cities) == 10 * len(real.cities)
    assert len(tenfold.figures) > 5 * len(real.figures)
    assert len(tenfold.tables) > 5 * len(real.tables)
    assert len({i.id for i in tenfold.indicators}) == len(tenfold.indicators)


def test_synthetic_copies_keep_the_real_data_and_are_clearly_fake(real, tenfold) -> None:
    assert tenfold.indicators[: len(real.indicators)] == real.indicators
    fake = tenfold.cities[len(real.cities) :]
    assert all(c.name["en"].startswith("Synthetic city ") and c.name["zh"].startswith("合成城市 ") for c in fake)
    # A cloned figure shows as many rows as its original, from its own copy only.
    by_id = {f.id: f for f in tenfold.figures}
    for fig in real.figures:
        clone = by_id.get(f"{fig.id}-x3")
        if clone is None:
            continue
        rows = select(clone.select, tenfold.indicators)
        assert len(rows) == len(select(fig.select, real.indicators))
        assert all(r.id.endswith("-x3") for r in rows)


def test_synth_project_is_a_buildable_root(tmp_path: Path) -> None:
    root = synth.make_project(2, tmp_path / "2x")
    assert (root / "data" / "indicators.yaml").is_file()
    assert (root / "docs" / "zh" / "index.md").is_file() and not (root / "docs" / "zh-Hant").exists()
    assert (root / "mkdocs.yml").is_file() and (root / "scripts" / "reportgen" / "site" / "plugin" / "plugin.py").is_file()
    assert len(load_dataset(root / "data").indicators) == 2 * len(load_dataset(ROOT / "data").indicators)
