"""reportgen.cache and reportgen.stamp: outputs are rendered again only when their inputs
changed, and a run with nothing to do is recognised without rendering anything."""

from __future__ import annotations

import os
from pathlib import Path

from reportgen import cache, config, stamp
from reportgen.cache import PACKAGE, Cache, Store, closure, digest, sha, write_if_changed
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
    for damaged in ('{"out.txt": {"key": "k1"', "[]", "null", '{"out.txt": "k1"}'):  # cut short, another shape, an old format
        (tmp_path / "cache.json").write_text(damaged, encoding="utf-8")
        cache = Cache(tmp_path / "cache.json", tmp_path)
        cache.ensure({out: lambda: "content"}, "k1")
        cache.save()
        assert cache.rendered == [str(out)], damaged
    assert Cache(tmp_path / "cache.json", tmp_path).entries == {"out.txt": {"key": "k1", "sha": sha(b"content")}}


def test_an_output_whose_bytes_changed_is_made_again(tmp_path: Path) -> None:
    """A cut-short or hand-edited output is not taken for the finished one."""
    out = tmp_path / "out.txt"
    cache = Cache(tmp_path / "cache.json", tmp_path)
    cache.ensure({out: lambda: "content"}, "k1")
    out.write_text("cont", encoding="utf-8")
    again = Cache(tmp_path / "cache.json", tmp_path)
    again.entries = cache.entries
    again.ensure({out: lambda: "content"}, "k1")
    assert again.rendered == [str(out)] and out.read_text(encoding="utf-8") == "content"


def test_what_no_step_produced_is_removed(tmp_path: Path) -> None:
    kept, dropped, stray = tmp_path / "out" / "a.svg", tmp_path / "out" / "b.svg", tmp_path / "out" / "c.svg"
    cache = Cache(tmp_path / "cache.json", tmp_path)
    cache.ensure({kept: lambda: "a", dropped: lambda: "b"}, "k")
    cache.save()
    stray.write_text("left by hand", encoding="utf-8")
    again = Cache(tmp_path / "cache.json", tmp_path)
    again.ensure({kept: lambda: "a"}, "k")
    assert sorted(again.prune([tmp_path / "out"])) == [str(dropped), str(stray)]
    assert kept.exists() and not dropped.exists() and not stray.exists() and list(again.entries) == ["out/a.svg"]


def test_a_store_entry_is_used_only_while_it_matches_its_digest(tmp_path: Path) -> None:
    store = Store(tmp_path, "step")
    store.put("k", b"payload")
    assert Store(tmp_path, "step").get("k") == b"payload"
    path = tmp_path / "step" / "k"
    path.write_bytes(path.read_bytes()[:-3])  # cut short
    assert Store(tmp_path, "step").get("k") is None and not path.exists()
    assert Store(tmp_path, "nothing").get("k") is None


def test_a_kept_json_value_is_none_when_missing_cut_short_or_not_json(tmp_path: Path) -> None:
    store = Store(tmp_path, "step")
    store.put("k", b'{"a": [1, 2]}')
    assert store.get_json("k") == {"a": [1, 2]}
    store.put("text", b"not json")
    assert store.get_json("text") is None and store.get_json("missing") is None
    path = tmp_path / "step" / "k"
    path.write_bytes(path.read_bytes()[:-3])
    assert store.get_json("k") is None


def test_a_kept_folder_comes_back_whole(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "x.txt").write_text("x", encoding="utf-8")
    store = Store(tmp_path, "tree")
    store.put_tree("k", src)
    assert store.get_tree("k", tmp_path / "dest") and (tmp_path / "dest" / "sub" / "x.txt").read_text(encoding="utf-8") == "x"


def test_a_modules_code_is_its_import_closure_with_its_catalogues() -> None:
    """Computed, not listed: a figure's code includes the chart kit and the word catalogue."""
    from reportgen.render import figures

    names = {p.relative_to(PACKAGE).as_posix() for p in closure(figures)}
    assert {"render/chartkit.py", "query/derive.py", "i18n/hant.py", "i18n/words/en.yaml", "render/figures.py"} <= names
    assert "pdf/typeset.py" not in names and "site/plugin/plugin.py" not in names


def test_the_import_table_kept_in_the_cache_gives_the_parsed_closure(tmp_path: Path, monkeypatch) -> None:
    """Kept in code/ once parsed and read back without parsing; a damaged table, or one of
    another shape, is parsed again and replaced."""
    from reportgen.render import figures

    monkeypatch.setattr(config, "PATHS", Paths(tmp_path))
    (tmp_path / "build" / "cache").mkdir(parents=True)
    monkeypatch.setattr(cache._Package, "listing", None)  # as a new process finds it
    parsed = closure(figures)
    [entry] = (tmp_path / "build" / "cache" / "code").iterdir()
    table = entry.read_bytes()

    def no_parsing(*args):
        raise AssertionError("parsed although the table was kept")

    with monkeypatch.context() as m:
        m.setattr(cache, "_imports", no_parsing)
        m.setattr(cache._Package, "listing", None)
        assert closure(figures) == parsed
    wrong = b'{"x.py": []}'
    for damaged in (table[: len(table) // 2], sha(wrong).encode() + b"\n" + wrong):
        entry.write_bytes(damaged)
        monkeypatch.setattr(cache._Package, "listing", None)
        assert closure(figures) == parsed
        assert entry.read_bytes() == table


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
