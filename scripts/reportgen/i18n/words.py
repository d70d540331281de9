"""The word catalogue: every word the engine writes, one YAML file per language, by section. The
engine's are in words/ (zh, en, ja; zh-Hant.yaml holds only the exceptions to OpenCC); a report's
own, in data/words/<code>.yaml, adds a language or overrides any of the engine's words. Modules
take a section and look words up through Localizer.word, so adding a language touches its
declaration, its catalogue, its pages and its texts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import yaml

from reportgen.config import PATHS
from reportgen.model.problems import Problem
from reportgen.model.yaml_errors import SAFE_LOADER

ENGINE = Path(__file__).with_name("words")


def report_folder() -> Path:
    """The report's own catalogues (data/words/)."""
    return PATHS.data / "words"


def _read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {} if path.is_file() else {}


@cache
def _engine(code: str) -> dict:
    """The engine's words in `code`: read once per process (they do not change while it runs)."""
    return _read(ENGINE / f"{code}.yaml")


@cache
def _catalogue(code: str) -> dict:
    """The engine's words in `code`, with the report's own over them, section by section."""
    engine, report = _engine(code), _read(report_folder() / f"{code}.yaml")
    return {name: {**engine.get(name, {}), **report.get(name, {})} for name in dict.fromkeys([*engine, *report])}


@cache
def codes() -> tuple[str, ...]:
    """Every language with a catalogue, the engine's or the report's."""
    return tuple(sorted({p.stem for folder in (ENGINE, report_folder()) for p in folder.glob("*.yaml")}))


def refresh() -> None:
    """Read the report's catalogues again at their next use: a build (of the preview too) sees its
    edited words. The engine's do not change while it runs: read once (`_engine`)."""
    _catalogue.cache_clear()
    codes.cache_clear()


class Section(Mapping):
    """One section by language, read through the current catalogues: {"zh": {...}, "en": {...},
    "zh-Hant": {exceptions}}."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, code: str) -> dict[str, str]:
        if code not in codes():
            raise KeyError(code)
        return _catalogue(code).get(self.name, {})

    def __iter__(self) -> Iterator[str]:
        return iter(codes())

    def __len__(self) -> int:
        return len(codes())


def section(name: str) -> Section:
    return Section(name)


def report_files() -> list[Path]:
    """The report's catalogue files: inputs of every step that writes words."""
    return sorted(report_folder().glob("*.yaml"))


def missing_words(code: str) -> list[str]:
    """'section.key' of the engine's words (as zh.yaml lists them) that `code`'s catalogue lacks."""
    reference, have = _catalogue("zh"), _catalogue(code)
    return [f"{name}.{key}" for name, words in reference.items() for key in words if key not in have.get(name, {})]


def catalogue_problems(languages) -> list[Problem]:
    """A language people write whose catalogue lacks words the engine writes: one line each, naming
    the file to write and the first missing words."""
    problems = []
    for lang in (lang for lang in languages if lang.written):
        missing = missing_words(lang.code)
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            why = f"missing words for {lang.code} (expected every word of the engine's catalogue, as its zh.yaml lists them; got none for {shown})"
            problems.append(Problem(f"data/words/{lang.code}.yaml", 1, 1, "", why))
    return problems
