"""Figures summed over many entries at once, for charts: every figure row held in memory as
arrays, kept in step with the database, so a search matching 100,000 entries is summed in a few
array operations rather than one SQL probe per entry.

Figures are only ever added or retracted (the database refuses a rewrite, a deletion or an
undone retraction), so the rows held stay true: each call reads the rows added since (ids above
the last held), and the ids of the retracted rows again after a new revision (a retraction
comes with one). The last row held is read again each time; if it is gone or differs (a
backup restored), everything is read afresh.

The sums follow archive.patterns' rules: per entry, kind and giver the lowest number counts
once, with its qualifier (of two figures at that number, the more cautious: "at least"
or "approximately" if either says so); a total is "at least" when that qualifier is, when the
entry's numbers disagree, or when one of its figures has no number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlite_utils import Database

from .figures import FIGURE_KINDS, GIVERS, QUALIFIERS

KINDS, GIVER_CODES, QUALIFIER_CODES = list(FIGURE_KINDS), list(GIVERS), list(QUALIFIERS)
AT_LEAST, APPROXIMATELY = QUALIFIER_CODES.index("at_least"), QUALIFIER_CODES.index("approximately")
# Columns read per row: claims' entry ids are negated so one array holds both categories.
COLUMNS = (
    "figure_id, coalesce(report_id, -claim_id), kind, given_by, coalesce(count, -1), qualifier"
)
# The last row held is kept whole, with when and by whom it was added.
WHOLE = f"{COLUMNS}, created_at, created_by"


@dataclass(frozen=True)
class Rows:
    """Every figure row up to the last held, one array element each, in id order."""

    figure_id: np.ndarray
    entry: np.ndarray  # a report id, or minus a claim id
    kind: np.ndarray  # index into KINDS
    giver: np.ndarray  # index into GIVER_CODES
    count: np.ndarray  # -1 when the figure gives no number
    qualifier: np.ndarray  # index into QUALIFIER_CODES
    last: tuple  # the last row as read, to know the same database again
    # The rows by kind and giver, entry, then number (lowest first, none last): sorted once
    # when read, so a request only picks its rows out of this order.
    order: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        ranked = np.where(self.count < 0, np.iinfo(np.int64).max, self.count)
        order = np.lexsort((ranked, self.entry, self.groups()))
        object.__setattr__(self, "order", order)

    def groups(self) -> np.ndarray:
        """Each row's kind and giver as one number."""
        return self.kind.astype(np.int64) * len(GIVER_CODES) + self.giver


# Rows held, and the retracted ids with the last revision id when they were read, per
# database file (each process holds its own).
_held: dict[str, Rows] = {}
_retractions: dict[str, tuple[int | None, np.ndarray]] = {}


def figure_sums(db: Database, claims: bool, entry_ids: Any) -> list[tuple]:
    """(kind, giver, entries, numbered, total, lower_bounds, approximate) per kind and giver for
    the live figures of these abuse reports (or claims): how many entries gave such figures,
    how many gave a number, the sum of their lowest numbers, how many of those are lower bounds
    and how many approximate."""
    rows = current_rows(db)
    wanted = np.asarray(entry_ids, dtype=np.int64)
    if claims:
        wanted = -wanted
    chosen = (rows.entry < 0) == claims
    chosen &= ~np.isin(rows.figure_id, retracted_ids(db), kind="sort")
    chosen &= np.isin(rows.entry, wanted)
    picked = rows.order[chosen[rows.order]]  # still in the sorted order
    return _summed(*(a[picked] for a in (rows.groups(), rows.entry, rows.count,
                                         rows.qualifier)))  # fmt: skip


