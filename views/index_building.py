"""Rebuilding the search index without making anyone wait (the building is index/building.py).

After an upgrade changes the index's layout, the server answers at once: a thread builds the new
index beside the old one while searches read the old one (or, when it cannot be read, say the
index is being rebuilt and how far it has got), and saves stay queued for the new one. A
`flask` command, or an archive small enough to index in a moment, builds in the foreground.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable

import archive
from index import building

log = logging.getLogger(__name__)

# Entries an archive may hold for its index to be built before the server answers (a second or
# two); above that the build runs in the background.
FOREGROUND_AT_MOST = 1000
# In the background, one process: forking a server's threads for Whoosh's indexing processes
# risks a lock held by another thread at the fork, and nobody waits for the build anyway.
BACKGROUND_BULK: dict = {}
THREAD_KEY = "gawahi_index_build"
RETRY_AFTER = 60


def build_now(
    shared: Any,
    db: Any,
    progress: Callable[[int], None] | None = None,
    bulk: dict | None = None,
) -> tuple[int, int] | None:
    """Build `shared`'s index again and put it in use; None when another process is building."""
    with building.build_lock(shared.path) as held:
        if not held:
            return None
        counts = building.build(shared.path, db, progress=progress, bulk=bulk)
    shared.reopen_if_replaced()
    return counts


def build_in_background(app: Flask, shared: Any) -> threading.Thread:
    """Build in a thread of its own, with its own connection, while the server answers."""

    def work() -> None:
        db = archive.open_db(app.config["DATABASE"])
        try:
            counts = build_now(shared, db, bulk=BACKGROUND_BULK)
            if counts is None:
                log.info("Another process is rebuilding the search index")
            else:
                log.info("The new search index is in use: %d entries, %d sources", *counts)
        except Exception:
            log.exception("Rebuilding the search index failed; run `flask index rebuild`")
        finally:
            db.close()

    thread = threading.Thread(target=work, name="index-rebuild", daemon=True)
    app.extensions[THREAD_KEY] = thread
    thread.start()
    return thread


def in_foreground(db: Any) -> bool:
    """Whether the archive is small enough to build its index before a server answers."""
    return building.entry_count(db) <= FOREGROUND_AT_MOST


def rebuild_at_start(app: Flask, db: Any, shared: Any, in_command: bool) -> None:
    """Replace an index of another version (or a lost one): here and now for a command or a
    small archive, else in the background while the server answers."""
    if shared.rebuilding():
        return  # another process is building it
    if in_command or in_foreground(db):
        try:
            built = build_now(shared, db) is not None
        except Exception:  # the old index (if readable) still answers; the next start retries
            log.exception("Rebuilding the search index failed; run `flask index rebuild`")
            return
        shared.built_for_command = in_command and built  # `flask index rebuild`: not twice
        return
    log.warning(
        "The search index must be rebuilt (%d entries): searches use the old one meanwhile",
        building.entry_count(db),
    )
    build_in_background(app, shared)


def notice(progress: building.Progress | None) -> str | None:
    """What the search page says while a build runs and the old index answers."""
    if progress is None:
        return None
    if progress.upgrade:
        return _(
            "The search index is being rebuilt after an upgrade: results may miss entries"
            " saved in the last minutes. %(percent)d%% done.",
            percent=progress.percent,
        )
    return _("The search index is being rebuilt: results may miss entries saved in the last"
             " minutes. %(percent)d%% done.", percent=progress.percent)  # fmt: skip


def unavailable_message(progress: building.Progress | None) -> str:
    """What a search says when the old index cannot answer while the new one is built."""
    if progress is None:
        return _("The search index must be rebuilt after an upgrade; it is rebuilt at the next"
                 " start, or with `flask index rebuild`. The rest of the archive works as"
                 " usual.")  # fmt: skip
    return _("The search index is being rebuilt after an upgrade and can search again once it"
             " is done: %(percent)d%% done. The rest of the archive works as usual; please"
             " search again in a few minutes.", percent=progress.percent)  # fmt: skip


def unavailable(error: building.Rebuilding) -> ServiceUnavailable:
    """The HTTP error for a search the index cannot answer yet."""
    return ServiceUnavailable(unavailable_message(error.progress), retry_after=RETRY_AFTER)
