"""The site's menu must list every page: a page left out vanishes from every menu and from the PDFs."""

from __future__ import annotations

from pathlib import Path

from reportgen.stamp import source_files


def nav_files_in_order(nav) -> list[str]:
    """Every Markdown file named in an mkdocs.yml `nav`, in reading order (nested sections included)."""
    found: list[str] = []
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += nav_files_in_order(value)
    return found


def pages_missing_from_nav(docs: Path, nav, not_in_nav=None) -> list[str]:
    """One message per page of the default language that neither `nav` nor `not_in_nav` names."""
    if nav is None:
        return []  # MkDocs builds the menu from the folder: nothing can be lost
    listed = set(nav_files_in_order(nav))
    missing = []
    for page in source_files(docs, "*.md"):
        rel = page.relative_to(docs).as_posix()
        if rel not in listed and not (not_in_nav is not None and not_in_nav.match_file(rel)):
            missing.append(f"mkdocs.yml: nav: docs/{docs.name}/{rel} is not in the menu (expected it under nav:, "
                           f"or under not_in_nav: for a page reached only through links)")
    return missing
