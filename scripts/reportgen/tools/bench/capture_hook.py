"""Bench only, an MkDocs hook: write each page's Markdown as MkDocs will convert it (after the report plugin).

floor.floor adds this file to `hooks:` and sets BENCH_CAPTURE to the output directory.
"""

import json
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["BENCH_CAPTURE"])


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    dest = OUT / page.file.src_uri
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Plain types only: the report plugin leaves escaped titles as Markup, which safe_dump refuses.
    meta = {k: str(v) if isinstance(v, str) else v for k, v in page.meta.items() if isinstance(v, (str, int, float, bool, list, dict))}
    front = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" if meta else ""
    dest.write_text(front + markdown, encoding="utf-8")
    return markdown


@event_priority(-100)
def on_config(config):
    """What the report plugin sets in the config (theme words, site name and address), for the plain build."""
    OUT.mkdir(parents=True, exist_ok=True)
    keep = {"extra": dict(config["extra"]), **{key: config[key] for key in ("site_name", "site_description", "site_url")}}
    (OUT / "_config.json").write_text(json.dumps(keep, ensure_ascii=False, default=str), encoding="utf-8")
    return config
