"""The hash chains of revisions and of the audit log.

Each row holds `row_hash`, the SHA-256 of its own content and of `prev_hash`, the previous row's
hash (in id order; the first row's previous hash is empty). A row changed, removed or slipped in
behind the archive's back no longer matches its hash, or breaks the link to the row after it.
Rows are written by `archive.revisions`, `archive.audit` and the `revisions_audit` trigger, which
calls `chain_hash()`, the same function registered on every connection; a batch of revisions
(`append_many`) has its audit rows written by this module instead, the same rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

GENESIS = ""
# Table -> (its id column, the columns its hash covers, in order). Never reorder: old hashes
# would no longer match.
CHAINS = {
    "revisions": (
        "revision_id",
        ("revision_id", "entity", "entity_id", "action", "actor", "at", "reason", "changes",
         "snapshot"),
    ),
    "audit_log": (
        "audit_id",
        ("audit_id", "at", "actor", "action", "subject", "detail", "address", "revision_id",
         "snapshot"),
    ),
}  # fmt: skip
# Stored as integers; every other hashed column is text (or NULL).
INTEGER_COLUMNS = {"revision_id", "entity_id", "audit_id"}
# The audit rows of revisions, as the revisions_audit trigger writes them (archive/migrations.py,
# CHAINED_REVISION_AUDIT), each with its revision's id; in id order.
AUDIT_COLUMNS = ("at", "actor", "action", "subject", "detail", "address", "revision_id",
                 "snapshot")  # fmt: skip
REVISION_AUDIT_ROWS = """SELECT at, actor,
        CASE action WHEN 'retract' THEN 'retract' ELSE 'change' END,
        entity || ' ' || entity_id, json_object('revision', action, 'reason', reason),
        audit_address(), revision_id, NULL
    FROM revisions WHERE revision_id BETWEEN ? AND ? ORDER BY revision_id"""
ROW_NAMES = {"revisions": "revision", "audit_log": "audit row"}


def digest(prev_hash: str, values: Sequence[Any]) -> str:
    """The SHA-256 (hex) of a row's values following the previous row's hash."""
    payload = json.dumps([prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def register(db: Database) -> None:
    """Make `chain_hash(prev_hash, value, ...)` callable from SQL on this connection, and
    `revisions_in_bulk()`, true while `append_many` writes the audit rows of its revisions."""
    db.conn.create_function(
        "chain_hash", -1, lambda prev, *values: digest(prev or GENESIS, values), deterministic=True
    )
    held = db._revisions_in_bulk = [False]
    db.conn.create_function("revisions_in_bulk", 0, lambda: held[0])


def _stored(column: str, value: Any) -> Any:
    # Hash what SQLite will give back, so a value bound as another type still matches.
    if value is None:
        return None
    return int(value) if column in INTEGER_COLUMNS else str(value)


def next_link(db: Database, table: str) -> tuple[int, str]:
    """The id the next row of `table` takes and the hash it follows; inside the write."""
    pk = CHAINS[table][0]
    last = db.execute(f"SELECT {pk}, row_hash FROM {table} ORDER BY {pk} DESC LIMIT 1").fetchone()
    return (last[0] + 1, last[1] or GENESIS) if last else (1, GENESIS)


def chained(db: Database, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """`row` as the chain's next link: its id, `prev_hash` and `row_hash` set."""
    pk, columns = CHAINS[table]
    next_id, prev_hash = next_link(db, table)
    linked = {column: _stored(column, row.get(column)) for column in columns} | {pk: next_id}
    values = [linked[column] for column in columns]
    return {**row, **linked, "prev_hash": prev_hash, "row_hash": digest(prev_hash, values)}


def append(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert `row` into `table` as the chain's next link and return its id; inside the write."""
    linked = chained(db, table, row)
    columns = ", ".join(linked)
    db.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(linked))})",
        list(linked.values()),
    )
    return linked[CHAINS[table][0]]


def links(db: Database, table: str) -> Iterator[tuple[int, str, str, str]]:
    """(id, prev_hash, row_hash, recomputed hash) of every row of `table`, in id order."""
    pk, columns = CHAINS[table]
    listed = ", ".join(columns)
    rows = db.execute(f"SELECT {listed}, prev_hash, row_hash FROM {table} ORDER BY {pk}")
    for *values, prev_hash, row_hash in rows:
        yield values[0], prev_hash, row_hash, digest(prev_hash or GENESIS, values)


def check(db: Database, table: str) -> Iterator[str]:
    """Every break in `table`'s chain, in words; the last good hash is `head(db, table)`."""
    name = ROW_NAMES[table]
    before_id, before_hash = None, GENESIS
    for row_id, prev_hash, row_hash, recomputed in links(db, table):
        if prev_hash != before_hash:
            after = f"{name} {before_id}" if before_id is not None else "the start of the chain"
            yield f"{name} {row_id}: does not follow {after} (a row was removed, added or changed)"
        if row_hash != recomputed:
            yield f"{name} {row_id}: hash does not match its content"
        before_id, before_hash = row_id, row_hash


def head(db: Database, table: str) -> str:
    """The hash of the last row of `table` (empty when it has none)."""
    return next_link(db, table)[1]


def rehash(db: Database, table: str) -> None:
    """Give every row of `table` its hashes, in id order (for the migration that adds them)."""
    pk, columns = CHAINS[table]
    prev_hash = GENESIS
    for values in db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {pk}").fetchall():
        row_hash = digest(prev_hash, values)
        db.execute(
            f"UPDATE {table} SET prev_hash = ?, row_hash = ? WHERE {pk} = ?",
            [prev_hash, row_hash, values[0]],
        )
        prev_hash = row_hash


def append_many(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (all with the same columns) as the chain's next links, in order, with one
    statement run for each; inside the write."""
    pk, columns = CHAINS[table]
    next_id, prev_hash = next_link(db, table)
    linked_rows = []
    for offset, row in enumerate(rows):
        linked = {column: _stored(column, row.get(column)) for column in columns}
        linked[pk] = next_id + offset
        values = [linked[column] for column in columns]
        row_hash = digest(prev_hash, values)
        linked_rows.append({**row, **linked, "prev_hash": prev_hash, "row_hash": row_hash})
        prev_hash = row_hash
    names = list(linked_rows[0])
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    values = [[row[name] for name in names] for row in linked_rows]
    if table != "revisions":
        db.conn.executemany(insert, values)
        return
    # The revisions_audit trigger stands aside (its WHEN clause) and their audit rows are
    # written here, as it would write them, in one statement: it chained each with two reads
    # and a call back into Python a row (a tenth of an import's CPU).
    held = db._revisions_in_bulk
    held[0] = True
    try:
        db.conn.executemany(insert, values)
    finally:
        held[0] = False
    audited = db.execute(REVISION_AUDIT_ROWS, [next_id, next_id + len(rows) - 1]).fetchall()
    append_many(db, "audit_log", [dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in audited])
