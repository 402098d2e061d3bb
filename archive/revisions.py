"""Revisions: every change to an entry or a source, with who, when, what changed and why.

Each revision also holds a snapshot of the whole record after the change, and the hashes that
chain it to the revision before (see `archive.chain`), so `flask verify` can tell when a record
or a revision was changed behind the archive's back.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from . import chain, revision_batch, snapshots
from .db import utc_now
from .messages import Message

CONFIDENTIAL_MARK = Message("[confidential]")


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field -> [old, new] for every field whose value differs (against {}: every set field)."""
    fields = [field for field in after if before.get(field) != after.get(field)]
    fields = [field for field in fields if before or after[field] not in (None, "", [])]
    return {field: [before.get(field), after.get(field)] for field in fields}


def record_revision(
    db: Database,
    entity: str,
    entity_id: int,
    action: str,
    actor: str,
    changes: dict[str, Any],
    reason: str = "",
) -> int | None:
    """Append one revision, with the record's snapshot, and return its id; call inside the
    transaction that made the change, after making it. Inside `revision_batch.revisions_in_batch`
    it is written, snapshot and all, at the batch's end (and None is returned)."""
    row = {
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "actor": actor,
        "at": utc_now(),
        "reason": reason,
        "changes": json.dumps(changes, ensure_ascii=False, default=str),
    }
    if revision_batch.pending(db) is not None:
        revision_batch.keep(db, row)
        return None
    row["snapshot"] = snapshots.dumps(snapshots.take(db, entity, entity_id))
    return chain.append(db, "revisions", row)


def history(
    db: Database, entity: str, entity_id: int, include_confidential: bool = False
) -> list[dict[str, Any]]:
    """The revisions of one entry or source, oldest first, with confidential values masked.

    Snapshots are left out: they hold victims and passages whatever the reader may see.
    """
    rows = db["revisions"].rows_where(
        "entity = ? AND entity_id = ?", [entity, entity_id], order_by="revision_id"
    )
    hidden = set() if include_confidential else _confidential_source_ids(db)
    withheld = set() if include_confidential else _confidential_victim_keys(db, entity, entity_id)
    revisions = []
    for row in rows:
        changes = json.loads(row["changes"])
        if not include_confidential:
            changes = _mask_citations(mask_confidential(changes), hidden)
            changes = _mask_fates(changes, hidden, withheld)
        row.pop("snapshot", None)
        revisions.append({**row, "changes": changes})
    return revisions


def _confidential_source_ids(db: Database) -> set[int]:
    return {row[0] for row in db.execute("SELECT source_id FROM sources WHERE confidential = 1")}


def _confidential_victim_keys(db: Database, entity: str, entity_id: int) -> set[int]:
    """Keys of a report's victims confidential in any of their rows, now or before."""
    if entity != "abuse_report":
        return set()
    rows = db.execute(
        "SELECT DISTINCT victim_key FROM victims WHERE report_id = ? AND confidential = 1"
        " AND victim_key IS NOT NULL",
        [entity_id],
    )
    return {row[0] for row in rows}


def _mask_fates(changes: dict[str, Any], hidden: set[int], withheld: set[int]) -> dict[str, Any]:
    """A fate change keeps its victim's number, status and date; its citations are withdrawn
    for a confidential victim (a passage could name them) or from a confidential source."""
    if "fates" not in changes:
        return changes

    def mask(fate: Any) -> Any:
        if not isinstance(fate, dict) or "citations" not in fate:
            return fate
        if fate.get("victim_key") in withheld:
            count = len(fate["citations"])
            return {**fate, "citations": Message("%(count)d cited (withheld)", count=count)}
        kept = [c for c in fate["citations"] if c.get("source_id") not in hidden]
        return {**fate, "citations": kept}

    return {**changes, "fates": [mask(side) for side in changes["fates"]]}


def _mask_citations(changes: dict[str, Any], hidden: set[int]) -> dict[str, Any]:
    """Citations of confidential sources (source, passage, attribution) become a mark."""
    if "citations" not in changes or not hidden:
        return changes

    def mask(citation: Any) -> Any:
        if isinstance(citation, list):
            return [mask(item) for item in citation]
        if isinstance(citation, dict) and citation.get("source_id") in hidden:
            return {"source_id": CONFIDENTIAL_MARK, "passage": CONFIDENTIAL_MARK,
                    "attributed_to": CONFIDENTIAL_MARK}  # fmt: skip
        return citation

    return {**changes, "citations": [mask(side) for side in changes["citations"]]}


def mask_confidential(changes: dict[str, Any]) -> dict[str, Any]:
    """Named victims, in any revision's changes, reduced to how many there were.

    Not only the names: a victim public once may be confidential now, and an age or an
    occupation can identify a person as surely as a name.
    """
    if "victims" not in changes:
        return changes
    return {**changes, "victims": [_count_victims(side) for side in changes["victims"]]}


def _count_victims(victims: list[dict] | None) -> str | None:
    if victims is None:
        return None
    if not victims:
        return Message("none named")
    return Message("%(count)d named (details withheld)", count=len(victims))
