"""reportgen/site/serve.py: the preview's one adapter over the server's internals. These tests
fail loudly when an installed MkDocs or ProperDocs changes what the adapter relies on."""

from __future__ import annotations

from importlib import metadata

import pytest
from reportgen.site import serve


@pytest.mark.parametrize("engine", sorted(serve.SUPPORTED))
def test_the_installed_servers_are_the_ones_the_adapter_knows(engine: str) -> None:
    import importlib

    livereload = importlib.import_module(f"{engine}.livereload")
    server = livereload.LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        assert metadata.version(engine) in serve.SUPPORTED[engine], f"{engine} {metadata.version(engine)}: review reportgen/site/serve.py"
        assert all(hasattr(server, name) for name in serve.ATTRIBUTES)
        assert hasattr(server.observer, "_timeout") and serve.supported(server)
        serve.request_rebuild(server)
        assert server._want_rebuild is True
    finally:
        server.server_close()


def test_an_unknown_server_is_left_alone() -> None:
    class Other:
        pass

    assert not serve.supported(Other())
    serve.request_rebuild(Other())  # no error: the preview still works, slower
