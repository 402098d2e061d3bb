"""Opening the SQLite file: WAL mode, foreign keys, a busy timeout and write transactions."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from . import chain

BUSY_TIMEOUT_SECONDS = 30


def open_db(path: str | Path | None = None) -> Database:
    """Open (creating if needed) the archive database at `path`, or in memory when None."""
    if path is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    # The audit trigger on revisions asks the connection for its request's address (none here).
    db.conn.create_function("audit_address", 0, lambda: None)
    # ...and hashes each audit row it writes into the chain.
    chain.register(db)
    if path is not None:
        db.enable_wal()
    return db


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction, taking the write lock at once so concurrent writers queue.

    A deferred BEGIN that upgrades to a write can fail with "database is locked" without waiting;
    BEGIN IMMEDIATE waits for the busy timeout instead. Nested calls become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string, the form every timestamp is stored in."""
    return datetime.now(UTC).isoformat(timespec="seconds")
