"""One-time submission tokens: a form sent twice (double click, reload) saves one record.

The token is recorded in the transaction that writes the record, so the second request either
finds it (and is pointed at the record already made) or waits for the first to finish.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from .db import utc_now, write_transaction


def find_submission(db: Database, token: str) -> tuple[str, int] | None:
    """(entity, entity_id) already saved under `token`, or None."""
    row = db.execute(
        "SELECT entity, entity_id FROM form_submissions WHERE token = ?", [token]
    ).fetchone()
    return (row[0], row[1]) if row else None


def submit_once(
    db: Database, token: str, entity: str, write: Callable[[], int], actor: str
) -> tuple[int, bool]:
    """Run `write` (which returns the new id) unless `token` was used; (id, True if written)."""
    with write_transaction(db):
        # Inside the write lock: a concurrent duplicate waits here, then finds the first one.
        done = find_submission(db, token)
        if done is not None:
            return done[1], False
        entity_id = write()
        db["form_submissions"].insert(
            {"token": token, "entity": entity, "entity_id": entity_id, "actor": actor,
             "at": utc_now()}
        )  # fmt: skip
    return entity_id, True
