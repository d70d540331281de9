"""reportgen.cache and reportgen.stamp: outputs are rendered again only when their inputs
changed, and a run with nothing to do is recognised without rendering anything."""

from __future__ import annotations

import os
from pathlib import Path

from reportgen import stamp
from reportgen.cache import Cache, digest, write_if_changed
from reportgen.config import Paths


def test_digest_is_stable_and_order_aware() -> None:
    assert digest({"b": 1, "a": 2}, [1, 2]) == digest({"a": 2, "b": 1}, [1, 2])
    assert digest([1, 2]) != digest([2, 1])


def test_write_if_changed_leaves_equal_files_alone(tmp_path: Path) -> None:
    path = tmp_path / "a" / "x.txt"
    assert write_if_changed(path, "one") is True
    before = path.stat().st_mtime_ns
    assert write_if_changed(path, "one") is False and path.stat().st_mtime_ns == before
    assert write_if_changed(path, "two") is True and path.read_text(encoding="utf-8") == "two"


def test_cache_renders_again_only_for_a_new_key_or_a_missing_file(tmp_path: Path) -> None:
    out, calls = tmp_path / "out.txt", []

    def render() -> str:
        calls.append(1)
        return "content"

    cache = Cache(tmp_path / "cache.json", tmp_path)
    cache.ensure({out: render}, "k1")
    cache.save()
    again = Cache(tmp_path / "cache.json", tmp_path)
    again.ensure({out: render}, "k1")
    assert len(calls) == 1 and again.rendered == []
    again.ensure({out: render}, "k2")
    assert len(calls) == 2
    out.unlink()
    again.ensure({out: render}, "k2")
    assert len(calls) == 3 and out.read_text(encoding="utf-8") == "content"


def test_an_unreadable_manifest_renders_everything_again(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    (tmp_path / "cache.json").write_text('{"out.txt": "k1"', encoding="utf-8")  # cut short
    cache = Cache(tmp_path / "cache.json", tmp_path)
    cache.ensure({out: lambda: "content"}, "k1")
    cache.save()
    assert cache.rendered == [str(out)] and Cache(tmp_path / "cache.json", tmp_path).entries == {"out.txt": "k1"}


def test_stamp_sees_an_edit_and_a_touched_output(tmp_path: Path) -> None:
    paths = Paths(tmp_path)
    (paths.data).mkdir(parents=True)
    (paths.data / "site.yaml").write_text("site: {}\n", encoding="utf-8")
    output = tmp_path / "docs" / "zh" / "figures" / "a.svg"
    output.parent.mkdir(parents=True)
    output.write_text("<svg/>", encoding="utf-8")
    paths.cache_manifest.parent.mkdir(parents=True)
    paths.cache_manifest.write_text("{}", encoding="utf-8")
    stamp.record(paths, stamp.inputs_digest(paths), [str(output)])
    assert stamp.up_to_date(paths)
    (paths.data / "site.yaml").write_text("site: {x: 1}\n", encoding="utf-8")
    assert not stamp.up_to_date(paths)
    stamp.record(paths, stamp.inputs_digest(paths), [str(output)])
    os.utime(output, ns=(1, 1))
    assert not stamp.up_to_date(paths)
