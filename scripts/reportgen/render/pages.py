"""Pages: the Markdown in docs/ is a Jinja template; numbers, names, figures and
tables come from data/ through the functions below, so one YAML edit changes all
three languages. Every value cites its source as a footnote with the original phrase.

Data texts reach the page through safe.md (HTML- and Markdown-escaped); templates run in
Jinja's sandbox with only the functions below; an unknown id names its page, line and
the id it was probably meant to be.
"""

from __future__ import annotations

import difflib
import re
import traceback
from pathlib import PurePosixPath

from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from reportgen.config import Paths
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import section
from reportgen.model.dataset import Dataset
from reportgen.model.schema import PLACEHOLDER
from reportgen.query.derive import growths, indicator_map
from reportgen.render import citations
from reportgen.render.changes import mark_revised, removed_notes
from reportgen.render.figures import NARROW, WIDE, alt_text, data_table, drawn_size
from reportgen.render.safe import md, quotation
from reportgen.render.tables import TableRenderer
from reportgen.render.templates import compiled

# [^id] cites an indicator, [^e-id] a named item (entities share no id space with indicators).
FOOTNOTE_REF = re.compile(r"\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\](?!:)")
_WORDS = section("page")
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
FIG_CALL = re.compile(r"""\bfig\(\s*["']([a-z0-9-]+)["']\s*\)""")


def figure_numbers(pages: list[tuple[str, str]]) -> dict[str, tuple[int, str]]:
    """Figure id -> (number, page) in the order the figures first appear in `pages`
    ((page path, Markdown) in reading order): the site and the PDF number them alike."""
    numbers: dict[str, tuple[int, str]] = {}
    for page, markdown in pages:
        for figure_id in FIG_CALL.findall(markdown):
            numbers.setdefault(figure_id, (len(numbers) + 1, page))
    return numbers


# Screens on which a figure gets its narrow drawing: phones, up to 600 px wide.
PHONE_MEDIA = "(max-width: 37.5em)"


