"""`make serve`: what the preview does once its pages show (share cards, then the figures and
downloads an edit changed, else the search index), on a thread that holds the build lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from reportgen.cache import Store, build_lock
from reportgen.config import Paths
from reportgen.site import search
from reportgen.site.search import SearchError

log = logging.getLogger("mkdocs.plugins.report")


def after_preview_build(paths: Paths, site: Path, cards: Callable[[], int], draw_deferred, rebuild: Callable[[], None]) -> None:
    """Share cards, then the figures and downloads an edit changed (a rebuild then shows them
    and indexes), else the search index; an error is said and the preview keeps serving."""
    with build_lock(paths):
        cards()
        if draw_deferred is not None:
            try:
                drawn = draw_deferred()
            except Exception as err:  # a thread's error would otherwise vanish: say it, keep serving
                log.warning("figures and downloads could not be drawn: %s (the preview shows the previous ones)", err)
            else:
                log.info("figures and downloads drawn after the page showed: %d file(s)", len(drawn))
                rebuild()
                return
        try:
            search.index_site(site, Store(paths.cache, "search"))
        except SearchError as err:
            log.warning("%s (search in this preview is out of date)", err)
