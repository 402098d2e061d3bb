"""Merging a source saved twice into the one kept, and retracting a source no entry relies on.

Nothing is deleted. A merge retracts each live citation of the merged source and cites the kept
source with the same passage instead (citations are never rewritten), writes a revision on each
entry and on both sources, and marks the merged source `merged_into` the kept one: it leaves the
lists and pickers, and its page points to the kept one. A retraction keeps the source with its
reason, and is refused while a live entry cites it.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from .categories import CATEGORIES
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_, Message
from .queue import enqueue
from .revisions import record_revision
from .sources import get_source
from .validation import check_reason


def merge_sources(db: Database, merged_id: int, kept_id: int, actor: str, reason: str) -> int:
    """Move every live citation of source `merged_id` to source `kept_id` and mark the first
    merged into the second; returns how many citations moved."""
    reason = check_reason(reason, N_("Say why these two sources are one document."))
    with write_transaction(db):
        _mergeable(db, merged_id, kept_id)
        now = utc_now()
        moved = 0
        for kind, category in CATEGORIES.items():
            for citation in _live_citations(db, category.pk, merged_id):
                _move(db, kind, category, citation, kept_id, actor, reason, now)
                moved += 1
        db["sources"].update(
            merged_id, {"merged_into": kept_id, "updated_at": now, "updated_by": actor}
        )
        record_revision(db, "source", merged_id, "merge", actor,
                        {"merged_into": [None, kept_id]}, reason)  # fmt: skip
        record_revision(db, "source", kept_id, "merge", actor,
                        {"merged_from": [None, merged_id]}, reason)  # fmt: skip
        enqueue(db, "source", merged_id)
        enqueue(db, "source", kept_id)
    return moved


def _mergeable(db: Database, merged_id: int, kept_id: int) -> None:
    if merged_id == kept_id:
        raise InvalidRecord({"kept_id": N_("Choose another source: a source cannot be merged "
                                            "into itself.")})  # fmt: skip
    merged = get_source(db, merged_id)
    try:
        kept = get_source(db, kept_id)
    except NotFound:
        raise InvalidRecord(
            {"kept_id": Message("There is no source #%(number)d.", number=kept_id)}
        ) from None
    for source, field in ((merged, "source"), (kept, "kept_id")):
        if source["merged_into"] is not None:
            raise InvalidRecord({field: Message(
                "Source #%(number)d was already merged into source #%(kept)d.",
                number=source["source_id"], kept=source["merged_into"])})  # fmt: skip
        if source["retracted_at"] is not None:
            raise InvalidRecord(
                {field: Message("Source #%(number)d is retracted.", number=source["source_id"])}
            )
    if merged["confidential"] and not kept["confidential"]:
        # The passages would then be shown under a public source.
        raise InvalidRecord({"kept_id": N_("A confidential source can only be merged into "
                                           "another confidential source.")})  # fmt: skip


def _live_citations(db: Database, pk: str, source_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            f"SELECT citation_id, {pk} AS entry_id, passage, attributed_to FROM citations"
            f" WHERE source_id = ? AND {pk} IS NOT NULL AND retracted_at IS NULL"
            " ORDER BY citation_id",
            [source_id],
        )
    )


def _move(db, kind, category, citation: dict, kept_id: int, actor: str, reason: str, now: str):
    merged_id = db.execute(
        "SELECT source_id FROM citations WHERE citation_id = ?", [citation["citation_id"]]
    ).fetchone()[0]
    db.execute(
        "UPDATE citations SET retracted_at = ?, retracted_by = ?, retraction_reason = ?"
        " WHERE citation_id = ?",
        [now, actor, f"Source #{merged_id} merged into source #{kept_id}: {reason}",
         citation["citation_id"]],
    )  # fmt: skip
    quoted = {"passage": citation["passage"], "attributed_to": citation["attributed_to"]}
    db["citations"].insert(
        {category.pk: citation["entry_id"], "source_id": kept_id, **quoted,
         "created_at": now, "created_by": actor}
    )  # fmt: skip
    changes = {"citations": [{"source_id": merged_id, **quoted}, {"source_id": kept_id, **quoted}]}
    record_revision(db, category.entity, citation["entry_id"], "merge_source", actor, changes,
                    reason)  # fmt: skip
    enqueue(db, kind, citation["entry_id"])


def live_citers(db: Database, source_id: int) -> int:
    """How many live (not retracted) entries cite a source through a live citation."""
    count = 0
    for category in CATEGORIES.values():
        count += db.execute(
            f"""SELECT count(DISTINCT e.{category.pk}) FROM citations c
                JOIN {category.table} e ON e.{category.pk} = c.{category.pk}
                WHERE c.source_id = ? AND c.retracted_at IS NULL
                  AND e.status != 'retracted'""",
            [source_id],
        ).fetchone()[0]
    return count


def retract_source(db: Database, source_id: int, reason: str, actor: str) -> None:
    """Mark a source retracted with a reason; refused while a live entry cites it."""
    reason = check_reason(reason, N_("Say why the source is retracted."))
    with write_transaction(db):
        source = get_source(db, source_id)
        if source["retracted_at"] is not None or source["merged_into"] is not None:
            raise InvalidRecord({"source": N_("This source is already retracted or merged.")})
        citers = live_citers(db, source_id)
        if citers:
            raise InvalidRecord({"source": _still_cited(citers)})
        now = utc_now()
        db["sources"].update(
            source_id,
            {"retracted_at": now, "retraction_reason": reason,
             "updated_at": now, "updated_by": actor},
        )  # fmt: skip
        changes = {"retraction_reason": ["", reason]}
        record_revision(db, "source", source_id, "retract", actor, changes, reason)
        enqueue(db, "source", source_id)


def _still_cited(citers: int) -> str:
    if citers == 1:
        return N_(
            "Not retracted: 1 entry that is not retracted cites this source. Retract those "
            "entries, or remove their citations of it, first; or merge this source into the one "
            "they should cite."
        )
    return Message(
        "Not retracted: %(count)d entries that are not retracted cite this source. Retract "
        "those entries, or remove their citations of it, first; or merge this source into the "
        "one they should cite.",
        count=citers,
    )
