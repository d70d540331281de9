"""The PDF step of a build: each language's PDF from the cache when nothing it is made from
changed, else typeset (typeset.py).

Two keys, two stores under build/cache/:
- `pdf-inputs`: the digest of everything the step reads (the built site but its PDFs, data/, the
  code of typeset.py and what it imports, the template, Typst, the fonts) -> the key of each
  PDF it made. Found, with every PDF intact: the PDFs are written without reading a page, so a
  build with no change costs no reading of the site, the data or Typst;
- `pdf` (typeset.py): the digest of the document assembled from the pages -> the PDF. An edit
  that leaves a document as it was (a page the PDF leaves out) reads the pages, not Typst.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from reportgen.cache import Store, code_digest, digest, fonts_digest, sha, versions, write_if_changed
from reportgen.config import PATHS

TYPESET = Path(__file__).with_name("typeset.py")


class PdfError(RuntimeError):
    """A PDF could not be made: one plain line naming what to change and where."""


def inputs_key(site: Path, langs: list[str] | None) -> str:
    """Everything the step reads, by content: the site's files but its PDFs (never an input:
    attachments are the other downloads), data/, typeset.py's import closure with the files
    beside it (report.typ, the word catalogues), Typst's version, the fonts."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf")
    data = sorted(p for p in PATHS.data.rglob("*.yaml") if p.is_file()) if PATHS.data.is_dir() else []
    return digest(
        [(p.relative_to(site).as_posix(), sha(p.read_bytes())) for p in files],
        [(p.relative_to(PATHS.data).as_posix(), sha(p.read_bytes())) for p in data],
        code_digest(TYPESET),
        versions("typst"),
        fonts_digest(),
        sorted(langs or []),
        os.environ.get("SOURCE_DATE_EPOCH"),
    )


def _kept(inputs: Store, pdfs: Store, key: str, site: Path) -> dict[str, bytes] | None:
    """The PDFs recorded for `key` (site path -> bytes), or None unless every one is intact and
    a PDF of the site."""
    made = inputs.get_json(key)  # none, cut short or hand-edited: the step runs as without it
    if not isinstance(made, dict) or not made:
        return None
    inside = site.resolve()
    found = {
        rel: pdfs.get(pdf_key)
        for rel, pdf_key in made.items()
        if isinstance(rel, str) and rel.endswith(".pdf") and (site / rel).resolve().is_relative_to(inside) and isinstance(pdf_key, str)
    }
    return found if len(found) == len(made) and all(found.values()) else None


def build_pdfs(site_dir: Path, cache: Path | None = None, langs: list[str] | None = None) -> list[str]:
    """Write the PDFs into `site_dir`; return the languages that had to be typeset. The cache's
    root is `cache` (default: the project's build/cache/)."""
    site, root = Path(site_dir), Path(cache) if cache else PATHS.cache
    inputs, pdfs = Store(root, "pdf-inputs"), Store(root, "pdf")
    key = inputs_key(site, langs)
    kept = _kept(inputs, pdfs, key, site)
    if kept is not None:
        for rel, pdf in kept.items():
            write_if_changed(site / rel, pdf)
        print(f"pdf: nothing the PDFs are made from changed: {', '.join(sorted(kept))} from the cache, no page read", file=sys.stderr)
        print(f"pdf: 0 typeset (none), {len(kept)} from cache")
        inputs.prune({key})
        return []
    from reportgen.pdf.typeset import typeset_site

    todo, made = typeset_site(site, pdfs, langs)
    inputs.put(key, json.dumps(made, sort_keys=True).encode())
    inputs.prune({key})
    return todo
