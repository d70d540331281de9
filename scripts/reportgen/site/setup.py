"""What the site step checks and sets before MkDocs (or ProperDocs) reads a page: the inputs a
build may trust (the nav, the files of the repository, the environment) and the theme's
settings from data (site names per edition, the theme's words, the Markdown extension for
tables). The report plugin calls these from on_config; they touch MkDocs' configuration only
through its public keys."""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.config import Paths
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import section
from reportgen.site.address import environment_problems
from reportgen.site.nav import files_outside, nav_outside_pages, pages_missing_from_nav
from reportgen.site.tablecells import TableCells
from reportgen.site.theme_files import keep_listing

# The engine's own theme: the PDF link, citations, the search dialog, the footer, its styles.
# Between a report's overrides/ (which may change any of it) and Material.
THEME = Path(__file__).resolve().parent / "theme"
STYLES = ("assets/report.css",)
# The maintainers' pages the footer links when a report has them, with the theme word of each.
MAINTAINER_PAGES = (("reference", "field_reference"), ("status", "translation_status"))


def built_languages(paths: Paths, config) -> list[str]:
    """The editions this build makes: every one the i18n plugin has, or the one `make serve
    ONLY=en` names (static-i18n's build_only_locale, which builds it alone, as the default)."""
    i18n = config["plugins"].get("i18n")
    return [lang.locale for lang in i18n.config["languages"] if lang.build] if i18n is not None else [paths.default_lang]


def _edition_problems(paths: Paths, config) -> list[str]:
    """The editions the i18n plugin has are the languages data/site.yaml declares, the original
    its default (or the one build_only_locale builds alone)."""
    i18n = config["plugins"].get("i18n")
    if i18n is None or not paths.languages:
        return []
    built = [lang.locale for lang in i18n.config["languages"]]
    declared = [lang.code for lang in paths.languages]
    default = next((lang.locale for lang in i18n.config["languages"] if lang.default), None)
    if sorted(built) != sorted(declared) or default != (i18n.config["build_only_locale"] or declared[0]):
        expected = f"{', '.join(declared)} as data/site.yaml declares them, {declared[0]} the default"
        return [f"mkdocs.yml: the i18n plugin's languages (expected {expected}; got {', '.join(built)}, {default} the default)"]
    return []


def input_problems(paths: Paths, config) -> list[str]:
    """Before anything is read: every page in the menu, the menu naming pages of the site only,
    no page, data file or override linking outside the repository, the environment's values."""
    docs = paths.lang_docs(paths.default_lang)
    lost = pages_missing_from_nav(docs, config["nav"], config["not_in_nav"])
    lost += nav_outside_pages(docs, config["nav"])
    lost += files_outside(paths.root, [paths.docs, paths.data, paths.root / "overrides"])
    lost += _edition_problems(paths, config)
    return lost + environment_problems(os.environ)


def catalogue_words(name: str, dataset) -> dict[str, dict[str, str]]:
    """One section of the word catalogue, per language: {lang: {key: word}}."""
    words = section(name)
    return {lang.code: localizer(lang.code, dataset).words(words) for lang in dataset.site.languages}


def add_engine_theme(config) -> None:
    """The engine's templates after the report's custom_dir and before Material's (MkDocs'
    public Theme.dirs), and its stylesheet first among extra_css: a report needs no copy of them."""
    theme, folder = config["theme"], str(THEME)
    if folder not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, folder)
    for path in reversed(STYLES):
        if path not in config["extra_css"]:
            config["extra_css"].insert(0, path)


def apply_theme_settings(config, dataset, root: Path) -> None:
    """The theme's words, Open Graph locales, site names per edition (zh-Hant through OpenCC
    like every other text; model/site.py's SiteText keeps them free of markup and quotes, since the theme
    prints them unescaped in places), and the table-cell extension (tables become cards on
    phones: cells need their headers)."""
    config["extra"]["words"] = catalogue_words("theme", dataset)
    config["extra"]["search_words"] = catalogue_words("search", dataset)
    config["extra"]["og_locale"] = {lang.code: lang.og_locale for lang in dataset.site.languages}
    config["extra"]["html_lang"] = {lang.code: lang.html for lang in dataset.site.languages}
    # The footer's Contribute links: to the maintainers' pages this report has.
    config["extra"]["maintainer_pages"] = [
        [page, word] for page, word in MAINTAINER_PAGES if (Paths(root).lang_docs(Paths(root).default_lang) / f"{page}.md").is_file()
    ]
    config["markdown_extensions"].append(TableCells())
    # MkDocs lists every theme file per edition and build, before any event that sees its
    # environment: the theme's environments come with a loader that lists the installed theme once.
    make_env = config["theme"].get_env
    config["theme"].get_env = lambda: keep_listing(make_env(), root)
    site = dataset.site
    config["site_name"] = site.title[site.languages[0].code]
    config["site_description"] = site.subtitle[site.languages[0].code]
    i18n = config["plugins"].get("i18n")
    for language in i18n.config["languages"] if i18n is not None else []:
        if language.locale in {lang.code for lang in dataset.site.languages}:
            loc = localizer(language.locale, dataset)
            language.site_name = loc.text(site.title)
            language.site_description = loc.text(site.subtitle)
