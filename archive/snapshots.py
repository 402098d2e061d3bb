"""Snapshots: a record as it stands after a change, stored in its revision and compared by verify.

An entry's snapshot is its row with its live citations, figures and links to other entries
(and, for an abuse report, its live victims and all its victims' fates with their citations); a
source's is its row; an account's is its name, role, whether it is active and a fingerprint of
its password hash. Rows are taken whole (`SELECT *`), so a column added later is covered from
each record's next revision on; a column absent from a snapshot is not compared. A link belongs
to the entries at both of its ends.
Long texts are kept as their SHA-256: enough to tell that they changed, and which field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

LONG_TEXT = 64
USER_FIELDS = ("user_id", "username", "role", "active", "password_hash")


def _rows(db: Database, sql: str, params: list[Any]) -> Iterator[dict[str, Any]]:
    """The rows of one table's SELECT as dicts, as `db.query` gives them, without the
    savepoint it wraps every read in (a revision takes up to seven of these reads)."""
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


@dataclass(frozen=True)
class Part:
    """Rows that belong to a record (its citations, figures, victims, fates): those `live`
    selects."""

    name: str
    label: str
    table: str
    pk: str
    fk: str
    live: str

    def rows(self, db: Database, ids: list[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(owner's id, row) of each live row belonging to the records in `ids`."""
        marks = ",".join("?" * len(ids))
        rows = _rows(
            db,
            f"SELECT * FROM {self.table} WHERE {self.fk} IN ({marks}) AND {self.live}"
            f" ORDER BY {self.pk}",
            ids,
        )
        for row in rows:
            yield row[self.fk], row


@dataclass(frozen=True)
class Links(Part):
    """An entry's live links to other entries: a link belongs to the entries at both ends."""

    kind: str = ""

    def rows(self, db: Database, ids: list[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(entry id, link row) for each live link with an end among `ids` of this kind."""
        marks = ",".join("?" * len(ids))
        rows = _rows(
            db,
            f"SELECT * FROM entry_links WHERE {self.live} AND ((from_kind = ? AND from_id IN"
            f" ({marks})) OR (to_kind = ? AND to_id IN ({marks}))) ORDER BY link_id",
            [self.kind, *ids, self.kind, *ids],
        )
        wanted = set(ids)
        for row in rows:
            ends = {row[f"{end}_id"] for end in ("from", "to") if row[f"{end}_kind"] == self.kind}
            for entry_id in sorted(ends & wanted):
                yield entry_id, row


@dataclass(frozen=True)
class Kind:
    """A kind of record that revisions describe."""

    entity: str
    label: str
    table: str
    pk: str
    parts: tuple[Part, ...] = ()


def _citations(fk: str) -> Part:
    return Part("citations", "citation", "citations", "citation_id", fk, "retracted_at IS NULL")


def _links(kind: str) -> Links:
    return Links("links", "link", "entry_links", "link_id", "", "retracted_at IS NULL", kind)


def _figures(fk: str) -> Part:
    return Part("figures", "figure", "figures", "figure_id", fk, "retracted_at IS NULL")


VICTIMS = Part("victims", "victim", "victims", "victim_id", "report_id", "superseded_at IS NULL")
# Every fate and fate citation, retracted ones too: none is ever deleted, so all are compared.
FATES = Part("fates", "fate", "victim_fates", "fate_id", "report_id", "1 = 1")
FATE_CITATIONS = Part(
    "fate_citations", "fate citation", "fate_citations", "fate_citation_id", "report_id", "1 = 1"
)
KINDS = {
    "abuse_report": Kind(
        "abuse_report", "abuse report", "abuse_reports", "report_id",
        (_citations("report_id"), VICTIMS, _figures("report_id"), FATES, FATE_CITATIONS,
         _links("abuse")),
    ),
    "attack_claim": Kind(
        "attack_claim", "attack claim", "attack_claims", "claim_id",
        (_citations("claim_id"), _figures("claim_id"), _links("claim")),
    ),
    "source": Kind("source", "source", "sources", "source_id"),
}  # fmt: skip


def fingerprint(value: bytes | str) -> str:
    """'sha256:' and the hex SHA-256 of a text or bytes."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _kept(row: dict[str, Any]) -> dict[str, Any]:
    # A kept text is at most 64 characters, a fingerprint 71: the two can never be confused.
    # (Written out, not as a function a value: an import takes this for every column it writes.)
    return {
        column: fingerprint(value)
        if (type(value) is str and len(value) > LONG_TEXT) or type(value) is bytes
        else value
        for column, value in row.items()
    }


def take_many(db: Database, entity: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Id -> snapshot of each record of `entity` in `ids` that exists."""
    kind = KINDS[entity]
    marks = ",".join("?" * len(ids))
    rows = _rows(db, f"SELECT * FROM {kind.table} WHERE {kind.pk} IN ({marks})", ids)
    shots = {row[kind.pk]: {"row": _kept(row)} for row in rows}
    for part in kind.parts:
        for shot in shots.values():
            shot[part.name] = {}
        for owner_id, row in part.rows(db, ids):
            if owner_id in shots:  # a row whose record is gone is verify's to report
                shots[owner_id][part.name][str(row[part.pk])] = _kept(row)
    return shots


def take(db: Database, entity: str, entity_id: int) -> dict[str, Any] | None:
    """The snapshot of one record, or None when it does not exist."""
    return take_many(db, entity, [entity_id]).get(entity_id)


def in_batches(db: Database, entity: str, size: int = 500) -> Iterator[list[int]]:
    """Every id of `entity`'s table, in batches of `size`."""
    kind = KINDS[entity]
    ids = [row[0] for row in db.execute(f"SELECT {kind.pk} FROM {kind.table} ORDER BY {kind.pk}")]
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def dumps(snapshot: dict[str, Any] | None) -> str | None:
    """A snapshot as the canonical JSON text stored in revisions and audit rows."""
    if snapshot is None:
        return None
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def changed_fields(recorded: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """Fields of `recorded` whose value differs now (fields it does not hold are not covered)."""
    return [name for name in recorded if name not in current or current[name] != recorded[name]]


def user_state(row: dict[str, Any]) -> dict[str, Any]:
    """An account as its audit rows record it: the password hash only as a fingerprint."""
    state = {field: row[field] for field in USER_FIELDS}
    state["password_hash"] = fingerprint(row["password_hash"])
    return state
