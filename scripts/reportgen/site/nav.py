"""The site's menu must list every page (a page left out vanishes from every menu and from the
PDFs), and name only pages of the site; every page must be a file of the repository."""

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


def nav_outside_pages(docs: Path, nav) -> list[str]:
    """One message per nav entry that is not a page of the site: a path outside docs/<lang>/,
    or a file that does not exist. (An external http(s) link is a link, not a page.)"""
    problems = []
    for entry in nav_files_in_order(nav) if nav is not None else []:
        if entry.startswith(("http://", "https://")):
            continue
        target = (docs / entry).resolve()
        if docs.resolve() not in target.parents or not target.is_file():
            problems.append(f"mkdocs.yml: nav: {entry!r} is not a page of the site (expected a file under docs/{docs.name}/, e.g. money.md)")
    return problems


def files_outside(root: Path, folders: list[Path]) -> list[str]:
    """One message per file in `folders` that resolves outside the repository `root` (a symbolic
    link to anything else on the machine would publish it)."""
    root = root.resolve()
    problems = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_symlink() and root not in path.resolve().parents:
                problems.append(
                    f"{path.relative_to(root).as_posix()}: links to a file outside the repository "
                    f"({path.resolve()}); pages and data must be files of the repository"
                )
    return problems


def pages_missing_from_nav(docs: Path, nav, not_in_nav=None) -> list[str]:
    """One message per page of the default language that neither `nav` nor `not_in_nav` names."""
    if nav is None:
        return []  # MkDocs builds the menu from the folder: nothing can be lost
    listed = set(nav_files_in_order(nav))
    missing = []
    for page in source_files(docs, "*.md"):
        rel = page.relative_to(docs).as_posix()
        if rel not in listed and not (not_in_nav is not None and not_in_nav.match_file(rel)):
            missing.append(
                f"mkdocs.yml: nav: docs/{docs.name}/{rel} is not in the menu (expected it under nav:, "
                f"or under not_in_nav: for a page reached only through links)"
            )
    return missing
