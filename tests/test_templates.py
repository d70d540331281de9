"""reportgen.render.templates: a page's template is compiled once and kept in the build's cache;
a kept entry no template asked for is pruned; a damaged one is compiled again, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportgen.cache import Store
from reportgen.render.templates import KeptTemplates, compiled, make_environment

PAGE = "# {{ title }}\n\n{% for n in numbers %}{{ n }} {% endfor %}\n"


def _render(kept: Store) -> str:
    env = make_environment(KeptTemplates(kept))
    page = compiled(env, PAGE)
    assert env.loader.sources == {}  # held only while Jinja loads it
    return page.render(title="A <b>", numbers=[1, 2])


def test_a_page_is_compiled_once_and_kept_and_an_entry_no_page_uses_is_pruned(tmp_path: Path, monkeypatch) -> None:
    first = _render(Store(tmp_path, "jinja"))
    assert first == "# A &lt;b&gt;\n\n1 2 \n"
    (entry,) = (tmp_path / "jinja").iterdir()
    Store(tmp_path, "jinja").put("left-by-an-earlier-edit", b"old")
    later = Store(tmp_path, "jinja")  # the next build: the page's code is read, not compiled
    with monkeypatch.context() as patched:
        patched.setattr(type(make_environment()), "compile", lambda *args, **kwargs: pytest.fail("compiled again"))
        assert _render(later) == first
    assert later.prune() == 1 and list((tmp_path / "jinja").iterdir()) == [entry]
    entry.write_bytes(entry.read_bytes()[:20])  # cut short: compiled again, never a traceback
    assert _render(Store(tmp_path, "jinja")) == first