def current_rows(db: Database) -> Rows:
    """Every figure row of `db`, from memory with the rows added since read."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    held = _held.get(path) if path else None
    if held is None or not _same_history(db, held):
        _retractions.pop(path, None)
        held = _read(db, 0, None)
    else:
        held = _read(db, int(held.last[0]) if held.last else 0, held)
    if path:
        _held[path] = held
    return held


def _same_history(db: Database, held: Rows) -> bool:
    """Whether the last row held is still there as it was (not so after a restore)."""
    if not held.last:
        return True  # nothing held: every row is read anyway
    return _whole(db, held.last[0]) == held.last


def _read(db: Database, after: int, held: Rows | None) -> Rows:
    """The rows held plus those with ids above `after`."""
    found = db.execute(
        f"SELECT {COLUMNS} FROM figures WHERE figure_id > ? ORDER BY figure_id", [after]
    ).fetchall()
    if held is not None and not found:
        return held
    columns = list(zip(*found, strict=True)) if found else [()] * 6
    ids, entries, kinds, givers, counts, qualifiers = columns
    new = Rows(
        figure_id=np.array(ids, dtype=np.int64),
        entry=np.array(entries, dtype=np.int64),
        kind=_codes(kinds, KINDS),
        giver=_codes(givers, GIVER_CODES),
        count=np.array(counts, dtype=np.int64),
        qualifier=_codes(qualifiers, QUALIFIER_CODES),
        last=_whole(db, found[-1][0]) if found else (),
    )
    if held is None:
        return new
    joined = {
        name: np.concatenate([getattr(held, name), getattr(new, name)])
        for name in ("figure_id", "entry", "kind", "giver", "count", "qualifier")
    }
    return Rows(**joined, last=new.last)


def _whole(db: Database, figure_id: int) -> tuple:
    found = db.execute(f"SELECT {WHOLE} FROM figures WHERE figure_id = ?", [figure_id])
    return tuple(found.fetchone() or ())


def _codes(values: tuple[str, ...], codes: list[str]) -> np.ndarray:
    number = {code: n for n, code in enumerate(codes)}
    return np.array([number[value] for value in values], dtype=np.int8)


def retracted_ids(db: Database) -> np.ndarray:
    """The ids of the retracted figures, read again only after a new revision: a figure is
    retracted only by an entry's update, which records one (`flask verify` finds any change
    without one)."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    # The stamp is read before the rows: a retraction in between makes the next call read again.
    stamp = db.execute("SELECT max(revision_id) FROM revisions").fetchone()[0]
    held = _retractions.get(path)
    if held is not None and held[0] == stamp:
        return held[1]
    found = db.execute("SELECT figure_id FROM figures WHERE retracted_at IS NOT NULL")
    ids = np.array([row[0] for row in found], dtype=np.int64)
    if path:
        _retractions[path] = (stamp, ids)
    return ids


def _summed(group, entry, count, qualifier) -> list[tuple]:
    """The sums per kind and giver of these live figures of the matched entries, given in
    the order Rows.order sorts them."""
    if not len(entry):
        return []
    starts = np.flatnonzero(np.r_[True, (group[1:] != group[:-1]) | (entry[1:] != entry[:-1])])
    low = count[starts]  # -1 only when no figure of the entry gives a number
    lowest = count == np.repeat(low, np.diff(np.r_[starts, len(count)]))
    # Two figures at the lowest number: the more cautious qualifier of the two is kept.
    low_at_least = np.maximum.reduceat(lowest & (qualifier == AT_LEAST), starts)
    low_approximate = np.maximum.reduceat(lowest & (qualifier == APPROXIMATELY), starts)
    disagree = np.maximum.reduceat(count, starts) != low
    some_unknown = np.minimum.reduceat(count, starts) < 0
    numbered = low >= 0
    lower = numbered & (low_at_least | disagree | some_unknown)
    approximate = numbered & low_approximate
    return [_row(group[starts], code, numbered, low, lower, approximate)
            for code in np.unique(group[starts]).tolist()]  # fmt: skip


def _row(groups, code, numbered, low, lower, approximate) -> tuple:
    mine = groups == code
    kind, giver = divmod(code, len(GIVER_CODES))
    total = int(low[mine & numbered].sum())
    return (KINDS[kind], GIVER_CODES[giver], int(mine.sum()), int((mine & numbered).sum()),
            total, int((mine & lower).sum()), int((mine & approximate).sum()))  # fmt: skip
