"""The one adapter over the preview server's internals (`make serve`), kept in one place.

MkDocs' LiveReloadServer (and ProperDocs', the same code) offers no supported way to (1) poll
for saved edits more often than every 0.5 s, (2) watch docs/ except the files the build itself
writes there (zh-Hant pages, figures, downloads; a watcher that saw them would build everything
a second time) or (3) ask for a rebuild from another thread. This module does those three through
the server's private attributes, only on the versions it was written against (SUPPORTED); on any
other version it does nothing and says so once: the preview still works, slower.
tests/test_serve.py fails loudly when an installed version changes them.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from importlib import metadata

log = logging.getLogger("mkdocs.plugins.report")

# The engines' distributions and the versions whose server this adapter knows.
SUPPORTED = {"mkdocs": {"1.6.1"}, "properdocs": {"1.6.7"}}
# The private attributes used, for the test that guards them.
ATTRIBUTES = ("observer", "_watch_refs", "_watched_paths", "_rebuild_cond", "_want_rebuild")


def engine_of(server) -> str:
    return type(server).__module__.split(".")[0]


def supported(server) -> bool:
    return _known(engine_of(server), tuple(hasattr(server, name) for name in ATTRIBUTES))


@functools.cache  # said once per engine
def _known(engine: str, present: tuple[bool, ...]) -> bool:
    try:
        version = metadata.version(engine)
    except metadata.PackageNotFoundError:
        version = "(not installed)"
    known = version in SUPPORTED.get(engine, set()) and all(present)
    if not known:
        log.warning(
            "preview: %s %s is not one this adapter knows (reportgen/site/serve.py); edits are seen every 0.5 s and generated files may trigger a second build",
            engine,
            version,
        )
    return known


def watch_sources(server, docs: str, generated: tuple[str, ...], poll_s: float, on_change: Callable[[], None]) -> None:
    """Poll every `poll_s`, and watch `docs` but for the `generated` folders (absolute paths
    ending with a separator): an edit there calls `on_change`."""
    if not supported(server):
        return
    import watchdog.events

    # Set before docs/ and the `watch:` folders are scheduled (below, and after this event).
    server.observer._timeout = poll_s
    docs = os.path.abspath(docs)

    def changed(event) -> None:
        if not event.is_directory and not str(event.src_path).startswith(generated):
            on_change()

    if docs in server._watch_refs:
        server.unwatch(docs)
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed
        server._watched_paths[docs] = 1
        server._watch_refs[docs] = server.observer.schedule(handler, docs, recursive=True)


def request_rebuild(server) -> None:
    """Ask the server to build again (from any thread), as its own watcher does."""
    if not supported(server):
        return
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
