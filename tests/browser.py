"""Browser-test helpers: the real app served by Waitress in a thread, and Debian's Chromium.

Playwright drives the system browser (`executable_path`); it never downloads one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from waitress.server import create_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve `app` with Waitress on a free loopback port; yields the base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=10)


def sign_in(page, base_url: str, role: str = "documenter") -> None:
    """Sign the browser in as a user with `role` (nothing to do until accounts exist)."""
