"""One PDF per language, made from the built site (no second copy of the text) and typeset
with Typst: chapters.py reads the pages, tree.py turns them into plain nodes, report.typ
lays them out with a cover, contents, a list of figures and the chapters' notes.

Each PDF is tagged and declares PDF/A-3a and PDF/UA-1; the language's data downloads
(everything in its downloads/ folder but PDFs) travel inside it as attachments.

Outputs (stable URLs, linked from every page by the engine's theme (site/theme/main.html)):
    SITE/downloads/report-zh.pdf, SITE/zh-Hant/downloads/report-zh-Hant.pdf,
    SITE/en/downloads/report-en.pdf

A PDF is typeset only when its content changed: the key is the digest of the document,
the template, every referenced image and attachment, the fonts and the Typst version; each
language's latest PDF is kept in the build's cache (the `pdf` store), outside the site, which
is rebuilt from scratch. The step (step.py) comes here only when something the PDFs are made
from changed since the last build.
"""

from __future__ import annotations

import json
import mimetypes
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from reportgen.cache import Store, digest, fonts_digest, sha, versions, write_if_changed
from reportgen.config import PATHS
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import section
from reportgen.model.validate import load_dataset
from reportgen.pdf.chapters import chapter_slug, mark_repeated_figures, nav_labels, pdf_relpath, read_chapter
from reportgen.pdf.step import PdfError

TEMPLATE = Path(__file__).with_name("report.typ")
# Tagged (structure tree, alternative text, languages) and archival with attachments allowed.
STANDARDS = ["a-3a", "ua-1"]
WORDS = section("pdf")


@dataclass
class Document:
    code: str
    payload: dict
    images: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)

    @cached_property
    def json(self) -> str:
        """What report.typ receives (read for the cache key, then by Typst): made once."""
        return json.dumps(self.payload, ensure_ascii=False, sort_keys=True)


def assemble(site: Path, code: str, dataset) -> Document:
    """Everything report.typ needs for one language, as plain data."""
    loc = localizer(code, dataset)
    s = dataset.site
    colon = loc.punct("colon")
    title = loc.text(s.title)
    head, rest = _split_title(title, colon)
    labels = nav_labels(site, code)
    home = f"{PATHS.lang_dir(code)}index.html"
    pages = list(labels)
    slugs = {page: chapter_slug(page, PATHS.lang_dir(code)) for page in pages}
    chapters = [read_chapter(site, page, slugs) for page in pages]
    mark_repeated_figures(chapters)
    downloads = site / PATHS.lang_dir(code) / "downloads"
    attachments = sorted(p.relative_to(site).as_posix() for p in downloads.glob("*") if p.is_file() and p.suffix != ".pdf")
    date = loc.date(s.meeting_date)
    payload = {
        "lang": code,
        "cjk": loc.cjk,  # lines, spacing and faces of CJK text (report.typ)
        "text_lang": loc.lang.text_region[0],
        "region": loc.lang.text_region[1],
        "fonts": {"serif": loc.lang.fonts.serif, "sans": loc.lang.fonts.sans},
        "words": loc.words(WORDS),
        "title": title,
        "title_head": head,
        "title_rest": rest,
        "subtitle": loc.text(s.subtitle),
        "author": loc.text(s.author),
        "keywords": [loc.text(c.name) for c in dataset.cities],
        "kicker": f"{loc.text(s.cover_date_label)}{colon}{date}" if s.cover_date_label else date,
        "edition": [s.edition.year, s.edition.month, s.edition.day],
        "edition_line": f"{loc.word(WORDS, 'edition')}{colon}{loc.date(s.edition)}",
        "sources": [
            {
                "head": loc.punct("separator").join([loc.text(src.publisher)] + ([loc.text(src.platform)] if src.platform else [])),
                "title": loc.text(src.title) if src.title else "",
            }
            for src in dataset.sources
        ],
        # The home page's menu label ("Home") names a place on the web, not a chapter: its running
        # header is the report's title (up to the colon, as the cover breaks it).
        "chapters": [
            {"slug": ch.slug, "label": _short_title(title, colon) if page == home else labels[page] or title, "nodes": ch.nodes}
            for page, ch in zip(pages, chapters, strict=True)
        ],
        "figure_count": sum(ch.figures for ch in chapters),
        "attachments": [
            {"path": "/" + path, "name": Path(path).name, "mime": mimetypes.guess_type(path)[0] or "application/octet-stream", "description": Path(path).name}
            for path in attachments
        ],
    }
    return Document(code, payload, sorted({img for ch in chapters for img in ch.images}), attachments)


