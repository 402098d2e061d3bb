"""What every edit of reference data leaves behind: an audit row, and the entries it affects
queued for the search index.

The index expands every name of an actor, district or place an entry mentions into all its
other names, and indexes each type's label: when those change, the entries that mention them
must be indexed again. They are queued in the edit's own transaction; the index catches up as
it does after any save, so nobody has to rebuild it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from . import audit
from .categories import CATEGORIES
from .db import utc_now

LISTS = {
    "abuse_types": "Abuse types",
    "claim_types": "Claim types",
    "source_types": "Source types",
    "actors": "Actors",
    "districts": "Districts",
    "place_spellings": "Place spellings",
    "gazetteer": "Gazetteer",
}
# The text of an entry that can mention a name, by category (a superset of what is indexed).
MENTION_COLUMNS = {
    "abuse": ("title", "narrative", "place", "district", "province", "perpetrator",
              "official_statement", "tags"),
    "claim": ("title", "narrative", "place", "district", "province", "spokesperson",
              "claimed_targets", "official_statement", "tags"),
}  # fmt: skip
CITED_COLUMNS = ("c.passage", "c.attributed_to", "s.title", "s.outlet")
# Urdu letters typed in several code points (as index/analysis.py folds them): any one matches.
URDU_VARIANTS = re.compile("[\u064a\u0649\u06cc\u0643\u06a9\u0647\u06c1\u06d5\u06c0]")


def record_edit(
    db: Database,
    by: str,
    list_name: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    requeued: int = 0,
) -> None:
    """Audit an addition (`before` None) or a change of one item of a list; nothing when
    nothing changed. Call inside the edit's transaction."""
    if before == after:
        return
    detail: dict[str, Any] = {"list": LISTS[list_name]}
    for field, value in after.items():
        if before is None:
            detail[field] = _shown(value)
        elif before.get(field) != value:
            detail[field] = f"{_shown(before.get(field))} → {_shown(value)}"
    if requeued:
        detail["entries queued for the search index"] = requeued
    action = "reference_add" if before is None else "reference_change"
    audit.record(db, action, by, subject=f"{LISTS[list_name]}: {key}", detail=detail)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "(none)"
    return "(none)" if value in (None, "") else str(value)


def requeue(db: Database, names: Iterable[str], equal: dict[str, str] | None = None) -> int:
    """Queue every entry whose text may mention one of `names`, or whose column equals the
    value given in `equal` (such as {"group_code": "BLA"}); returns how many were queued.

    Each name is looked for as its words in order, so spellings with other punctuation or case
    are found too; queueing an entry that did not need it costs only its re-indexing.
    """
    patterns = sorted({_pattern(name) for name in names} - {""})
    queued = 0
    for kind, category in CATEGORIES.items():
        clauses, params = _mention_clauses(kind, category.pk, patterns)
        for column, value in (equal or {}).items():
            if column in category.fields:
                clauses.append(f"e.{column} = ?")
                params.append(value)
        if clauses:
            queued += _enqueue_where(db, kind, " OR ".join(clauses), params)
    return queued


def _pattern(name: str) -> str:
    """A LIKE pattern for the name's words in order, anything between them (a superset of the
    index's whole words in a row, whatever the case, hyphens or spaces)."""
    words = [URDU_VARIANTS.sub("_", word) for word in re.findall(r"[^\W_]+", name)]
    return f"%{'%'.join(words)}%" if words else ""


def _mention_clauses(kind: str, pk: str, patterns: list[str]) -> tuple[list[str], list[str]]:
    if not patterns:
        return [], []
    own = " || ' ' || ".join(f"coalesce(e.{column}, '')" for column in MENTION_COLUMNS[kind])
    cited = " || ' ' || ".join(f"coalesce({column}, '')" for column in CITED_COLUMNS)
    likes = " OR ".join(["text LIKE ?"] * len(patterns))
    clauses = [
        f"EXISTS (SELECT 1 FROM (SELECT {own} AS text) WHERE {likes})",
        f"""EXISTS (SELECT 1 FROM (SELECT {cited} AS text FROM citations c
                JOIN sources s ON s.source_id = c.source_id WHERE c.{pk} = e.{pk})
            WHERE {likes})""",
    ]
    return clauses, [*patterns, *patterns]


def _enqueue_where(db: Database, kind: str, where: str, params: list[Any]) -> int:
    category = CATEGORIES[kind]
    cursor = db.execute(
        f"INSERT INTO index_queue (doc_kind, doc_id, queued_at)"
        f" SELECT ?, e.{category.pk}, ? FROM {category.table} e WHERE {where}",
        [kind, utc_now(), *params],
    )
    return cursor.rowcount


def reference_generation(db: Database) -> int:
    """A number that changes whenever any reference list is added to or changed: the last such
    edit's audit row (every edit leaves one, in its own transaction), or the last restore or
    bundle import (which bring another archive's lists). Readers that keep what they built from
    the lists compare it to know when to build again; one indexed read, no table."""
    row = db.execute(
        "SELECT max(audit_id) FROM audit_log WHERE action IN"
        " ('reference_add', 'reference_change', 'restore', 'bundle_import')"
    ).fetchone()
    return row[0] or 0
