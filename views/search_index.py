"""Glue between Flask and the search index: one index and one searcher per process.

The searcher stays open across requests and is replaced (never `refresh()`ed) when another
commit makes it stale. A searcher holds one generation of the index with its files open, so a
commit deleting them never disturbs a search in progress; an old searcher is closed once no
request uses it. The index queue is drained at start-up and after any request that used
the store and left changes pending; when the index is locked the queue simply waits, so a
user's save never fails because of the index. `flask` commands other than `run` do not catch
up at start (a command that indexes does its own work, once). Each process has one
`index.Merger` per index folder, nudged after its saves and whenever a search sees a new
generation; it merges segments in the background (index/merging.py). An index of another
version is read as it is (if it can be) while a new one is built beside it, and the queue waits
for the new one (views/index_building.py).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import click
from flask import Flask, Response, current_app, g

import archive
import index
from archive import queue
from index import building

from . import errors, index_building, reference_cache, serving
from .store import get_db

log = logging.getLogger(__name__)

REQUEST_WRITER_TIMEOUT = 1.0
STARTUP_WRITER_TIMEOUT = 30.0
# How often the lead worker looks for commits of other workers, which may leave a merge to do.
LEAD_WATCH_SECONDS = 1.0


class SharedIndex:
    """An index opened once per process, with the searchers every request shares (one of the
    entries' index, one of the sources')."""

    def __init__(self, path: str, merges: bool = True):
        self.path = path
        # Whether this process merges (in a server of several, only the lead: serving.py).
        self.merges = merges
        self._lock = threading.Lock()
        self._searchers: dict[str, Any] = {}
        self._users: dict[int, int] = {}
        self._retired: dict[int, Any] = {}
        self.built_for_command = False  # as a `flask` command started (index_building.py)
        self.merger: index.Merger | None = None
        self._open()

    def _open(self) -> None:
        """Open the folder's indexes; one of another version (`stale`) only to read, if it
        can be read at all, until a build replaces it (index/building.py)."""
        building.recover(self.path)
        self._token = building.folder_token(self.path)
        self.stale = not building.is_current(self.path)
        if self.stale:
            self.ix, self.sources_ix = building.open_readable(self.path)
        else:
            self.ix = index.open_index(self.path)
            # In the same folder, under its own name.
            self.sources_ix = index.open_source_index(self.path)
        if self.merger is not None:
            self.merger.stop()
        # An index of another version is only read until its replacement is in: never merged.
        merges = self.merges and not self.stale
        self.merger = index.Merger([self.ix, self.sources_ix]) if merges else None

    def start_merging(self) -> None:
        """Merge from now on (a worker that became the lead)."""
        with self._lock:
            self.merges = True
            if self.merger is None and not self.stale:
                self.merger = index.Merger([self.ix, self.sources_ix])

    def generations(self) -> tuple[int, int]:
        """The newest committed generation of each index (what changes with every commit)."""
        return index.latest_generation(self.ix), index.latest_generation(self.sources_ix)

    def reopen_if_replaced(self) -> None:
        """Open the new indexes once a build (here or in another process) swapped them in."""
        if building.folder_token(self.path) == self._token:  # a new token with every build
            return
        with self._lock:
            self._open()
            for old in self._searchers.values():
                self._retired[id(old)] = old
            self._searchers.clear()
            self._close_retired()

    def rebuilding(self) -> building.Progress | None:
        """How far a rebuild of this index has got, or None when none is running."""
        return building.build_status(self.path)

    @contextlib.contextmanager
    def searcher(self, which: str = "entries") -> Iterator[Any]:
        """The shared searcher of the entries' index (or, `which`="sources", the sources'),
        reopened first if the index changed since it was opened."""
        self.reopen_if_replaced()
        with self._lock:
            if (self.ix if which == "entries" else self.sources_ix) is None:
                raise building.Rebuilding(self.rebuilding())
            kept = self._searchers.get(which)
            if kept is None or not index.is_current(kept):
                self._replace(which)
            current = self._searchers[which]
            self._users[id(current)] = self._users.get(id(current), 0) + 1
        try:
            yield current
        finally:
            with self._lock:
                self._users[id(current)] -= 1
                self._close_retired()

    def _replace(self, which: str) -> None:
        # Never Searcher.refresh(): after another process merges it can see documents twice.
        kept = self._searchers.get(which)
        try:
            if which == "entries":
                fresh = self.ix.searcher()
            else:
                fresh = index.open_source_searcher(self.sources_ix)
        except OSError:
            # Whoosh tried ten times to open the newest generation and each time a commit had
            # deleted it first. The searcher we have still reads its own generation (its files
            # stay open), so it answers now and the next search tries again.
            if kept is None:
                raise
            log.warning("The index kept changing while it was opened: searching the one before")
            return
        if kept is not None:
            self._retired[id(kept)] = kept
            _nudge(self)  # a commit since, here or in another process: merge if need be
        self._searchers[which] = fresh
        self._close_retired()

    def _close_retired(self) -> None:
        for key, old in list(self._retired.items()):
            if not self._users.get(key):
                old.close()
                del self._retired[key]
                self._users.pop(key, None)

    def close(self) -> None:
        """Stop merging and close the searchers (for tests and shutdown)."""
        if self.merger is not None:
            self.merger.stop()
        with self._lock:
            for old in self._searchers.values():
                self._retired[id(old)] = old
            self._searchers.clear()
            self._users.clear()
            self._close_retired()


_shared: dict[str, SharedIndex] = {}
_shared_lock = threading.Lock()


def get_ix(path: str | None = None, merges: bool = True) -> SharedIndex:
    """This process's shared index for the app's INDEX_DIR (or `path`); `merges`: whether
    this process merges its segments, when it opens it first."""
    path = path or current_app.config["INDEX_DIR"]
    with _shared_lock:
        if path not in _shared:
            _shared[path] = SharedIndex(path, merges)
        return _shared[path]


def drain(db, shared: SharedIndex, timeout: float = REQUEST_WRITER_TIMEOUT) -> int:
    """Apply queued changes to the index; never raises, since the store already holds them."""
    if shared.stale or shared.rebuilding():
        return 0  # the changes wait in the queue for the index being built
    try:
        applied = index.apply_pending(shared.ix, db, timeout=timeout, sources_ix=shared.sources_ix)
    except Exception:
        log.exception("Indexing failed; the changes stay queued and are retried later")
        return 0
    if applied:
        _nudge(shared)
    return applied


def _rebuild_if_behind(db, shared: SharedIndex) -> int:
    """Fill a new or emptied index from the archive; a locked index is left for later."""
    try:
        return index.rebuild_if_behind(shared.ix, db) + index.rebuild_sources_if_behind(
            shared.sources_ix, db
        )
    except Exception:
        log.exception("Could not rebuild the search index; run `flask index rebuild`")
        return 0


def _index_imports(db, shared: SharedIndex) -> int:
    """Index the entries of an import that stopped after writing its rows, before indexing."""
    applied = 0
    for run in archive.imports.unfinished_runs(db):
        try:
            applied += index.index_run(shared.ix, db, run["run_id"], sources_ix=shared.sources_ix)
        except Exception:
            log.exception("Could not index import run %d; run `flask index rebuild`", run["run_id"])
    return applied


def search(params: index.SearchParams) -> index.SearchResults:
    """Run a search on the shared searcher (QueryError when the query cannot be understood)."""
    db = get_db()
    shared = get_ix()
    with _answering(shared), shared.searcher() as searcher:
        found = index.search(shared.ix, params, reference(), searcher=searcher)
    index.snippets(db, found, reference_cache.cached("index_type_labels", index.type_labels))
    return found


def reference() -> index.Reference:
    """The archive's names and spellings the index reads queries with, read once per change
    of the reference lists."""
    return reference_cache.cached("index_reference", index.load_reference)


@contextlib.contextmanager
def _answering(shared: SharedIndex) -> Iterator[None]:
    """An index of an older layout may fail a search its layout lacks: that search then says
    the index is being rebuilt rather than fail."""
    try:
        yield
    except (index.QueryError, building.Rebuilding):
        raise
    except Exception as error:
        if not shared.stale:
            raise
        log.warning("The old search index could not answer (%s) while it is rebuilt", error)
        raise building.Rebuilding(shared.rebuilding()) from error


def search_sources(
    params: index.SearchParams, include_confidential: bool, uncited: bool
) -> index.SourceResults:
    """Search the sources (QueryError when the query cannot be understood)."""
    shared = get_ix()
    with _answering(shared), shared.searcher("sources") as searcher:
        return index.search_sources(
            shared.sources_ix, get_db(), params, include_confidential, uncited, searcher,
            reference(),
        )  # fmt: skip


def rebuilding_notice() -> str | None:
    """The search page's notice while the index is rebuilt and the old one answers."""
    return index_building.notice(get_ix().rebuilding())


