"""The word catalogue: every word the engine writes, one YAML file per language in words/
(zh.yaml, en.yaml), the Traditional Chinese edition derived from zh.yaml through OpenCC except
for the exceptions in zh-Hant.yaml. Modules take a section and look words up through
Localizer.word, so adding a language touches its catalogue, its pages and mkdocs.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

FOLDER = Path(__file__).with_name("words")


@cache
def _catalogue(code: str) -> dict:
    path = FOLDER / f"{code}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.exists() else {}


def section(name: str) -> dict[str, dict[str, str]]:
    """One section by language: {"zh": {...}, "en": {...}, "zh-Hant": {exceptions}}."""
    return {path.stem: _catalogue(path.stem).get(name, {}) for path in sorted(FOLDER.glob("*.yaml"))}
