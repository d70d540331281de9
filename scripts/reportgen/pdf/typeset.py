"""One typeset PDF per language, made from the built site (no second copy of the text).

For each language: take its pages as chapters (chapters.py), add a cover (from
data/site.yaml, data/sources.yaml) and a table of contents, and typeset the whole with
WeasyPrint and pdf.css.

Outputs (stable URLs, linked from every page by overrides/main.html):
    SITE/downloads/report-zh.pdf, SITE/zh-Hant/downloads/report-zh-Hant.pdf,
    SITE/en/downloads/report-en.pdf

A PDF is typeset only when its content changed: the key is the sha256 of the assembled
HTML, the stylesheet and every referenced image; finished PDFs are kept in
build/pdf-cache/<lang>-<key>.pdf (outside the site, which is rebuilt from scratch).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.config import LANGS, PATHS, lang_dir
from reportgen.i18n.localize import localizer
from reportgen.i18n.words import section
from reportgen.model.validate import load_dataset
from reportgen.pdf.chapters import FOOTNOTES_DIV, chapter_slug, nav_pages, pdf_relpath, read_chapter

CSS_PATH = Path(__file__).with_name("pdf.css")
MAX_WORKERS = 3
CACHE_KEEP = 3  # cached PDFs kept per language

# Per language: font stacks (CJK family first: WeasyPrint falls back to the JP face of the
# .ttc otherwise) and the words of the cover and contents page.
FONTS = {
    "zh": ("'Noto Serif CJK SC', serif", "'Noto Sans CJK SC', sans-serif"),
    "zh-Hant": ("'Noto Serif CJK TC', serif", "'Noto Sans CJK TC', sans-serif"),
    "en": ("'Latin Quotes Serif', 'Noto Serif CJK SC', serif", "'Latin Quotes Sans', 'Noto Sans CJK SC', sans-serif"),
}
# CJK fonts draw curly quotes and the ellipsis full-width, which gapes in English text:
# in the English PDF those few characters come from DejaVu (fonts-dejavu-core).
_LATIN_PUNCTUATION = "U+2018-201F, U+2026"
FONT_FACES = {
    "en": "".join(
        f"@font-face {{ font-family: 'Latin Quotes {kind}'; src: local('DejaVu {kind}{suffix}'); "
        f"font-weight: {weight}; unicode-range: {_LATIN_PUNCTUATION}; }}\n"
        for kind in ("Serif", "Sans") for weight, suffix in (("normal", ""), ("bold", " Bold"))
    ),
}
WORDS = section("pdf")
# Assembling the document ---------------------------------------------------------------


@dataclass
class Document:
    code: str
    html: str
    images: list[str] = field(default_factory=list)
    edition: dt.date | None = None


def assemble(site: Path, code: str, dataset) -> Document:
    esc = html.escape
    lang = next(lang for lang in LANGS if lang.code == code)
    loc = localizer(code, dataset)
    words = {key: loc.word(WORDS, key) for key in WORDS["zh"]}
    s = dataset.site
    title, subtitle, author = loc.text(s.title), loc.text(s.subtitle), loc.text(s.author)
    prefix = lang_dir(code)
    pages = nav_pages(site, code)
    chapters_map = {page: chapter_slug(page, prefix) for page in pages}
    chapters = [read_chapter(site, page, chapters_map) for page in pages]

    sources = []
    for src in dataset.sources:
        bits = [loc.text(src.publisher)]
        if src.platform:
            bits.append(loc.text(src.platform))
        head = "，".join(bits) if loc.base == "zh" else ", ".join(bits)
        sources.append(
            f'<li><span class="src-pub">{esc(head)}</span>' + (f' <span class="src-title">{esc(loc.text(src.title))}</span>' if src.title else "") + "</li>"
        )
    sep = "：" if loc.base == "zh" else ": "
    cover = f"""
<section class="cover">
  <p class="cover-kicker">{esc(words["meeting"])}{sep}{esc(loc.date(s.meeting_date))}</p>
  <p class="cover-title">{_cover_title(title)}</p>
  <p class="cover-subtitle">{esc(subtitle)}</p>
  <div class="cover-foot">
    <p class="cover-author">{esc(author)}</p>
    <p class="cover-edition">{esc(words["edition"])}{sep}{esc(loc.date(s.edition))}</p>
    <div class="cover-sources"><p class="cover-sources-head">{esc(words["sources"])}</p><ul>{"".join(sources)}</ul></div>
  </div>
</section>"""

    toc = []
    for ch in chapters:
        for h in ch.headings:
            if h.level <= 2 and h.anchor and h.text:
                toc.append(
                    f'<li class="toc-l{h.level}"><a href="#{esc(h.anchor)}"><span class="toc-text">{esc(h.text)}</span></a></li>'
                )
    contents = f"""