class UnknownId(LookupError):
    """A page asked for an id that data/ does not have."""

    def __init__(self, function: str, kind: str, wanted: str, known):
        close = difflib.get_close_matches(str(wanted), list(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        super().__init__(f"{function}(): unknown {kind} id '{wanted}'{hint}")


def lookup(function: str, kind: str, table: dict, wanted: str):
    if wanted not in table:
        raise UnknownId(function, kind, wanted, table)
    return table[wanted]


class PageError(Exception):
    """A page template failed: the message names the page, the line and what went wrong."""


class PageContext:
    """The functions a page template may call, bound to one language and page."""

    def __init__(
        self,
        env: SandboxedEnvironment,
        dataset: Dataset,
        paths: Paths,
        lang: str,
        page_path: str,
        numbers: dict[str, tuple[int, str]] | None = None,
        url: str | None = None,
    ):
        self.env = env  # the page's own environment: another page's heading is compiled in it once
        self.loc = localizer(lang, dataset)
        self.page_path = page_path
        self.url = url  # the page's canonical address, for its citations
        self.cited: list[str] = []  # the indicators whose values the page states, in order
        self._tables: TableRenderer | None = None
        self.numbers = numbers or {}
        self.dataset = dataset
        self.paths = paths
        self.indicators = indicator_map(dataset)
        self.entities = {e.id: e for e in dataset.entities}
        self.languages = {s.id: s.language for s in dataset.sources}
        self.figures = {f.id: f for f in dataset.figures}
        self.tables = {t.id: t for t in dataset.tables}
        self.cities = {c.id: c for c in dataset.cities}
        self.terms = {t.id: t for t in dataset.glossary}
        depth = len(PurePosixPath(page_path).parts) - 1
        self.up = "../" * depth  # from this Markdown file to the language folder (MkDocs rewrites it)
        # From this page's URL (x.md is served as x/) to the language folder, for raw HTML,
        # whose links MkDocs leaves alone.
        self.url_up = "../" * (depth + (PurePosixPath(page_path).stem != "index"))

    # Values and text -----------------------------------------------------
    def _indicator(self, function: str, ind_id: str):
        return lookup(function, "indicator", self.indicators, ind_id)

    def v(self, ind_id: str) -> Markup:
        """An indicator's value in words, with its citation (marked when revised: render_page)."""
        value = md(self.loc.value(self._indicator("v", ind_id))) + Markup(f"[^{ind_id}]")
        self.cited.append(ind_id)
        return value

    def label(self, ind_id: str) -> Markup:
        return md(self.loc.text(self._indicator("label", ind_id).label))

    def t(self, text) -> Markup:
        return md(self.loc.text(text))

    def num(self, value: float) -> Markup:
        return md(self.loc.number(value))

    def date(self, value) -> Markup:
        return md(self.loc.date(value))

    def city(self, city_id: str):
        return lookup("city", "city", self.cities, city_id)

    def entity(self, entity_id: str) -> Markup:
        """A named item's name, with its citation."""
        return md(self.loc.text(lookup("entity", "named item", self.entities, entity_id).name)) + Markup(f"[^e-{entity_id}]")

    def name(self, entity_id: str) -> Markup:
        """A named item's name without a citation mark (for headings)."""
        return md(self.loc.text(lookup("name", "named item", self.entities, entity_id).name))

    def raw(self, ind_id: str) -> Markup:
        """The stored value in its canonical unit, as the data files hold it."""
        return md(self.loc.decimal(self._indicator("raw", ind_id).value))

    def has_page(self, name: str) -> bool:
        """Lets a data-driven loop link only to pages that exist (a new city may have none yet)."""
        return (self.paths.lang_docs(self.paths.default_lang) / f"{name}.md").exists()

    def term(self, term_id: str) -> Markup:
        term = lookup("term", "glossary term", self.terms, term_id)
        return md(self.loc.text(term.term_text))

    def multiple(self, target_id: str) -> Markup:
        by_target = {g.target.id: g for g in growths(self.dataset)}
        growth = lookup("multiple", "target with a baseline", by_target, target_id)
        return md(self.loc.number(round(growth.multiple, 2)))

    def count(self, what: str, **criteria) -> Markup:
        items = lookup("count", "collection", {name: getattr(self.dataset, name) for name in type(self.dataset).model_fields}, what)
        return md(self.loc.number(sum(all(getattr(i, k) == v for k, v in criteria.items()) for i in items)))

    # Findings: editors' statements from data/findings.yaml ------------------
    def findings(self) -> Markup:
        """The key findings as a list: each statement in this language, its values cited, and a
        link to the page that says more."""
        items = []
        for finding in self.dataset.findings:
            # Split on the placeholders: the words are escaped as data text, the values are cited.
            parts = re.split(PLACEHOLDER, self.loc.text(finding.text))
            text = "".join(self.v(part) if n % 2 else md(part) for n, part in enumerate(parts))
            more = ""
            if finding.page:
                more = self.loc.word(_WORDS, "more").format(f"[{self._page_title(finding.page)}]({finding.page}.md)")
            items.append(f"- {text}{more}")
        for place, note in reversed(removed_notes(self.paths, self.dataset, self.loc, "findings", self.up)):  # where each removed one stood
            items.insert(place, f"- *{note}*")
        return Markup("\n".join(items))

    def _page_title(self, name: str) -> Markup:
        """Another page's title in this language (its first heading, a template like any page
        text), as Markdown for a link's text."""
        heading = page_title((self.paths.lang_docs(self.loc.lang.code) / f"{name}.md").read_text(encoding="utf-8"), self.loc)
        return Markup(compiled(self.env, heading).render(self.globals()))

    # Blocks ---------------------------------------------------------------
    def table(self, table_id: str) -> Markup:
        spec = lookup("table", "table", self.tables, table_id)
        body = (self.paths.tables(self.loc.lang.code) / f"{table_id}.md").read_text(encoding="utf-8")
        return Markup(f"\n**{md(self.loc.text(spec.title))}**\n{{ .table-title }}\n\n{body}\n")

    def fig(self, figure_id: str) -> Markup:
        """The figure (the narrow drawing on a phone) linking to its full-size SVG, with its
        question and download links."""
        spec = lookup("fig", "figure", self.figures, figure_id)
        number = f"**{self._figure_name(figure_id)}** " if figure_id in self.numbers else ""
        wide = f"{self.url_up}figures/{WIDE.svg_name(figure_id)}"
        drawn = self.paths.figures(self.loc.lang.code)
        svg, csv = ("SVG", "CSV")
        return Markup(
            f'\n<figure class="report-figure" id="fig-{figure_id}" markdown>\n'
            f'<a href="{wide}"><picture><source media="{PHONE_MEDIA}" srcset="{self.url_up}figures/{NARROW.svg_name(figure_id)}"'
            f"{drawn_size(drawn / NARROW.svg_name(figure_id))}>"
            f'<img src="{wide}" alt="{escape(alt_text(spec, self.loc))}"{drawn_size(drawn / WIDE.svg_name(figure_id))} loading="lazy"></picture></a>\n'
            f"<figcaption markdown>\n{number}{md(self.loc.text(spec.question))} "
            f'<a class="headerlink" href="#fig-{figure_id}" title="{escape(self.loc.word(_WORDS, "permalink"))}">¶</a> '
            f'<span class="fig-downloads">[{svg}]({self.up}figures/{WIDE.svg_name(figure_id)}) · [{csv}]({self.up}figures/{figure_id}.csv)</span>\n'
            "</figcaption>\n</figure>\n"
            # The same data as an accessible table in the reader's language, with its citations.
            f'\n<details class="figure-data" markdown>\n<summary>{escape(self.loc.word(_WORDS, "figure_data"))}</summary>\n\n'
            f"{data_table(spec, self.table_renderer)}\n</details>\n"
            + self._cite(
                f"{self._figure_name(figure_id) if figure_id in self.numbers else ''} {self.loc.text(spec.title)}".strip(),
                f"{self._page_url(self.numbers[figure_id][1]) if figure_id in self.numbers else self.url}#fig-{figure_id}",
                f"fig-{figure_id}",
                "figure",
            )
        )

    @property
    def table_renderer(self) -> TableRenderer:
        """Made when a page first needs it (for a figure's data view)."""
        if self._tables is None:
            self._tables = TableRenderer(self.loc)
        return self._tables

    def _cite(self, title: str, url: str, key: str, what: str) -> str:
        """How to cite this page or one of its figures (nothing when the page's address is unknown)."""
        if not self.url:
            return ""
        return citations.block(self.loc, citations.work(self.loc, title, url, f"{self.loc.lang.code}-{key}"), what)

    def cite_data(self) -> Markup:
        """How to cite the data as a data set, shown open on the page that offers it, at its address."""
        if not self.url:
            return Markup("")
        w = citations.work(self.loc, self.loc.text(self.dataset.site.title), self.url, f"{self.loc.lang.code}-dataset", dataset=True)
        return Markup(f'\n<div class="cite-data">{citations.forms(self.loc, w)}</div>\n')

    def _page_url(self, page: str) -> str:
        """The canonical address of another page of this edition (x.md is served as x/): a figure
        shown on two pages is cited at its first, under one key."""

        def served(path: str) -> str:
            stem = PurePosixPath(path).with_suffix("").as_posix()
            return "" if stem == "index" else stem.removesuffix("/index") + "/"

        return (self.url or "")[: len(self.url or "") - len(served(self.page_path))] + served(page)

    def _figure_name(self, figure_id: str) -> str:
        return self.loc.word(_WORDS, "figure").format(self.numbers[figure_id][0])

    def figref(self, figure_id: str) -> Markup:
        """'图 3' / 'Figure 3', linking to the figure (on this page or another)."""
        lookup("figref", "figure", self.figures, figure_id)
        if figure_id not in self.numbers:
            raise UnknownId("figref", "figure shown on a page", figure_id, self.numbers)
        page = self.numbers[figure_id][1]
        target = "" if page == self.page_path else f"{self.up}{page}"
        return Markup(f"[{self._figure_name(figure_id)}]({target}#fig-{figure_id})")

    def field_reference(self) -> Markup:
        """Tables of every data file's fields, generated from the JSON Schema (reference.md)."""
        from reportgen.render.reference import field_reference_markdown

        return Markup(self.loc.zh_script(field_reference_markdown(self.loc.base)))

    def translation_status(self) -> Markup:
        """Tables of every English page's and data string's translation state (status.md)."""
        from reportgen.render.status import status_markdown

        return Markup(status_markdown(self.paths, self.loc))

    def changes(self) -> Markup:
        """Every edition and what changed since the one before, from the repository's history (changes.md)."""
        from reportgen.query.history import history
        from reportgen.render.archive import archived, kept_pdfs
        from reportgen.render.changes import changes_markdown

        root_up = self.url_up + ("../" if self.paths.lang_dir(self.loc.lang.code) else "")  # the editions' files are at the site's root
        kept, lang = self.paths.build / "editions", self.loc.lang.code
        return changes_markdown(history(self.paths.root, self.dataset), self.loc, archived(self.paths.root, self.dataset, kept), root_up, kept_pdfs(kept, lang))

    def globals(self) -> dict:
        names = ("v", "label", "t", "num", "date", "city", "entity", "name", "raw", "has_page", "term", "multiple", "count", "table", "fig", "figref")
        names += ("field_reference", "translation_status", "findings", "cite_data", "changes")
        return {name: getattr(self, name) for name in names} | {"data": self.dataset, "site": self.dataset.site}

    # Citations ------------------------------------------------------------
    def footnotes(self, markdown: str) -> str:
        """Definitions for every [^id] used on the page, citing the original phrase; in English
        with the report's English rendering of what the phrase states beside it."""
        names = {s.id: self.loc.text(s.publisher) for s in self.dataset.sources}
        sep, colon, gloss_form = (self.loc.punct("separator"), self.loc.punct("colon"), self.loc.word(_WORDS, "gloss"))
        lines = []
        for ref in dict.fromkeys(FOOTNOTE_REF.findall(markdown)):
            entity = ref.startswith("e-")
            item = self.entities.get(ref[2:]) if entity else self.indicators.get(ref)
            if item is None:
                continue
            cites = sep.join(f"{md(names[c.source])}{colon}{self._quote(c)}" for c in item.cite)
            gloss = gloss_form.format(md(self.loc.text(item.name)) if entity else md(f"{self.loc.text(item.label)}{colon}{self.loc.value(item)}"))
            lines.append(f"[^{ref}]: {self.loc.word(_WORDS, 'source')}{colon}{cites}{gloss}")
        return markdown + ("\n\n" + "\n".join(lines) + "\n" if lines else "")

    def _quote(self, citation) -> str:
        return quotation(citation.quote, self.languages[citation.source], self.loc.quote_marks(citation.quote))


def _template_line(err: BaseException) -> int | None:
    """The page line being rendered when `err` was raised (Jinja maps template frames to it)."""
    if isinstance(err, TemplateSyntaxError):
        return err.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(err.__traceback__) if frame.filename == "<template>"]
    return lines[-1] if lines else None


def render_page(
    env: SandboxedEnvironment,
    markdown: str,
    dataset: Dataset,
    paths: Paths,
    lang: str,
    page_path: str,
    line_offset: int = 0,
    numbers: dict[str, tuple[int, str]] | None = None,
    url: str | None = None,
    cited: list[str] | None = None,
) -> str:
    """Render one page's template for `lang`; `page_path` is relative to the language folder,
    `line_offset` the lines of front matter above `markdown` in the file, `numbers` the
    figure numbers (figure_numbers), `url` the page's canonical address (for its citations);
    `cited`, when given, receives the ids of the values the page states, in order.
    Raises PageError naming docs/<lang>/<page>:LINE and what went wrong."""
    context = PageContext(env, dataset, paths, lang, page_path, numbers, url)
    try:
        body = compiled(env, markdown).render(context.globals())
    except (TemplateError, UnknownId, TypeError) as err:  # TypeError: a function called with the wrong arguments
        line = _template_line(err)
        where = f"docs/{lang}/{page_path}" + (f":{line + line_offset}" if line else "")
        raise PageError(f"{where}: {_explain(err, context)}") from None
    key = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(page_path).with_suffix("").as_posix().lower()).strip("-")
    if cited is not None:
        cited.extend(context.cited)
    body = mark_revised(paths, dataset, context.loc, body, context.up)
    return context.footnotes(body + context._cite(page_title(body, context.loc), url or "", key, "page"))


def lines_above(source: str, markdown: str) -> int:
    """How many lines of the page's file `source` lie above the first line of `markdown` (what
    MkDocs hands on: the file without its front matter and the blank lines after it), so that an
    error's line is the file's line."""
    body = markdown.lstrip("\n")
    first = body.split("\n", 1)[0]
    at = source.find(first) if first else -1
    return max(0, source.count("\n", 0, at) - (len(markdown) - len(body))) if at >= 0 else 0


def page_title(markdown: str, loc) -> str:
    """A page's title: its first heading, else the report's."""
    heading = _HEADING.search(markdown)
    return heading.group(1).strip() if heading else loc.text(loc.dataset.site.title)


def _explain(err: Exception, context: PageContext) -> str:
    if isinstance(err, UnknownId):
        return str(err)
    if isinstance(err, TemplateSyntaxError):
        return f"template syntax error: {err.message}"
    if isinstance(err, SecurityError):
        return f"not allowed in a page: {err.message}"
    if isinstance(err, UndefinedError):
        names = ", ".join(sorted(context.globals()))
        return f"{err.message} (a page may use only: {names})"
    return str(err).replace(f"{PageContext.__name__}.", "")