def _split_title(title: str, colon: str) -> tuple[str, str]:
    """The title on the cover, broken after its colon: main title, then the rest."""
    head, sep, tail = title.partition(colon)
    return (head + sep.strip(), tail) if sep and tail else (title, "")


def _short_title(title: str, colon: str) -> str:
    """The title as a running header names it: up to its colon."""
    head, sep, tail = title.partition(colon)
    return head if sep and tail else title


def cache_key(doc: Document, site: Path) -> str:
    """Everything a PDF is made of: the document, the template, Typst, the fonts, the images and attachments."""
    parts = [doc.json, TEMPLATE.read_text(encoding="utf-8"), versions("typst"), *STANDARDS, fonts_digest()]
    files = [(rel, sha((site / rel).read_bytes()) if (site / rel).is_file() else None) for rel in doc.images + doc.attachments]
    return f"{doc.code}-{digest(parts, files)[:24]}"


# Typesetting -----------------------------------------------------------------------------


# Typst's words when a font has no glyph for a character (PDF/A and PDF/UA forbid a missing glyph).
_NO_GLYPH = re.compile(r"the text `?\"(.+?)\"`? could not be displayed with font `?\"(.+?)\"`?")


def where_written(text: str, roots: list[Path]) -> str:
    """file:line:col of the first place under `roots` (pages, then data) that holds `text`."""
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in (".md", ".yaml") and p.is_file()):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if text in line:
                    return f"{path.relative_to(PATHS.root).as_posix()}:{number}:{line.index(text) + 1}"
    return "the report"


@cache
def _fonts():
    """The fonts Typst finds (the system's and its own), searched once per process, not once per PDF."""
    import typst

    return typst.Fonts()


def typeset(doc: Document, site: Path) -> tuple[bytes, float, int]:
    """The document as PDF bytes; its seconds and page count. A character no font of the PDF
    can show is a PdfError naming where it is written, never a traceback."""
    import typst

    start = time.perf_counter()
    try:
        pdf = typst.compile(TEMPLATE.read_bytes(), root=str(site), font_paths=_fonts(), sys_inputs={"doc": doc.json}, pdf_standards=STANDARDS)
    except typst.TypstError as err:
        missing = _NO_GLYPH.search(str(err))
        if not missing:
            raise PdfError(f"pdf: {doc.code}: Typst: {' '.join(str(err).split())}") from None
        text = missing.group(1)
        codes = " ".join(f"U+{ord(c):04X}" for c in text)
        edited = PATHS.lang_docs(PATHS.language(doc.code).words)  # a language made from another: its pages are that one's
        raise PdfError(
            f"{where_written(text, [edited, PATHS.data])}: the {doc.code} PDF cannot show “{text}” "
            f"({codes}): no font it embeds has it ({missing.group(2)}); write it as words or leave it out"
        ) from None
    return pdf, time.perf_counter() - start, len(re.findall(rb"/Type\s*/Page\b", pdf))


def typeset_site(site: Path, store: Store, langs: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """Write the PDFs into `site`: each language's from `store` when its document is unchanged,
    else typeset. Returns the languages typeset and each PDF's key by its site path."""
    dataset = load_dataset(PATHS.data)
    codes = langs or [lang.code for lang in dataset.site.languages if (site / PATHS.lang_dir(lang.code) / "index.html").is_file()]

    def one(code: str) -> tuple[str, bytes, str | None]:
        doc = assemble(site, code, dataset)
        key = cache_key(doc, site)
        kept = store.get(key)
        if kept is not None:
            return key, kept, None
        pdf, seconds, pages = typeset(doc, site)
        store.put(key, pdf)
        return key, pdf, f"pdf: {code}: typeset {pages} pages in {seconds:.1f} s"

    # Typst runs outside the GIL: the languages are read and typeset side by side.
    with ThreadPoolExecutor(max_workers=len(codes) or 1) as pool:
        done = dict(zip(codes, pool.map(one, codes), strict=True))
    todo = [code for code, (_, _, message) in done.items() if message]
    for code, (key, pdf, message) in done.items():
        write_if_changed(site / pdf_relpath(code), pdf)
        print(message or f"pdf: {code}: unchanged, from the cache ({key})", file=sys.stderr)
    # Each language keeps its latest PDF; the languages not built this time keep theirs.
    store.prune({key for key in store.entries() if not key.startswith(tuple(f"{c}-" for c in codes))} | {key for key, _, _ in done.values()})
    print(f"pdf: {len(todo)} typeset ({', '.join(todo) or 'none'}), {len(done) - len(todo)} from cache")
    return todo, {pdf_relpath(code): key for code, (key, _, _) in done.items()}
