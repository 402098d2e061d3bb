"""Reference data read once for a batch of writes, instead of once for every row.

An import checks each row's types, districts and actors the way the forms do
(`archive.validation`), and so reads the same lists thousands of times. Inside `reading_once(db)`
(an import batch, one write transaction: no other connection can change the lists meanwhile,
and rows do not change them) each list is read at its first use and kept until the block ends.
Outside it, every call reads the database as before. `remember` keeps a fact learnt from a
read (a source is citable) for the rest of the block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlite_utils import Database

T = TypeVar("T")
_KEPT: ContextVar[tuple[Database, dict[Hashable, Any]] | None] = ContextVar(
    "gawahi_read_once", default=None
)


@contextlib.contextmanager
def reading_once(db: Database) -> Iterator[None]:
    """Within the block, `once(db, ...)` reads each list from `db` at most once."""
    token = _KEPT.set((db, {}))
    try:
        yield
    finally:
        _KEPT.reset(token)


def once(db: Database, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`, or what it gave the first time in this `reading_once(db)` block; callers must
    not change what they get."""
    kept = _KEPT.get()
    if kept is None or kept[0] is not db:
        return load()
    found = kept[1]
    if key not in found:
        found[key] = load()
    return found[key]


def remember(db: Database, key: Hashable, value: object) -> None:
    """Keep `value` under `key` for the rest of this `reading_once(db)` block (nothing
    outside one)."""
    kept = _KEPT.get()
    if kept is not None and kept[0] is db:
        kept[1][key] = value


def remembered(db: Database, key: Hashable) -> Any:
    """What `remember` kept under `key` in this `reading_once(db)` block, else None."""
    kept = _KEPT.get()
    return kept[1].get(key) if kept is not None and kept[0] is db else None
