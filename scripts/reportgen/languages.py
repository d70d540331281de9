"""The report's languages, declared once in data/site.yaml (`languages`): each stage asks here
which editions there are and how each is written, instead of knowing any language itself.
The first is the original; a language `from` another is made from it with OpenCC; one that
`translates` another tracks the original it translates. Checked in full, with positions, with
the rest of data/ (model/validate.py); read here without the rest of the data."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

CODE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class Fonts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sans: str = Field(description="Sans-serif face of figures, share cards and the PDF's headings (e.g. Noto Sans CJK SC).")
    serif: str = Field(description="Serif face of the PDF's text (e.g. Noto Serif CJK SC).")


class Language(BaseModel):
    """One edition of the report: its folder, how its numbers, dates and lines are written, its faces."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    code: str = Field(pattern=CODE_PATTERN, description="Its folder under docs/ and site/, and its key in the texts of data/ (e.g. zh, zh-Hant, en, ja).")
    babel: str = Field(description="Babel locale of its numbers (e.g. zh_Hans_CN, en, ja).")
    dates: str | None = Field(default=None, description="Babel locale of its dates, when not its numbers' (e.g. en_GB: 4 January 2026).")
    html: str = Field(description="Its <html lang> (BCP 47, e.g. zh-Hans, zh-Hant, en, ja).")
    region: str = Field(pattern=r"^[A-Z]{2}$", description="Where its readers are (ISO 3166, e.g. CN): the PDF's text region and the Open Graph locale.")
    grouping: int = Field(
        default=1,
        ge=1,
        le=3,
        description="Digits before a number is grouped: 2 keeps four-digit numbers whole (5000, as GB/T 15835 writes them), 1 groups every thousand.",
    )
    script: Literal["cjk", "latin"] = Field(
        description="How its lines break and its large numbers read: cjk (between the words a segmenter finds; 万, 亿) "
        "or latin (between words; thousand, billion)."
    )
    fonts: Fonts = Field(description="The faces of its figures, share cards and PDF.")
    derived_from: str | None = Field(
        default=None,
        alias="from",
        description="The language it is made from with OpenCC (site.yaml's opencc_profile): its pages are generated, never written, "
        "and its texts in data/ are optional overrides.",
    )
    translates: str | None = Field(
        default=None, description="The language it is translated from: its pages and data strings record which original they translate."
    )

    @property
    def og_locale(self) -> str:
        return f"{self.html.split('-')[0]}_{self.region}"

    @property
    def text_region(self) -> tuple[str, str]:
        """Typst's text language and region (zh-Hans -> zh, CN)."""
        return self.html.split("-")[0], self.region

    @property
    def words(self) -> str:
        """The language whose words (catalogue, texts of data/) this one starts from: its own, or the one it is made from."""
        return self.derived_from or self.code

    @property
    def written(self) -> bool:
        """Whether people write its pages and texts (not made from another)."""
        return self.derived_from is None


def translated(languages) -> list[Language]:
    """The languages translated from another (`translates`), in their declared order."""
    return [lang for lang in languages if lang.translates]


def for_tools(languages) -> Language:
    """The first edition in Latin script, else the original: what tools outside the report show
    as one text (a citation manager's title, a reviewer's diff)."""
    return next((lang for lang in languages if lang.script == "latin"), languages[0])


_LIST = TypeAdapter(list[Language])


@functools.cache
def _read(path: str, stamp: tuple[int, int]) -> tuple[Language, ...]:
    try:
        site = (yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}).get("site") or {}
        return tuple(_LIST.validate_python(site.get("languages") or []))
    except (OSError, yaml.YAMLError, ValidationError, AttributeError):
        return ()  # reported with its position by the data's validation


def declared(data: Path) -> tuple[Language, ...]:
    """The languages data/site.yaml declares, the original first; () when it declares none that validate."""
    path = data / "site.yaml"
    try:
        st = path.stat()
    except OSError:
        return ()
    return _read(str(path), (st.st_mtime_ns, st.st_size))
