"""The environment pages are rendered in: Jinja's sandbox with no globals but the report's
functions, each page's template loaded by the digest of its source, and every compiled template
(the theme's too) kept in the build's one cache."""

from __future__ import annotations

import hashlib

from jinja2 import BaseLoader, BytecodeCache, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from reportgen.cache import Store


class _PageSources(BaseLoader):
    """Pages' templates by the digest of their source: loaded through Jinja's loader, a page is
    compiled once and kept by the bytecode cache, where `from_string` compiles it every build."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}

    def get_source(self, environment, template: str):
        return self.sources[template], None, lambda: True  # the name is the source's digest: never stale


class KeptTemplates(BytecodeCache):
    """Compiled templates, the theme's and the pages', kept in the build's one cache (`store`,
    jinja/): each entry is checked against its digest, so a damaged one is compiled again, never
    read. Jinja names an entry by its template and source: a page's edit makes a new one, and the
    store's `prune` drops those no template of a build asked for."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load_bytecode(self, bucket) -> None:
        kept = self.store.get(bucket.key)
        if kept is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket) -> None:
        self.store.put(bucket.key, bucket.bytecode_to_string())


def make_environment(bytecode: KeptTemplates | None = None) -> SandboxedEnvironment:
    """Jinja's sandbox (no access to Python internals) with none of its default globals:
    a page sees only the report's functions. StrictUndefined: a typo fails the build
    instead of printing nothing. With `bytecode`, compiled pages are kept there."""
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, loader=_PageSources())
    env.globals.clear()
    env.bytecode_cache = bytecode
    return env


def compiled(env: SandboxedEnvironment, source: str):
    """A page's template, compiled once per source (Jinja keeps the templates it loaded, up to its
    cache size: `make serve` renders the same pages on every save with the plugin's one
    environment). The source is held only while Jinja loads it: a preview's edits do not pile up."""
    name = hashlib.sha256(source.encode("utf-8")).hexdigest()
    env.loader.sources[name] = source
    try:
        return env.get_template(name)
    finally:
        env.loader.sources.pop(name, None)
