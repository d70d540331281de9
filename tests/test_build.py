"""`reportgen build` against the shared clean build: whatever the cache holds (damaged entries,
outputs of a figure, a table or a page since removed, code or words since edited), and however
many builds start at once, the published site is the clean build's, byte for byte, with nothing
left behind and no traceback. One clean reference (the shared build) serves every scenario."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import build_env, copy_repo, warm_copy
from reportgen.tools.sitediff import differences


def _build(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=root, env=build_env(root), capture_output=True, text=True, check=False)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _generated(root: Path) -> dict[str, bytes]:
    """What the generator wrote, by path: figures, downloads, tables, zh-Hant pages."""
    folders = [*(root / "docs").glob("*/figures"), *(root / "docs").glob("*/downloads"), root / "build" / "tables", root / "docs" / "zh-Hant"]
    return {p.relative_to(root).as_posix(): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 2)])


def test_a_damaged_cache_and_two_builds_at_once(built_site, tmp_path: Path) -> None:
    """Cut short: a figure, a table, a page's kept conversion, a share card, what a card's face can
    draw, a compiled template, a PDF, the record of what the PDFs were made from, the search
    bundle, the kept dataset and the engine's import table; the stamp a JSON null. Two builds
    then start at once: the second waits for the first and says so; none of the damaged
    entries is used, none is a traceback, and site/ is the clean build's."""
    root = warm_copy(built_site, tmp_path / "repo")
    cache = root / "build" / "cache"
    damaged = [
        root / "docs" / "en" / "figures" / "money-all.svg",
        root / "build" / "tables" / "en" / "money.md",
        *(next((cache / store).iterdir()) for store in ("converted", "cards", "faces", "jinja", "pdf", "pdf-inputs", "search", "dataset", "code")),
    ]
    for path in damaged:
        _cut(path)
    (cache / "stamp.json").write_text("null", encoding="utf-8")
    first = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build"], cwd=root, env=build_env(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    held = False
    with (cache / "build.lock").open("a+") as probe:  # the condition: the first build holds the lock
        while not held and first.poll() is None:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held = True
            else:
                fcntl.flock(probe, fcntl.LOCK_UN)
                time.sleep(0.01)  # polled, not spun: the other CPU is starting the build
    assert held, "the first build never held the lock"
    second = _build(root, "build")
    _, errors = first.communicate()
    assert first.returncode == 0 and "Traceback" not in errors, errors[-3000:]
    assert "another build is running in this checkout; waiting for it to finish" in second.stderr
    assert differences(built_site.site, root / "site") == []
    assert _generated(root) == _generated(built_site.root)


def test_a_removed_figure_table_and_page_leave_nothing_behind(built_site, tmp_path: Path) -> None:
    """A figure, a table and a page are added and built, then removed and built again: the site
    is the clean build's, and no file of theirs stays in docs/, build/ or site/."""
    root = warm_copy(built_site, tmp_path / "repo")
    figures, tables, mkdocs = root / "data" / "figures.yaml", root / "data" / "tables.yaml", root / "mkdocs.yml"
    originals = {p: p.read_text(encoding="utf-8") for p in (figures, tables, mkdocs, *(root / "docs" / lang / "talent.md" for lang in ("zh", "en")))}
    figure = figures.read_text(encoding="utf-8").split("  - id: nj-talent-tiers\n")[1].split("\n  - id: ")[0]
    figures.write_text(originals[figures] + "  - id: extra-figure\n" + figure.rstrip("\n") + "\n", encoding="utf-8")
    tables.write_text(originals[tables] + "  - id: extra-table\n    kind: sources\n    title: {zh: 额外, en: Extra}\n", encoding="utf-8")
    for lang in ("zh", "en"):
        talent = root / "docs" / lang / "talent.md"
        talent.write_text(originals[talent] + '\n{{ fig("extra-figure") }}\n\n{{ table("extra-table") }}\n', encoding="utf-8")
        (root / "docs" / lang / "extra-page.md").write_text("# Extra\n\nA page.\n", encoding="utf-8")
    _edit(mkdocs, "  - glossary.md\n", "  - glossary.md\n  - extra-page.md\n")
    _build(root, "build", "--no-pdf")
    assert (root / "site" / "figures" / "extra-figure.svg").is_file() and (root / "site" / "en" / "extra-page" / "index.html").is_file()
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    for lang in ("zh", "en"):
        (root / "docs" / lang / "extra-page.md").unlink()
    _build(root, "build")
    assert differences(built_site.site, root / "site") == []
    assert _generated(root) == _generated(built_site.root)
    left = [p for p in root.rglob("*") if p.is_file() and ("extra-figure" in p.name or "extra-table" in p.name or "extra-page" in p.as_posix())]
    assert left == []


def test_code_and_word_edits_are_drawn_again(built_site, tmp_path: Path) -> None:
    """An edit of the chart kit and of a word the figures use: every output they feed is made
    again, as a generator without any cache makes it."""
    root = warm_copy(built_site, tmp_path / "repo")
    _edit(root / "scripts" / "reportgen" / "render" / "chartkit.py", "xytext=(6, 0)", "xytext=(7, 0)")
    _edit(root / "scripts" / "reportgen" / "i18n" / "words" / "en.yaml", "  log: log scale\n", "  log: logarithmic scale\n")
    _build(root, "generate")
    clean = copy_repo(tmp_path / "clean")
    for edited in ("scripts/reportgen/render/chartkit.py", "scripts/reportgen/i18n/words/en.yaml"):
        (clean / edited).write_bytes((root / edited).read_bytes())
    _build(clean, "generate")
    warm, fresh = _generated(root), _generated(clean)
    assert warm == fresh
    assert b"logarithmic scale" in warm["docs/en/figures/money-all.svg"]
    assert warm["docs/zh/figures/money-all.svg"] != _generated(built_site.root)["docs/zh/figures/money-all.svg"]  # the kit's edit too


def test_a_character_no_font_can_draw_is_named_where_it_is_written(built_site, tmp_path: Path) -> None:
    """An emoji in a page's title: the share card would draw an empty box, the PDF cannot embed
    it: one plain line names the file, line and character; no traceback; site/ is unchanged."""
    root = warm_copy(built_site, tmp_path / "repo")
    shutil.copytree(built_site.site, root / "site")
    _edit(root / "docs" / "en" / "money.md", "# Money\n", "# Money 👨\n")
    done = _build(root, "build", "--no-pdf", check=False)
    assert done.returncode == 1
    assert (
        "docs/en/money.md:6:9: the share card cannot draw “👨” (U+1F468) with its face (Noto Sans CJK SC); write it as words or leave it out"
    ) in done.stderr
    assert differences(built_site.site, root / "site") == []
    # In the body, where no card shows it, the PDF step names it.
    _edit(root / "docs" / "en" / "money.md", "# Money 👨\n", "# Money\n\nA man 👨.\n")
    done = _build(root, "build", check=False)
    assert done.returncode == 1
    assert "docs/en/money.md:8:7: the en PDF cannot show “👨” (U+1F468): no font it embeds has it" in done.stderr
    assert differences(built_site.site, root / "site") == []
