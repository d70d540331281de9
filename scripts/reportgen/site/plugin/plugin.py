"""The `report` MkDocs plugin: runs the generator before a build, renders each page's template,
sanitises every page's HTML and applies the reader-facing fixes after the build.

Kept thin: the work lives in the stage packages, testable without MkDocs. State lives on the
plugin instance. mkdocs-static-i18n builds each further language with the same config and the
same plugin instance, so the work of on_config is done once."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from reportgen.cache import Store, build_lock
from reportgen.config import Paths
from reportgen.generate import generate
from reportgen.i18n import translations, words
from reportgen.i18n.localize import localizer
from reportgen.model.problems import DataError
from reportgen.query.history import history, missing_line
from reportgen.render import linked_data
from reportgen.render.archive import write_archives
from reportgen.render.cards import Faces, page_card, undrawable, write_cards
from reportgen.render.changes import feeds
from reportgen.render.citations import citation_cff
from reportgen.render.pages import PageError, figure_numbers, lines_above, render_page
from reportgen.render.safe import escape_meta, sanitize
from reportgen.render.templates import KeptTemplates, make_environment
from reportgen.site import reader, search, serve, theme_markup
from reportgen.site.address import AddressError, site_url
from reportgen.site.converted import ConvertedPages
from reportgen.site.nav import nav_files_in_order
from reportgen.site.plugin.config import ReportConfig
from reportgen.site.preview import after_preview_build
from reportgen.site.search import SearchError
from reportgen.site.setup import add_engine_theme, apply_theme_settings, built_languages, input_problems

log = logging.getLogger("mkdocs.plugins.report")

PREVIEW_POLL_S = 0.1  # how often `make serve` looks for saved edits


def _split_lang(paths: Paths, src_uri: str) -> tuple[str, str]:
    """(language, page) of a file of docs/: its language folder's, else the original's."""
    head, _, rest = src_uri.partition("/")
    return (head, rest) if rest and head in {lang.code for lang in paths.languages} else (paths.default_lang, src_uri)


def _position(text: str, char: str) -> tuple[int, int]:
    """1-based line and column of the first `char` in `text` (1:1 when it comes from data)."""
    at = text.find(char)
    return (1, 1) if at < 0 else (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))


def _building_another_language(config) -> bool:
    i18n = config["plugins"].get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


class ReportPlugin(BasePlugin[ReportConfig]):
    def __init__(self) -> None:
        self.paths: Paths | None = None
        self.dataset = None
        self.env = None
        self.numbers: dict = {}
        self.not_found: dict[str, str] = {}
        self.cards: dict = {}  # page URL -> its share card, drawn after the build
        self.serving = False
        self.published: tuple[str, str] | None = None  # the address the pages cite, and where it came from
        self.server = None  # the preview's server (make serve)
        self.draw_deferred = None  # figures and downloads an edit changed, drawn after the preview's pages show
        self.after_build: threading.Thread | None = None  # the preview's figures and search index, after the page shows
        self.converted: ConvertedPages | None = None  # pages' HTML kept from earlier builds
        self.faces: Faces | None = None  # what the share cards' faces can draw
        self.templates: KeptTemplates | None = None  # compiled templates, the theme's and the pages'
        self.lock = contextlib.ExitStack()  # the checkout's build lock, from on_config to the end of the build

    def on_startup(self, command, dirty):
        # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve` (MkDocs 1.4+).
        self.serving = command == "serve"

    @event_priority(100)  # before the i18n plugin reads its per-language settings
    def on_config(self, config):
        if _building_another_language(config):
            return config  # static-i18n builds each further language with this same config: done once
        # The preview's last figures and search index are finished before this build renders and cleans the site.
        if self.after_build is not None:
            self.after_build.join()
            self.after_build = None
        self.paths = Paths(Path(self.config.root or Path(config.config_file_path).parent).resolve())
        self.lock.close()  # a preview build that failed still held it
        self.lock.enter_context(build_lock(self.paths))  # one build at a time in a checkout (reportgen/build.py)
        # Pages whose Markdown is unchanged keep their HTML (reportgen/site/converted.py); a
        # preview whose last build failed did not close the previous one.
        if self.converted is not None:
            self.converted.close()
        self.converted = ConvertedPages(Store(self.paths.cache, "converted"), Path(config.config_file_path))
        self.faces = Faces(Store(self.paths.cache, "faces"))
        self.templates = self.templates or KeptTemplates(Store(self.paths.cache, "jinja"))  # the page environment keeps it
        # Without the editions' history (their git tags: a shallow clone), the build says so first and goes on.
        said = missing_line(self.paths.root, self.paths.data)
        if said:
            print(said, file=sys.stderr)
        # The site's own address: SITE_URL, else the git remote's GitHub Pages address; said once.
        # The preview serves at its own (MkDocs puts it in site_url) but its pages cite the
        # published one, as the built pages do: what a reader will copy, and conversions of a
        # built page are the preview's too. Found once per preview, not on every save.
        try:
            config["site_url"], source = site_url(self.paths.root, config["site_url"])
            if not self.serving:
                self.published = (config["site_url"], source)
            elif self.published is None:
                self.published = site_url(self.paths.root, os.environ.get("SITE_URL"))
        except AddressError as err:
            raise PluginError(str(err)) from None
        served = f"; previewed at {config['site_url']}" if self.serving else ""
        print(f"site_url: {self.published[0]} ({self.published[1]}){served}", file=sys.stderr)
        # The menu, the files of the repository and the environment, checked before anything is read.
        lost = input_problems(self.paths, config)
        if lost:
            raise PluginError("\n".join(lost))
        words.refresh()  # the report's own catalogue (data/words/) as it is now
        # Validate and render what changed; every problem of data/ at once.
        try:
            # The preview's rebuilds (not its first build) show the text first, figures and downloads after.
            result = generate(self.paths, defer=self.server is not None)
        except DataError as err:
            raise PluginError(f"{len(err.problems)} problem(s) in data/:\n{err}") from None
        log.debug("generated %d file(s)", len(result.rendered))
        self.draw_deferred = result.draw_deferred
        # One environment for the plugin's life: under `make serve` its compiled pages carry over.
        self.dataset, self.env = result.dataset, self.env or make_environment(self.templates)
        # Figures are numbered in reading order (the menu's order of the default language's pages).
        original = self.paths.lang_docs(self.paths.default_lang)
        self.numbers = figure_numbers(
            [(page, (original / page).read_text(encoding="utf-8")) for page in nav_files_in_order(config["nav"]) if (original / page).is_file()]
        )
        # Drift is reported, never fatal: on stderr (not a MkDocs warning, and seen with --quiet too).
        if self.config.translation_report:
            for line in translations.data_drift_lines(self.paths, result.dataset):
                print(line, file=sys.stderr)
        # The engine's theme, then its words and the site's names per edition, from data (reportgen/site/setup.py).
        add_engine_theme(config)
        apply_theme_settings(config, result.dataset, self.paths.root)
        config["extra"]["feed"] = bool(result.dataset.editions)  # site/theme/main.html links each language's feed.xml
        return config

    def _mark_translation(self, page, rel: str, language) -> None:
        """Translated pages: page.meta.translation_state and the relative link to the original."""
        recorded = page.meta.get(translations.FRONT_MATTER_KEY)
        state = translations.page_state(self.paths, rel, recorded, read_translation=False, lang=language.code)
        page.meta["translation_state"] = state.state
        original = self.paths.lang_dir(language.translates)
        page.meta["translation_original"] = "../" * page.url.count("/") + original + page.url.removeprefix(self.paths.lang_dir(language.code))
        page.meta["translation_lang"] = self.paths.language(language.translates).html
        if state.state != "current" and self.config.translation_report:
            why = f"docs/{language.translates}/{rel} has changed since it was confirmed" if state.state == "outdated" else "no translation hash recorded"
            path = f"docs/{language.code}/{rel}"
            print(f"translations: {path} is {state.state} ({why}; update it, then make confirm-translation PAGE={path})", file=sys.stderr)

    @event_priority(-100)  # last: what it returns is what MkDocs converts, and what converted.py keys on
    def on_page_markdown(self, markdown, page, config, files):
        page.meta = escape_meta(page.meta)
        lang, rel = _split_lang(self.paths, page.file.src_uri)
        language = self.paths.language(lang)
        if language.translates and (self.paths.lang_docs(language.translates) / rel).exists():
            self._mark_translation(page, rel, language)
        source = page.file.content_string
        offset = lines_above(source, markdown)  # front matter and the blank lines MkDocs took off
        cited: list[str] = []
        try:
            body = render_page(self.env, markdown, self.dataset, self.paths, lang, rel, offset, self.numbers, urljoin(self.published[0], page.url), cited)
        except PageError as err:
            raise PluginError(str(err)) from None
        # Its share card (link previews): title, first cited number, edition; site/theme/main.html links it.
        loc = localizer(lang, self.dataset)
        card = page_card(loc, body, cited)
        missing = undrawable(card, self.faces)
        if missing:  # a share card with empty boxes is never published
            line, col = _position(source, missing[0])
            edited = language.words  # a language made from another: its pages are made from that one's
            codes = " ".join(f"U+{ord(c):04X}" for c in missing)
            raise PluginError(
                f"docs/{edited}/{rel}:{line}:{col}: the share card cannot draw “{missing}” ({codes}) with its face "
                f"({card.face}); write it as words or leave it out"
            )
        self.cards[page.url] = card
        page.meta["card"] = "card.png"
        # A link preview's title (og:title) is the page's, but a language's home page shares the report
        # itself: the site's title, not the "Home" of its menu label (its front-matter title).
        if rel == "index.md":
            page.meta["share_title"] = loc.text(self.dataset.site.title)
        return self.converted.before(body, page, config, files)

    # Every page's HTML, whoever wrote it (page, data, extension), passes one sanitiser before
    # the theme, the search index and the PDF see it.
    def on_page_content(self, html, page, config, files):
        return sanitize(self.converted.after(html, page, files))

    # Reader-facing fixes around static-i18n: see reportgen/site/reader.py.
    def on_post_page(self, output, page, config):
        lang, rel = _split_lang(self.paths, page.file.src_uri)
        output = theme_markup.valid(reader.post_page(output, page.url, lang, config["site_url"] or "/"))
        # schema.org for search engines: the report on its home page, the data where the package is
        # offered, and every other page as a part of the report.
        loc, home = localizer(lang, self.dataset), urljoin(config["site_url"] or "/", self.paths.lang_dir(lang))
        if rel == "index.md":
            ld = linked_data.report(loc, page.canonical_url)
        elif "downloads/datapackage.json" in output:
            ld = linked_data.dataset(loc, page.canonical_url, home + "downloads/")
        else:
            ld = linked_data.page(loc, page.canonical_url, page.title, page.meta.get("description"), home)
        return output.replace("</head>", ld + "</head>", 1)

    def on_post_template(self, output_content, template_name, config):
        if template_name == "404.html":
            lang = config["theme"]["language"]
            output_content = theme_markup.valid(reader.not_found_page(output_content))
            self.not_found[lang] = output_content
        return output_content

    def on_env(self, env, config, files):
        # Material's templates take about a third of a second to compile, per language and per
        # build: compiled once and kept in the build's cache, as the pages' are (Jinja checks each
        # template's source and reads a damaged entry as a miss).
        env.bytecode_cache = self.templates
        return env

    def on_serve(self, server, config, builder):
        """`make serve`: saved edits seen within PREVIEW_POLL_S, and the files the build writes into
        docs/ not taken for edits (reportgen/site/serve.py, the one adapter over the server)."""
        self.server = server
        generated = tuple(f"{path}{os.sep}" for path in map(os.path.abspath, self.paths.generated()))
        serve.watch_sources(server, config["docs_dir"], generated, PREVIEW_POLL_S, self._rebuild)
        return server

    def _rebuild(self) -> None:
        serve.request_rebuild(self.server)

    @event_priority(-200)  # after the i18n plugin has built every language
    def on_post_build(self, config):
        if _building_another_language(config):
            return  # one language of the i18n plugin's run; the last call does the work
        langs = built_languages(self.paths, config)
        site = Path(config["site_dir"])
        reader.finish_site(site, langs, config["site_url"] or "/", self.not_found, self.dataset.site.edition)
        (site / "CITATION.cff").write_text(citation_cff(self.dataset), encoding="utf-8")  # beside the data, for citation tools
        if self.dataset.editions:  # an Atom feed of the editions beside each language's home
            for name, feed in feeds(history(self.paths.root, self.dataset), self.dataset, config["site_url"] or "/", langs).items():
                (site / name).write_bytes(feed)
            # Each edition's data package at /editions/<date>/<lang>/ (reportgen/render/archive.py); the PDFs follow them there.
            lost = write_archives(site, langs, self.paths.root, self.dataset, self.paths.build / "editions")
            if lost:
                print(f"editions: no data for {', '.join(lost)}; their archives are not in this build", file=sys.stderr)
        self.not_found = {}
        # A full build keeps only the conversions it used; the preview keeps those of other languages too.
        dropped = 0 if self.serving else self.converted.prune()
        if not self.serving:
            self.faces.store.prune()
            self.templates.store.prune()
        log.debug("converted pages: %d of %d kept from earlier builds, %d dropped", self.converted.kept, len(self.converted.used), dropped)
        self.converted.close()
        cards = functools.partial(
            write_cards, {site / url / "card.png": card for url, card in self.cards.items()}, Store(self.paths.cache, "cards"), prune=not self.serving
        )
        self.cards = {}
        # Share cards, figures and downloads an edit changed, and search: before the build ends,
        # except in the preview, where the page shows first and they follow a moment later.
        if self.serving:
            self.lock.close()  # the thread takes it for the rest
            draw, self.draw_deferred = self.draw_deferred, None
            self.after_build = threading.Thread(target=after_preview_build, daemon=True, args=(self.paths, site, cards, draw, self._rebuild))
            self.after_build.start()
            return
        # Cards are drawn while Pagefind (another process) indexes.
        with self.lock, ThreadPoolExecutor(1) as pool:
            drawn = pool.submit(cards)
            try:
                search.index_site(site, Store(self.paths.cache, "search"))
            except SearchError as err:
                raise PluginError(str(err)) from None
            log.debug("share cards: %d drawn", drawn.result())

    def on_build_error(self, error):
        self.lock.close()