<nav class="toc"><h1 class="toc-title" id="contents">{esc(words["contents"])}</h1><ul>{"".join(toc)}</ul></nav>"""

    notes = f'<div class="footnote"><p class="notes-head">{esc(words["notes"])}</p>'
    body = "\n".join(
        f'<section class="chapter" id="ch-{ch.slug}">\n{ch.body.replace(FOOTNOTES_DIV, notes)}\n</section>' for ch in chapters
    )
    serif, sans = FONTS[code]
    edition = s.edition.isoformat()
    doc = f"""<!DOCTYPE html>
<html lang="{lang.html}">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="author" content="{esc(author)}">
<meta name="description" content="{esc(subtitle)}">
<meta name="generator" content="reportgen">
<meta name="dcterms.created" content="{edition}T00:00:00Z">
<meta name="dcterms.modified" content="{edition}T00:00:00Z">
<style>
{FONT_FACES.get(code, "")}body {{ font-family: {serif}; }}
h1, h2, h3, h4, h5, h6, table, figcaption, .cover, .toc, .admonition-title, .footnote, .table-title {{ font-family: {sans}; }}
@page {{ font-family: {sans}; }}
</style>
</head>
<body class="lang-{code}">
{cover}
{contents}
{body}
</body>
</html>
"""
    images = sorted({img for ch in chapters for img in ch.images})
    return Document(code, doc, images, s.edition)


def _cover_title(title: str) -> str:
    """Title on the cover, broken after its colon: main title, then the rest on its own line."""
    for colon in ("：", ": "):
        head, sep, tail = title.partition(colon)
        if sep and tail:
            return f'{html.escape(head + sep.strip())}<span class="cover-title-rest">{html.escape(tail)}</span>'
    return html.escape(title)


def cache_key(doc: Document, site: Path, css: str) -> str:
    digest = hashlib.sha256()
    for part in (doc.html, css):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for img in doc.images:
        digest.update(img.encode("utf-8") + b"\0")
        path = site / img
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    digest.update(_weasyprint_version().encode())
    return digest.hexdigest()


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


# Typesetting -----------------------------------------------------------------------------


def _typeset(code: str, doc_html: str, css: str, base_dir: str, key: str, out: str) -> tuple[str, float, int]:
    """Run in a worker process: HTML -> PDF bytes written to `out`."""
    import logging

    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    start = time.perf_counter()
    base_url = Path(base_dir).resolve().as_uri() + "/"
    document = HTML(string=doc_html, base_url=base_url).render(stylesheets=[CSS(string=css, base_url=base_url)])
    pdf = document.write_pdf(pdf_identifier=bytes.fromhex(key[:32]))
    tmp = Path(out).with_suffix(".tmp")
    tmp.write_bytes(pdf)
    tmp.replace(out)
    return code, time.perf_counter() - start, len(document.pages)


def build_pdfs(site_dir: Path, cache_dir: Path | None = None, langs: list[str] | None = None) -> list[str]:
    """Write the PDFs into `site_dir`; return the languages that had to be typeset."""
    site = Path(site_dir)
    cache = Path(cache_dir) if cache_dir else PATHS.build / "pdf-cache"
    cache.mkdir(parents=True, exist_ok=True)
    dataset = load_dataset(PATHS.data)
    css = CSS_PATH.read_text(encoding="utf-8")
    codes = langs or [lang.code for lang in LANGS if (site / lang_dir(lang.code) / "index.html").is_file()]
    jobs = {}
    for code in codes:
        doc = assemble(site, code, dataset)
        key = cache_key(doc, site, css)
        jobs[code] = (doc, key, cache / f"{code}-{key[:20]}.pdf")

    todo = [code for code, (_, _, cached) in jobs.items() if not cached.is_file()]
    if todo:
        workers = min(MAX_WORKERS, len(todo), os.cpu_count() or 1)
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [
                    pool.submit(_typeset, code, jobs[code][0].html, css, str(site), jobs[code][1], str(jobs[code][2]))
                    for code in todo
                ]
                results = [f.result() for f in futures]
        else:
            results = [_typeset(code, jobs[code][0].html, css, str(site), jobs[code][1], str(jobs[code][2])) for code in todo]
        for code, seconds, pages in results:
            print(f"pdf: {code}: typeset {pages} pages in {seconds:.1f} s", file=sys.stderr)

    for code, (_, _key, cached) in jobs.items():
        target = site / pdf_relpath(code)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        if code not in todo:
            print(f"pdf: {code}: unchanged, copied from {cached.name}", file=sys.stderr)
        _prune(cache, code, keep=cached)
    print(f"pdf: {len(todo)} typeset ({', '.join(todo) or 'none'}), {len(jobs) - len(todo)} from cache")
    return todo


def _prune(cache: Path, code: str, keep: Path) -> None:
    """Keep the newest few cached PDFs of a language."""
    old = sorted(
        (p for p in cache.glob(f"{code}-*.pdf") if p != keep and re.fullmatch(rf"{re.escape(code)}-[0-9a-f]+\.pdf", p.name)),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for path in old[CACHE_KEEP - 1 :]:
        path.unlink(missing_ok=True)
