"""The queue of changes the search index has still to apply.

Every write that changes what search shows queues its entry in the same SQLite transaction, so a
crash between the store and the index loses nothing: whoever drains the queue next catches up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from sqlite_utils import Database

from .db import insert_row, utc_now, write_transaction

ENTRY_KINDS = ("abuse", "claim")
_BULK: ContextVar[Database | None] = ContextVar("gawahi_indexed_in_bulk", default=None)


def enqueue(db: Database, doc_kind: str, doc_id: int) -> None:
    """Queue one entry or source for indexing; call inside the writing transaction."""
    if _BULK.get() is db:
        return  # indexed with its import run, in bulk
    insert_row(db, "index_queue", {"doc_kind": doc_kind, "doc_id": doc_id, "queued_at": utc_now()})


@contextlib.contextmanager
def indexed_in_bulk(db: Database) -> Iterator[None]:
    """Within the block, entries and sources written to `db` are not queued: the caller has its
    own record of what it wrote and indexes that in bulk (an import batch and its run's rows:
    index.index_run indexes the run's entries and the sources they cite)."""
    token = _BULK.set(db)
    try:
        yield
    finally:
        _BULK.reset(token)


def pending(db: Database, limit: int = 500) -> list[dict]:
    """The oldest queued changes, at most `limit` of them."""
    return list(db["index_queue"].rows_where(order_by="queue_id", limit=limit))


def pending_count(db: Database) -> int:
    """How many changes wait for the index (asked after every request: one plain query)."""
    return db.execute("SELECT count(*) FROM index_queue").fetchone()[0]


def last_queue_id(db: Database) -> int:
    """The newest queued change's number (0 when none): a rebuild that reads the archive after
    this covers every change up to it."""
    row = db.execute("SELECT MAX(queue_id) FROM index_queue").fetchone()
    return row[0] or 0


def mark_applied_through(db: Database, queue_id: int, kinds: tuple[str, ...] | None = None) -> None:
    """Forget every queued change up to `queue_id` (of these kinds only, if given)."""
    where, params = "queue_id <= ?", [queue_id]
    if kinds is not None:
        where += f" AND doc_kind IN ({','.join('?' * len(kinds))})"
        params.extend(kinds)
    with write_transaction(db):
        db.execute(f"DELETE FROM index_queue WHERE {where}", params)


def mark_applied(db: Database, queue_ids: list[int]) -> None:
    """Forget queued changes the index has applied (a change queued since then stays)."""
    if not queue_ids:
        return
    marks = ",".join("?" * len(queue_ids))
    with write_transaction(db):
        db.execute(f"DELETE FROM index_queue WHERE queue_id IN ({marks})", queue_ids)
