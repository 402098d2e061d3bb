"""Opening the SQLite file: WAL mode, foreign keys, a busy timeout, write transactions, and
the plain INSERT the hot write paths use."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from . import chain

BUSY_TIMEOUT_SECONDS = 30
# Values SQLite stores as they are (anything else goes through sqlite-utils' JSON conversion).
_PLAIN = frozenset({str, int, float, bytes, type(None)})
# The last second utc_now() formatted, and its text.
_NOW: tuple[int, str] = (-1, "")
_COVERED: ContextVar[Database | None] = ContextVar("gawahi_one_savepoint", default=None)


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
        if _COVERED.get() is db:
            yield db  # inside one_savepoint(db): its savepoint undoes this write too
            return
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


@contextlib.contextmanager
def one_savepoint(db: Database) -> Iterator[Database]:
    """A savepoint inside the open transaction that also covers every write_transaction within
    it (they open none of their own): an import row's writes are undone together when it is
    refused, and the savepoints of each store call were three statement pairs a row."""
    token = _COVERED.set(db)
    try:
        with db.atomic():
            yield db
    finally:
        _COVERED.reset(token)


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string, the form every timestamp is stored in."""
    # Formatted once a second: an import stamps six timestamps a row.
    global _NOW
    second, now = int(time.time()), _NOW
    if now[0] != second:
        now = _NOW = (second, datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds"))
    return now[1]


@functools.lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    listed = ", ".join(_quoted(column) for column in columns)
    return f"INSERT INTO {_quoted(table)} ({listed}) VALUES ({', '.join('?' * len(columns))})"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def insert_row(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert `row` into an existing `table` and return its rowid (its integer primary key).

    The same row, values and types as `db[table].insert(row)` (lists and dicts stored as JSON),
    without sqlite-utils reading the schema again on every call: entries, citations and
    revisions are written thousands of times a minute by an import.
    """
    columns = tuple(row)
    values = [value if type(value) in _PLAIN else jsonify_if_needed(value)
              for value in row.values()]  # fmt: skip
    return db.conn.execute(_insert_sql(table, columns), values).lastrowid
