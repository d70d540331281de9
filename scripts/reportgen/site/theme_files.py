"""Listing the theme's files once: MkDocs lists every file of every theme folder on each build
and edition to find the static ones it copies (add_files_from_theme), and Material ships about
14,000 icons in hidden folders that it then leaves out. That listing cost about 0.1 s per
edition and build of the preview. An installed theme does not change while a process runs, so
its folders are listed once; the project's own (overrides/, and the engine's theme when it is installed editable) are listed every time."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

_LISTED: dict[str, tuple[str, ...]] = {}  # installed theme folder -> its files, hidden folders left out


def _walk(folder: str) -> tuple[str, ...]:
    """Template names under `folder`, as Jinja's FileSystemLoader names them, without hidden
    files and folders (MkDocs copies none of them; their templates still load by name)."""
    found = []
    for here, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(here).relative_to(folder).as_posix()
        found += [name if base == "." else f"{base}/{name}" for name in files if not name.startswith(".")]
    return tuple(found)


class ThemeLoader(jinja2.FileSystemLoader):
    """MkDocs' theme loader (the same folders, in order), with listings of installed folders kept."""

    def __init__(self, searchpath, project: Path, **kwargs) -> None:
        super().__init__(searchpath, **kwargs)
        self.project = project

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.searchpath:
            if Path(folder).resolve().is_relative_to(self.project):
                names.update(_walk(folder))
            else:
                names.update(_LISTED.get(folder) or _LISTED.setdefault(folder, _walk(folder)))
        return sorted(names)


def keep_listing(env: jinja2.Environment, project: Path) -> jinja2.Environment:
    """`env` (MkDocs' theme environment) with the loader above, if it had MkDocs' own."""
    loader = env.loader
    if type(loader) is jinja2.FileSystemLoader:
        env.loader = ThemeLoader(loader.searchpath, project.resolve(), encoding=loader.encoding, followlinks=loader.followlinks)
    return env
