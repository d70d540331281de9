"""MkDocs hooks: run the generator before each build and render page templates.

Kept thin: the work lives in the `reportgen` package so it is testable without MkDocs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from reportgen.config import LANG_BY_CODE, LANGS, PATHS
from reportgen.generate import generate
from reportgen.i18n import translations
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import section
from reportgen.model.problems import DataError
from reportgen.render.pages import PageError, figure_numbers, make_environment, render_page
from reportgen.render.safe import escape_meta, sanitize
from reportgen.site import reader
from reportgen.site.nav import nav_files_in_order, pages_missing_from_nav
from reportgen.site.tablecells import TableCells

_state: dict = {}


@event_priority(100)  # before the i18n plugin reads its per-language settings
def on_config(config):
    i18n = config["plugins"].get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return config  # static-i18n builds each further language with this same config: done once
    try:
        result = generate(PATHS)
    except DataError as err:
        raise PluginError(f"{len(err.problems)} problem(s) in data/:\n{err}") from None
    # A page that no menu lists would vanish from every menu and from the PDFs.
    lost = pages_missing_from_nav(PATHS.lang_docs("zh"), config["nav"], config["not_in_nav"])
    if lost:
        raise PluginError("\n".join(lost))
    _state["dataset"] = result.dataset
    _state["env"] = make_environment()
    # Figures are numbered in reading order (the menu's order of the default language's pages).
    zh = PATHS.lang_docs("zh")
    _state["numbers"] = figure_numbers([(page, (zh / page).read_text(encoding="utf-8")) for page in nav_files_in_order(config["nav"])
                                        if (zh / page).is_file()])
    # Drift is reported, never fatal: printed (not a mkdocs warning), so --strict still passes.
    for line in translations.data_drift_lines(PATHS, result.dataset):
        print(line, file=sys.stderr)
    # Traditional words for jieba (Material segments Chinese for search at build time).
    search = config["plugins"].get("material/search")
    if search is not None:
        search.config.jieba_dict_user = str(reader.jieba_user_dict(PATHS, result.dataset))
    # The theme's own words (PDF link, 404 page, footer) from the word catalogue, per language.
    theme_words = section("theme")
    config["extra"]["words"] = {lang.code: {key: localizer(lang.code, result.dataset).word(theme_words, key) for key in theme_words["zh"]}
                                for lang in LANGS}
    # Tables become one card per row on phones (report.css); cells need their headers for that.
    config["markdown_extensions"].append(TableCells())
    site = result.dataset.site
    # Site names come from data/site.yaml; zh-Hant through OpenCC like every other text.
    # The theme prints them unescaped in places: schema.SiteText keeps them free of markup and quotes.
    config["site_name"] = site.title.zh
    config["site_description"] = site.subtitle.zh
    if i18n is not None:
        for language in i18n.config["languages"]:
            if language.locale in LANG_BY_CODE:
                loc = localizer(language.locale, result.dataset)
                language.site_name = loc.text(site.title)
                language.site_description = loc.text(site.subtitle)
    return config


def _split_lang(src_uri: str) -> tuple[str, str]:
    head, _, rest = src_uri.partition("/")
    return (head, rest) if head in LANG_BY_CODE and rest else ("zh", src_uri)


def _mark_translation(page, rel: str) -> None:
    """English pages: page.meta.translation_state and the relative link to the Chinese original."""
    state = translations.page_state(PATHS, rel, page.meta.get(translations.FRONT_MATTER_KEY), read_english=False)
    zh_url = page.url.removeprefix("en/")
    page.meta["translation_state"] = state.state
    page.meta["translation_original"] = "../" * page.url.count("/") + zh_url
    if state.state != "current":
        why = f"docs/zh/{rel} has changed since it was confirmed" if state.state == "outdated" else "no translation hash recorded"
        print(f"translations: docs/en/{rel} is {state.state} ({why}; update it, then "
              f"make confirm-translation PAGE=docs/en/{rel})", file=sys.stderr)


def on_page_markdown(markdown, page, config, files):
    page.meta = escape_meta(page.meta)
    lang, rel = _split_lang(page.file.src_uri)
    if lang == "en" and (PATHS.lang_docs("zh") / rel).exists():
        _mark_translation(page, rel)
    source = page.file.content_string
    offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0  # front matter lines
    try:
        return render_page(_state["env"], markdown, _state["dataset"], PATHS, lang, rel, offset, _state["numbers"])
    except PageError as err:
        raise PluginError(str(err)) from None


# Every page's HTML, whoever wrote it (page, data, extension), passes one sanitiser before
# the theme, the search index and the PDF see it.
def on_page_content(html, page, config, files):
    return sanitize(html)


# Reader-facing fixes around static-i18n: see scripts/reportgen/site/reader.py.
def on_post_page(output, page, config):
    lang, _ = _split_lang(page.file.src_uri)
    return reader.post_page(output, page.url, lang, config["site_url"] or "/")


def on_post_template(output_content, template_name, config):
    if template_name == "404.html":
        lang = config["theme"]["language"]
        output_content = reader.not_found_page(output_content, lang)
        _state.setdefault("not_found", {})[lang] = output_content
    return output_content


@event_priority(-200)  # after the i18n plugin has built every language and the search index
def on_post_build(config):
    i18n = config["plugins"].get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # one language of the i18n plugin's run; the last call does the work
    langs = [lang.locale for lang in i18n.config["languages"]] if i18n is not None else ["zh"]
    reader.finish_site(Path(config["site_dir"]), langs, config["site_url"] or "/", _state.pop("not_found", {}))