def _warm(shared: SharedIndex) -> None:
    """Read what first searches need before the first person searches; never fatal."""
    try:
        with shared.searcher() as searcher:
            index.warm(searcher)
    except Exception:
        log.exception("Could not read the search index ahead; searches will read it as needed")


def _drain_after_request(response: Response) -> Response:
    """Index what this request (or another process) left queued, if the request used the store."""
    if "db" in g and queue.pending_count(g.db):
        # An import's indexer holds the lock until the import ends: waiting for it would hold
        # every page a second, and the queue is applied after the import anyway.
        drain(g.db, get_ix(), 0.0 if archive.imports.importing(g.db) else REQUEST_WRITER_TIMEOUT)
    return response


def _nudge(shared: SharedIndex) -> None:
    """Let the merger look for work, in a server only: a command's process would wait for a
    merge it started before it could exit (`flask index merge` merges on purpose)."""
    if shared.merger is not None and _command() in (None, "run"):
        shared.merger.nudge()


def _command() -> str | None:
    """The `flask` command building the app (None when a server such as waitress builds it)."""
    context = click.get_current_context(silent=True)
    return None if context is None else context.info_name or context.command.name


def init_app(app: Flask) -> None:
    """Catch the index up with the store when a server starts, then after each request that
    wrote; merge segments in the background; build an index of another version anew. In a
    server of several processes (serving.py) the start catches up once, before the workers,
    and only the lead worker merges and rebuilds."""
    app.after_request(_drain_after_request)
    app.register_error_handler(building.Rebuilding, _unavailable)
    role = serving.role(app)
    if role == serving.WORKER:
        shared = get_ix(app.config["INDEX_DIR"], merges=False)
        if not shared.stale:
            _warm(shared)
        threading.Thread(target=_lead, args=(app, shared), name="index-lead", daemon=True).start()
        return
    in_server = _command() in (None, "run")
    db = archive.open_db(app.config["DATABASE"])
    try:
        shared = get_ix(app.config["INDEX_DIR"], merges=role is None)
        if shared.stale:
            # Preparing a server of several: a build that takes long is the lead worker's.
            if role is None or index_building.in_foreground(db):
                index_building.rebuild_at_start(app, db, shared, in_command=not in_server)
        elif in_server:  # `flask index rebuild` after bulk writes would otherwise index twice
            _catch_up(db, shared)
        if in_server and role is None and not shared.stale:
            _nudge(shared)  # however the index was built, merge what is over the bound
            _warm(shared)
    finally:
        db.close()


