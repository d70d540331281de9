"""Paths shared by every stage of the pipeline, and the report's languages by path (languages.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.stamp import GENERATED_DIRS

if TYPE_CHECKING:
    from reportgen.languages import Language

ROOT = Path(os.environ.get("REPORT_ROOT") or Path.cwd())  # the report: the folder commands run in


@dataclass(frozen=True)
class Paths:
    """Where each stage reads and writes; a root other than the repo serves tests."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def lang_docs(self, lang: str) -> Path:
        return self.docs / lang

    @property
    def phrases(self) -> Path:
        return self.data / "opencc_phrases.yaml"

    @property
    def cache(self) -> Path:
        """The build's one cache folder (reportgen/cache.py)."""
        return self.build / "cache"

    @property
    def cache_manifest(self) -> Path:
        return self.cache / "manifest.json"

    def tables(self, lang: str) -> Path:
        return self.build / "tables" / lang

    def figures(self, lang: str) -> Path:
        return self.docs / lang / "figures"

    @property
    def languages(self) -> tuple[Language, ...]:
        """The report's languages (data/site.yaml), the original first. Imported when asked: a
        `generate` with nothing to do answers without pydantic (stamp.py)."""
        from reportgen.languages import declared

        return declared(self.data)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    @property
    def default_lang(self) -> str:
        """The original's code: built to the site root, the others to <code>/."""
        return self.languages[0].code if self.languages else ""

    def lang_dir(self, code: str) -> str:
        """Folder of a language in the site, relative to the site root ('' for the original)."""
        return "" if code == self.default_lang else f"{code}/"

    def generated(self) -> list[Path]:
        """What the generator writes inside docs/: the pages of languages made from another, every language's figures and downloads."""
        made = [self.lang_docs(lang.code) for lang in self.languages if not lang.written]
        return [*made, *(self.docs / lang.code / folder for lang in self.languages for folder in GENERATED_DIRS)]


PATHS = Paths(ROOT)
