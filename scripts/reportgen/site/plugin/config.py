"""Options of the `report` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ReportConfig(Config):
    # The report's folder, holding data/, docs/ and build/; default: the folder of mkdocs.yml.
    root = c.Optional(c.Dir(exists=True))
    # Report English pages and data strings that lag their Chinese original (never fatal).
    translation_report = c.Type(bool, default=True)
