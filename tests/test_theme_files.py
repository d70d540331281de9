"""reportgen.site.theme_files: the theme's files listed as MkDocs' own loader lists them (hidden
folders aside, which MkDocs never copies); an installed folder once per process, the project's
own every time."""

from __future__ import annotations

from pathlib import Path

import jinja2
from reportgen.site import theme_files


def _theme(root: Path) -> Path:
    for name in ("main.html", "assets/app.js", ".icons/logo.svg", "partials/.hidden.html"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    return root


def test_the_listing_is_mkdocs_own_without_hidden_files(tmp_path: Path) -> None:
    installed, project = _theme(tmp_path / "site-packages" / "theme"), tmp_path / "project"
    (project / "overrides").mkdir(parents=True)
    (project / "overrides" / "main.html").write_text("y", encoding="utf-8")
    folders = [str(project / "overrides"), str(installed)]
    env = theme_files.keep_listing(jinja2.Environment(loader=jinja2.FileSystemLoader(folders)), project)
    plain = jinja2.FileSystemLoader(folders).list_templates()
    assert env.list_templates() == [n for n in plain if not any(part.startswith(".") for part in n.split("/"))]
    assert env.list_templates() == ["assets/app.js", "main.html"]
    assert env.get_template(".icons/logo.svg").render() == "x"  # hidden files still load by name


def test_an_installed_theme_is_listed_once_the_project_every_time(tmp_path: Path) -> None:
    installed, project = _theme(tmp_path / "site-packages" / "theme"), tmp_path / "project"
    (project / "overrides").mkdir(parents=True)
    folders = [str(project / "overrides"), str(installed)]
    env = theme_files.keep_listing(jinja2.Environment(loader=jinja2.FileSystemLoader(folders)), project)
    env.list_templates()
    (installed / "late.css").write_text("z", encoding="utf-8")
    (project / "overrides" / "extra.css").write_text("z", encoding="utf-8")
    assert "extra.css" in env.list_templates() and "late.css" not in env.list_templates()


def test_another_loader_is_left_alone(tmp_path: Path) -> None:
    loader = jinja2.DictLoader({"a.html": "a"})
    assert theme_files.keep_listing(jinja2.Environment(loader=loader), tmp_path).loader is loader
