"""The site's menu must list every page: a page left out vanishes from every menu and from the PDFs."""

from __future__ import annotations

from pathlib import Path

from .stamp import source_files


def nav_files(nav) -> set[str]:
    """Every Markdown file named in an mkdocs.yml `nav` (nested sections included)."""
    found: set[str] = set()
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= nav_files(value)
    return found


def pages_missing_from_nav(docs: Path, nav, not_in_nav=None) -> list[str]:
    """One message per page of the default language that neither `nav` nor `not_in_nav` names."""
    if nav is None:
        return []  # MkDocs builds the menu from the folder: nothing can be lost
    listed = nav_files(nav)
    missing = []
    for page in source_files(docs, "*.md"):
        rel = page.relative_to(docs).as_posix()
        if rel not in listed and not (not_in_nav is not None and not_in_nav.match_file(rel)):
            missing.append(f"mkdocs.yml: nav: docs/{docs.name}/{rel} is not in the menu (expected it under nav:, "
                           f"or under not_in_nav: for a page reached only through links)")
    return missing
