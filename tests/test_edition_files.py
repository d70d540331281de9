"""reportgen/tools/edition_files.py: an earlier edition's files the deploy's cache lost are built
again by its own tag's `make site`, in a worktree; a tag that is gone or a build that fails is
one line, and nothing else is touched."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from reportgen.model.editions import Edition
from reportgen.tools.edition_files import missing, rebuild

LANGS = ["zh", "zh-Hant", "en"]
# An edition's own build, as its tag has it: here it writes each language's "PDF" and package from a file of the commit.
MAKEFILE = """site:
\tmkdir -p site/downloads site/zh-Hant/downloads site/en/downloads
\tfor l in zh zh-Hant en; do d=site/$$l/downloads; [ $$l = zh ] && d=site/downloads; \\
\t  cat edition.txt > $$d/report-$$l.pdf; cat edition.txt > $$d/datapackage.json; done
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _repo(tmp: Path) -> tuple[Path, list[Edition]]:
    repo = tmp / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.invalid")
    _git(repo, "config", "user.name", "T")
    (repo / "Makefile").write_text(MAKEFILE, encoding="utf-8")
    editions = []
    for n in (1, 2, 3):
        (repo / "edition.txt").write_text(f"%PDF- edition {n}\n", encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", f"edition {n}")
        _git(repo, "tag", f"edition-{n}")
        editions.append(Edition(date=dt.date(2026, 3, n), tag=f"edition-{n}", summary={"zh": "版", "en": "Edition"}))
    return repo, editions


def test_a_lost_pdf_is_typeset_again_from_its_tag(tmp_path: Path) -> None:
    repo, editions = _repo(tmp_path)
    kept = tmp_path / "kept"
    for lang in LANGS:  # edition 2's PDFs survived in the cache; edition 3 is the current one
        (kept / "2026-03-02" / lang).mkdir(parents=True)
        (kept / "2026-03-02" / lang / f"report-{lang}.pdf").write_text("kept", encoding="utf-8")
    assert missing(kept, editions, LANGS) == [editions[0]]
    line = rebuild(repo, editions[0], kept, ["make", "site"])
    assert line.startswith("edition 2026-03-01: its files built again from edition-1"), line
    for lang in LANGS:
        assert (kept / "2026-03-01" / lang / f"report-{lang}.pdf").read_text(encoding="utf-8") == "%PDF- edition 1\n"
        assert (kept / "2026-03-01" / lang / "datapackage.json").read_text(encoding="utf-8") == "%PDF- edition 1\n"  # its package too
        assert (kept / "2026-03-02" / lang / f"report-{lang}.pdf").read_text(encoding="utf-8") == "kept"
    assert missing(kept, editions, LANGS) == []
    worktrees = subprocess.run(["git", "-C", str(repo), "worktree", "list"], capture_output=True, text=True, check=True).stdout
    assert len(worktrees.splitlines()) == 1  # the edition's worktree is gone


def test_a_lost_tag_or_a_failed_build_is_one_line(tmp_path: Path) -> None:
    repo, editions = _repo(tmp_path)
    kept = tmp_path / "kept"
    _git(repo, "tag", "-d", "edition-1")
    assert "its tag edition-1 cannot be checked out" in rebuild(repo, editions[0], kept, ["make", "site"])
    assert "made no PDF" in rebuild(repo, editions[1], kept, ["false"])
    assert not kept.exists()
