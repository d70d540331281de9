"""Paths and language settings shared by every stage of the pipeline."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportgen.stamp import GENERATED_DIRS

ROOT = Path(os.environ.get("REPORT_ROOT") or Path.cwd())  # the report: the folder commands run in


@dataclass(frozen=True)
class Lang:
    code: str  # folder name under docs/ and site/
    babel: str  # Babel locale for numbers
    html: str  # value of <html lang>
    region: str  # where its readers are: the PDF's text region, Open Graph's locale
    # Digits before a number is grouped: 2 keeps four-digit numbers whole (5000, as GB/T 15835
    # writes them, beside 5000亿), 1 groups every thousand (5,000).
    min_grouping: int = 1

    @property
    def og_locale(self) -> str:
        return f"{self.html.split('-')[0]}_{self.region}"


ZH = Lang("zh", "zh_Hans_CN", "zh-Hans", "CN", min_grouping=2)
ZH_HANT = Lang("zh-Hant", "zh_Hans_CN", "zh-Hant", "TW", min_grouping=2)  # formatted as zh, then converted by OpenCC
EN = Lang("en", "en", "en", "GB")
LANGS = (ZH, ZH_HANT, EN)
LANG_BY_CODE = {lang.code: lang for lang in LANGS}
DEFAULT_LANG = LANGS[0].code  # built to the site root; the others to <code>/


def lang_dir(code: str) -> str:
    """Folder of a language in the site, relative to the site root ('' for the default)."""
    return "" if code == DEFAULT_LANG else f"{code}/"


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

    def generated(self) -> list[Path]:
        """What the generator writes inside docs/: the zh-Hant pages, every language's figures and downloads."""
        return [self.lang_docs("zh-Hant"), *(self.docs / lang.code / folder for lang in LANGS for folder in GENERATED_DIRS)]


PATHS = Paths(ROOT)
