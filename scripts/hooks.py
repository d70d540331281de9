"""MkDocs hooks: run the generator before each build and render page templates.

Kept thin: the work lives in the `reportgen` package so it is testable without MkDocs.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from reportgen.config import LANG_BY_CODE, PATHS
from reportgen.generate import generate
from reportgen.localize import localizer
from reportgen.pages import make_environment, render_page
from reportgen.problems import DataError

_state: dict = {}


@event_priority(100)  # before the i18n plugin reads its per-language settings
def on_config(config):
    try:
        result = generate(PATHS)
    except DataError as err:
        raise PluginError(f"{len(err.problems)} problem(s) in data/:\n{err}") from None
    _state["dataset"] = result.dataset
    _state["env"] = make_environment()
    site = result.dataset.site
    # Site names come from data/site.yaml; zh-Hant through OpenCC like every other text.
    config["site_name"] = site.title.zh
    config["site_description"] = site.subtitle.zh
    i18n = config["plugins"].get("i18n")
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


def on_page_markdown(markdown, page, config, files):
    lang, rel = _split_lang(page.file.src_uri)
    try:
        return render_page(_state["env"], markdown, _state["dataset"], PATHS, lang, rel)
    except Exception as err:  # name the failing page, whatever went wrong in it
        raise PluginError(f"docs/{page.file.src_uri}: {type(err).__name__}: {err}") from err