def _lead(app: Flask, shared: SharedIndex) -> None:
    """A worker's background work, once it is the lead: merge, rebuild an index of another
    version, and look for other workers' commits (each one may leave a merge to do)."""
    with serving.lead(app):
        shared.start_merging()
        if shared.stale:
            db = archive.open_db(app.config["DATABASE"])
            try:
                index_building.rebuild_at_start(app, db, shared, in_command=False)
            finally:
                db.close()
        _nudge(shared)
        seen = None
        while True:
            with contextlib.suppress(Exception):  # a generation deleted as it was read
                now = shared.generations()
                if now != seen:
                    seen = now
                    _nudge(shared)
            time.sleep(LEAD_WATCH_SECONDS)


def _catch_up(db, shared: SharedIndex) -> None:
    """Apply what the store holds and the index does not yet (queued, imported, or all)."""
    applied = drain(db, shared, timeout=STARTUP_WRITER_TIMEOUT)
    applied += _rebuild_if_behind(db, shared)
    applied += _index_imports(db, shared)
    if applied:
        log.info("Search index caught up with %d queued changes", applied)


def _unavailable(error: building.Rebuilding):
    """A page (or JSON) saying the index is being rebuilt, for searches that need it."""
    return errors.http_error(index_building.unavailable(error))
