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


# Base URL -> the app served there, so sign_in can add users to the served app's database.
SERVED: dict[str, object] = {}


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve `app` with Waitress on a free loopback port; yields the base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    stop = threading.Event()
    thread = threading.Thread(target=_run_until, args=(server, stop), daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{server.effective_port}"
    SERVED[base_url] = app
    try:
        yield base_url
    finally:
        SERVED.pop(base_url, None)
        stop.set()
        thread.join(timeout=10)


def _run_until(server, stop: threading.Event) -> None:
    """Serve in short turns until told to stop, then close from this same thread: closing
    the sockets from another thread while this one polls them fails with EBADF."""
    while not stop.is_set():
        server.asyncore.loop(timeout=0.1, map=server._map, count=1)
    server.close()


def sign_in(page, base_url: str, role: str = "documenter") -> str:
    """Create a user with `role` in the served app's database and sign in through the form."""
    from .conftest import TEST_PASSWORD, ensure_user

    username = ensure_user(SERVED[base_url], role)
    page.goto(base_url + "/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    return username
