"""Revisions written at the end of a batch of writes, each with its snapshot, in one pass.

An import writes two revisions a row (the source's and the entry's); written one by one, each
takes up to seven reads for its snapshot, a read for the chain's head, and an INSERT firing the
audit trigger. Inside `revisions_in_batch(db)` (one write transaction) `record_revision` keeps
each revision's who, when, what and why, and at the block's end the snapshots of all of them are
read together (`snapshots.take_many`, seven reads a batch), chained in order and inserted with
one statement, and their audit rows with another (`chain.append_many`: the `revisions_audit`
trigger stands aside for a batch and writes a single save's audit row). The snapshot is
the record after its change as before: a store function changing a record that may have a
revision waiting calls `before_changing` first, which writes the waiting ones.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from . import chain, snapshots

# Snapshots read at most this many records at a time (SQLite's limit on a statement's values).
READ_AT_ONCE = 500


@dataclass
class Waiting:
    """The revisions of one connection waiting for the batch's end, and their records."""

    db: Database
    rows: list[dict[str, Any]] = field(default_factory=list)
    records: set[tuple[str, int]] = field(default_factory=set)


_PENDING: ContextVar[Waiting | None] = ContextVar("gawahi_revisions_in_batch", default=None)


@contextlib.contextmanager
def revisions_in_batch(db: Database) -> Iterator[None]:
    """Within the block, revisions of `db` are kept and written when it ends without error
    (dropped with the transaction when it fails)."""
    token = _PENDING.set(Waiting(db))
    try:
        yield
        flush(db)
    finally:
        _PENDING.reset(token)


def pending(db: Database) -> Waiting | None:
    """The revisions waiting for the batch's end, or None outside `revisions_in_batch(db)`."""
    waiting = _PENDING.get()
    return waiting if waiting is not None and waiting.db is db else None


def keep(db: Database, row: dict[str, Any]) -> None:
    """Keep one revision (its snapshot not yet taken) for the batch's end."""
    waiting = pending(db)
    record = (row["entity"], row["entity_id"])
    if record in waiting.records:
        # Its waiting revision's snapshot would show this change too: the store function
        # making it should have called before_changing() first.
        raise RuntimeError(f"{record} changed again before its waiting revision was written")
    waiting.rows.append(row)
    waiting.records.add(record)


def before_changing(db: Database, entity: str, entity_id: int) -> None:
    """Write the waiting revisions now when one is of this record, so its snapshot is the
    record before the change about to be made (call before changing a record already there)."""
    waiting = pending(db)
    if waiting is not None and (entity, entity_id) in waiting.records:
        flush(db)


@contextlib.contextmanager
def undone_on_error(db: Database) -> Iterator[None]:
    """When the block fails (its savepoint undid its changes), the revisions waiting when it
    began wait again and those kept within it are forgotten: a `before_changing` within it
    wrote the waiting ones, and the savepoint undid that writing too."""
    waiting = pending(db)
    before = list(waiting.rows) if waiting is not None else []
    try:
        yield
    except BaseException:
        if waiting is not None:
            waiting.rows[:] = before
            waiting.records = {(row["entity"], row["entity_id"]) for row in before}
        raise


def flush(db: Database) -> None:
    """Write the waiting revisions: snapshots read together, chained in order, one INSERT."""
    waiting = pending(db)
    if waiting is None or not waiting.rows:
        return
    ids: dict[str, list[int]] = defaultdict(list)
    for entity, entity_id in waiting.records:
        ids[entity].append(entity_id)
    shots = {entity: _taken(db, entity, entity_ids) for entity, entity_ids in ids.items()}
    rows = [
        {**row, "snapshot": snapshots.dumps(shots[row["entity"]].get(row["entity_id"]))}
        for row in waiting.rows
    ]
    waiting.rows.clear()
    waiting.records.clear()
    chain.append_many(db, "revisions", rows)


def _taken(db: Database, entity: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    ids = sorted(ids)
    shots: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), READ_AT_ONCE):
        shots.update(snapshots.take_many(db, entity, ids[start : start + READ_AT_ONCE]))
    return shots
