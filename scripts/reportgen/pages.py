"""Pages: the Markdown in docs/ is a Jinja template; numbers, names, figures and
tables come from data/ through the functions below, so one YAML edit changes all
three languages. Every value cites its source as a footnote with the original phrase.

Autoescaping is on: any string from data/ is HTML-escaped before Markdown sees it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from babel.numbers import format_decimal
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from .config import Paths
from .derive import growths, indicator_map
from .figures import NARROW, WIDE, alt_text
from .localize import localizer
from .schema import Dataset

# [^id] cites an indicator, [^e-id] a named item (entities share no id space with indicators).
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\](?!:)")
_NOTICE = {"zh": "来源", "en": "Source"}
# Screens on which a figure gets its narrow drawing: phones, up to 600 px wide.
PHONE_MEDIA = "(max-width: 37.5em)"


class PageContext:
    """The functions a page template may call, bound to one language and page."""

    def __init__(self, dataset: Dataset, paths: Paths, lang: str, page_path: str):
        self.loc = localizer(lang, dataset)
        self.dataset = dataset
        self.paths = paths
        self.indicators = indicator_map(dataset)
        self.entities = {e.id: e for e in dataset.entities}
        depth = len(PurePosixPath(page_path).parts) - 1
        self.up = "../" * depth  # from this Markdown file to the language folder (MkDocs rewrites it)
        # From this page's URL (x.md is served as x/) to the language folder, for raw HTML,
        # whose links MkDocs leaves alone.
        self.url_up = "../" * (depth + (PurePosixPath(page_path).stem != "index"))

    # Values and text -----------------------------------------------------
    def v(self, ind_id: str) -> Markup:
        """An indicator's value in words, with its citation."""
        return Markup(f"{escape(self.loc.value(self.indicators[ind_id]))}[^{ind_id}]")

    def label(self, ind_id: str) -> str:
        return self.loc.text(self.indicators[ind_id].label)

    def t(self, text) -> str:
        return self.loc.text(text)

    def num(self, value: float, unit: str = "count") -> str:
        return self.loc.number(value, unit)

    def date(self, value) -> str:
        return self.loc.date(value)

    def city(self, city_id: str):
        return next(c for c in self.dataset.cities if c.id == city_id)

    def entity(self, entity_id: str) -> Markup:
        """A named item's name, with its citation."""
        return Markup(f"{escape(self.loc.text(self.entities[entity_id].name))}[^e-{entity_id}]")

    def name(self, entity_id: str) -> str:
        """A named item's name without a citation mark (for headings)."""
        return self.loc.text(self.entities[entity_id].name)

    def raw(self, ind_id: str) -> str:
        """The stored value in its canonical unit, as the data files hold it."""
        return format_decimal(self.indicators[ind_id].value, locale=self.loc.lang.babel)

    def has_page(self, name: str) -> bool:
        """Lets a data-driven loop link only to pages that exist (a new city may have none yet)."""
        return (self.paths.lang_docs("zh") / f"{name}.md").exists()

    def term(self, term_id: str) -> str:
        term = next(t for t in self.dataset.glossary if t.id == term_id)
        if self.loc.base == "en":
            return term.en
        return term.zh_hant or self.loc.hant(term.zh) if self.loc.lang.code == "zh-Hant" else term.zh

    def multiple(self, target_id: str) -> str:
        growth = next(g for g in growths(self.dataset) if g.target.id == target_id)
        return f"{self.loc.number(round(growth.multiple, 2), 'count')}"

    def count(self, what: str, **criteria) -> str:
        items = getattr(self.dataset, what)
        return self.loc.number(sum(all(getattr(i, k) == v for k, v in criteria.items()) for i in items), "count")

    # Blocks ---------------------------------------------------------------
    def table(self, table_id: str) -> Markup:
        spec = next(t for t in self.dataset.tables if t.id == table_id)
        body = (self.paths.tables(self.loc.lang.code) / f"{table_id}.md").read_text(encoding="utf-8")
        return Markup(f"\n**{escape(self.loc.text(spec.title))}**\n{{ .table-title }}\n\n{body}\n")

    def fig(self, figure_id: str) -> Markup:
        """The figure (the narrow drawing on a phone) linking to its full-size SVG, with its
        question and download links."""
        spec = next(f for f in self.dataset.figures if f.id == figure_id)
        wide = f"{self.url_up}figures/{WIDE.svg_name(figure_id)}"
        svg, csv = ("SVG", "CSV")
        return Markup(
            f'\n<figure class="report-figure" id="fig-{figure_id}" markdown>\n'
            f'<a href="{wide}"><picture><source media="{PHONE_MEDIA}" srcset="{self.url_up}figures/{NARROW.svg_name(figure_id)}">'
            f'<img src="{wide}" alt="{escape(alt_text(spec, self.loc))}" loading="lazy"></picture></a>\n'
            f"<figcaption markdown>\n{escape(self.loc.text(spec.question))} "
            f'<span class="fig-downloads">[{svg}]({self.up}figures/{WIDE.svg_name(figure_id)}) · [{csv}]({self.up}figures/{figure_id}.csv)</span>\n'
            "</figcaption>\n</figure>\n"
        )

    def field_reference(self) -> Markup:
        """Tables of every data file's fields, generated from the JSON Schema (reference.md)."""
        from .reference import field_reference_markdown

        return Markup(self.loc.zh_script(field_reference_markdown(self.loc.base)))

    def translation_status(self) -> Markup:
        """Tables of every English page's and data string's translation state (status.md)."""
        from .translations import status_markdown

        return Markup(status_markdown(self.paths, self.loc))

    def globals(self) -> dict:
        names = ("v", "label", "t", "num", "date", "city", "entity", "name", "raw", "has_page", "term", "multiple", "count", "table", "fig", "field_reference",
                 "translation_status")
        return {name: getattr(self, name) for name in names} | {"data": self.dataset, "site": self.dataset.site}

    # Citations ------------------------------------------------------------
    def footnotes(self, markdown: str) -> str:
        """Definitions for every [^id] used on the page, citing the original phrase."""
        names = {s.id: self.loc.text(s.publisher) for s in self.dataset.sources}
        lines = []
        for ref in dict.fromkeys(FOOTNOTE_REF.findall(markdown)):
            item = self.entities.get(ref[2:]) if ref.startswith("e-") else self.indicators.get(ref)
            if item is None:
                continue
            sep = "；" if self.loc.base == "zh" else "; "
            cites = sep.join(
                f"{escape(names[c.source])}: “{escape(self.loc.zh_script(c.quote))}”" for c in item.cite
            )
            lines.append(f"[^{ref}]: {self.loc.zh_script(_NOTICE[self.loc.base])}: {cites}")
        return markdown + ("\n\n" + "\n".join(lines) + "\n" if lines else "")


def make_environment() -> Environment:
    # StrictUndefined: a typo in a template name fails the build instead of printing nothing.
    return Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


def render_page(env: Environment, markdown: str, dataset: Dataset, paths: Paths, lang: str, page_path: str) -> str:
    """Render one page's template for `lang`; `page_path` is relative to the language folder."""
    context = PageContext(dataset, paths, lang, page_path)
    body = env.from_string(markdown).render(context.globals())
    return context.footnotes(body)
