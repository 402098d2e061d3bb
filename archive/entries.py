"""Entries: abuse reports and attack claims, each in its own table, each citing its sources.

Nothing here deletes: a removed citation or figure is kept, marked retracted with who, when and
why, and a changed list of named victims is kept, marked superseded. Readers see live rows only; the
revisions say what was removed. A victim who stays in the list keeps their `victim_key` (and so
their fates, archive/fates.py) in the row that replaces theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from . import revision_batch
from .categories import ABUSE, CATEGORIES, Category, get_category
from .dates import typed_date
from .db import insert_row, utc_now, write_transaction
from .errors import InvalidRecord, MissingCitation, NotFound
from .fates import fate_where
from .figures import add_figures, clean_figures, figures_of, replace_figures
from .links import links_of
from .messages import N_, Message
from .queue import enqueue
from .revisions import diff, record_revision
from .validation import (
    check_reason,
    clean_citation,
    clean_citations,
    clean_entry,
    clean_victims,
)

VICTIM_FIELDS = ("name", "age", "occupation", "confidential")
LIVE_VICTIM = "victim_id, report_id, victim_key, " + ", ".join(VICTIM_FIELDS)

SORTS = {
    "newest": "date_start IS NULL, date_start DESC, {pk} DESC",
    "oldest": "date_start IS NULL, date_start ASC, {pk} ASC",
}


def add_entry(
    db: Database,
    kind: str,
    record: dict[str, Any],
    citations: list[dict[str, Any]],
    actor: str,
    victims: list[dict[str, Any]] = (),
    figures: list[dict[str, Any]] = (),
    note: str = "",
) -> int:
    """Store a new entry with its citations (at least one), named victims and figures as
    reported, and return its id. `note` is the first revision's reason: where the entry came
    from, when not typed from scratch ("Suggested by intake from source #12...")."""
    category = get_category(kind)
    note = check_reason(note)
    row = clean_entry(db, category, record)
    cited = clean_citations(db, citations)
    named = clean_victims(victims) if category is ABUSE else []
    counted = clean_figures(figures)
    now = utc_now()
    row.update(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
    with write_transaction(db):
        entry_id = insert_row(db, category.table, row)
        for citation in cited:
            _insert_citation(db, category, entry_id, citation, actor)
        # A claim's id is no abuse report's: its victims stay theirs. A new report has none
        # to replace.
        if category is ABUSE and named:
            _replace_victims(db, entry_id, named, actor)
        add_figures(db, category, entry_id, counted, actor)
        created = {**_revisable(row), "citations": cited, "victims": _plain(named),
                   "figures": counted}  # fmt: skip
        record_revision(db, category.entity, entry_id, "create", actor, diff({}, created), note)
        enqueue(db, kind, entry_id)
    return entry_id


def _insert_citation(db: Database, category: Category, entry_id: int, citation: dict, actor: str):
    row = {category.pk: entry_id, **citation, "created_at": utc_now(), "created_by": actor}
    insert_row(db, "citations", row)


def _plain(victims: list[dict]) -> list[dict]:
    """Victims as revisions record them: their fields, not their keys."""
    return [{name: victim[name] for name in VICTIM_FIELDS} for victim in victims]


def _replace_victims(db: Database, report_id: int, victims: list[dict], actor: str) -> None:
    keys = _carried_keys(db, report_id, victims)
    db.execute(
        "UPDATE victims SET superseded_at = ?, superseded_by = ?"
        " WHERE report_id = ? AND superseded_at IS NULL",
        [utc_now(), actor, report_id],
    )
    for victim, key in zip(victims, keys, strict=True):
        insert_row(db, "victims", {"report_id": report_id,
                                   **{name: victim[name] for name in VICTIM_FIELDS},
                                   "victim_key": key})  # fmt: skip
    # A newly named victim is their own key.
    db.execute(
        "UPDATE victims SET victim_key = victim_id"
        " WHERE report_id = ? AND superseded_at IS NULL AND victim_key IS NULL",
        [report_id],
    )


def _carried_keys(db: Database, report_id: int, victims: list[dict]) -> list[int | None]:
    """The key each victim of the new list keeps from the list it replaces, or None (new).

    A victim is the same person when the form says so (the key it was shown with), else when
    the name is the same (ignoring case): a corrected age, occupation or confidentiality, or a
    list reordered, keeps each person's fates; a corrected name keeps them through the form.
    """
    old = {row["victim_key"]: row["name"].casefold() for row in victims_of(db, report_id, True)}
    keys: list[int | None] = []
    for victim in victims:
        key = victim.get("victim_key")
        keys.append(key if key in old and key not in keys else None)
    for number, victim in enumerate(victims):
        if keys[number] is None:
            same = [k for k, name in old.items() if name == victim["name"].casefold()]
            keys[number] = next((k for k in same if k not in keys), None)
    return keys


def _revisable(row: dict[str, Any]) -> dict[str, Any]:
    skip = {"created_at", "created_by", "updated_at", "updated_by", "report_id", "claim_id"}
    kept = {key: value for key, value in row.items() if key not in skip}
    if isinstance(kept.get("tags"), str):
        kept["tags"] = json.loads(kept["tags"])
    return kept


def update_entry(
    db: Database,
    kind: str,
    entry_id: int,
    changes: dict[str, Any],
    actor: str,
    reason: str,
    victims: list[dict[str, Any]] | None = None,
    figures: list[dict[str, Any]] | None = None,
) -> dict[str, list]:
    """Change an entry's fields (and, when given, its figures and an abuse report's victims);
    returns what changed."""
    category = get_category(kind)
    reason = check_reason(reason, N_("Say why you are making this change."))
    with write_transaction(db):
        revision_batch.before_changing(db, category.entity, entry_id)
        before = _entry_row(db, category, entry_id)
        merged = {name: before[name] for name in category.fields} | changes
        if "date_start" not in changes:
            # As typed, not as stored: 2025-08-01 at month precision is typed 2025-08.
            merged["date_start"] = typed_date(merged["date_precision"], before["date_start"])
        merged["tags"] = json.loads(before["tags"]) if "tags" not in changes else changes["tags"]
        row = clean_entry(db, category, merged)
        if before["status"] == "retracted" and row["status"] != "retracted":
            row["retraction_reason"] = ""
        changed = diff(_revisable(before), _revisable(row))
        if victims is not None and category is ABUSE:
            changed |= _update_victims(db, entry_id, victims, actor)
        if figures is not None:
            counted = clean_figures(figures)
            changed |= replace_figures(db, category, entry_id, counted, actor, reason)
        if not changed:
            return {}
        row.update(updated_at=utc_now(), updated_by=actor)
        db[category.table].update(entry_id, row)
        record_revision(db, category.entity, entry_id, "update", actor, changed, reason)
        enqueue(db, kind, entry_id)
    return changed


def _update_victims(db: Database, report_id: int, victims: list[dict], actor: str) -> dict:
    new = clean_victims(victims)
    old = _plain(victims_of(db, report_id, include_confidential=True))
    if old == _plain(new):
        return {}
    _replace_victims(db, report_id, new, actor)
    return {"victims": [old, _plain(new)]}


def retract_entry(db: Database, kind: str, entry_id: int, reason: str, actor: str) -> None:
    """Mark an entry retracted with a reason; it stays in the archive with its history."""
    category = get_category(kind)
    reason = check_reason(reason, N_("Say why the entry is retracted."))
    with write_transaction(db):
        before = _entry_row(db, category, entry_id)
        if before["status"] == "retracted":
            raise InvalidRecord({"status": N_("This entry is already retracted.")})
        now = utc_now()
        db[category.table].update(
            entry_id,
            {"status": "retracted", "retraction_reason": reason,
             "updated_at": now, "updated_by": actor},
        )  # fmt: skip
        changes = {"status": [before["status"], "retracted"]}
        record_revision(db, category.entity, entry_id, "retract", actor, changes, reason)
        enqueue(db, kind, entry_id)


def add_citation(
    db: Database, kind: str, entry_id: int, citation: dict[str, Any], actor: str, reason: str = ""
) -> int:
    """Cite one more source for an existing entry, writing a revision."""
    category = get_category(kind)
    reason = check_reason(reason)
    cleaned = clean_citation(db, citation)
    with write_transaction(db):
        _entry_row(db, category, entry_id)
        revision_batch.before_changing(db, category.entity, entry_id)
        citation_id = (
            db["citations"]
            .insert(
                {category.pk: entry_id, **cleaned, "created_at": utc_now(), "created_by": actor}
            )
            .last_pk
        )
        record_revision(
            db, category.entity, entry_id, "cite", actor, {"citations": [None, cleaned]}, reason
        )
        enqueue(db, kind, entry_id)
    return citation_id


def remove_citation(
    db: Database, kind: str, entry_id: int, citation_id: int, actor: str, reason: str
) -> None:
    """Retract a mistaken citation (kept, no longer shown); refused for the entry's last one."""
    category = get_category(kind)
    reason = check_reason(reason, N_("Say why this citation is removed."))
    with write_transaction(db):
        citations = citations_of(db, category, entry_id)
        match = [c for c in citations if c["citation_id"] == citation_id]
        if not match:
            raise NotFound(
                Message("Citation %(number)d is not one of this entry's.", number=citation_id)
            )
        if len(citations) == 1:
            raise MissingCitation(
                N_("The last citation cannot be removed: cite another source first.")
            )
        db.execute(
            "UPDATE citations SET retracted_at = ?, retracted_by = ?, retraction_reason = ?"
            " WHERE citation_id = ?",
            [utc_now(), actor, reason.strip(), citation_id],
        )
        removed = {k: match[0][k] for k in ("source_id", "passage", "attributed_to")}
        changes = {"citations": [removed, None]}
        record_revision(db, category.entity, entry_id, "uncite", actor, changes, reason)
        enqueue(db, kind, entry_id)


def _entry_row(db: Database, category: Category, entry_id: int) -> dict[str, Any]:
    row = db.execute(
        f"SELECT * FROM {category.table} WHERE {category.pk} = ?", [entry_id]
    ).fetchone()
    if row is None:
        raise NotFound(_no_such(category, entry_id))
    columns = [d[0] for d in db.execute(f"SELECT * FROM {category.table} LIMIT 0").description]
    return dict(zip(columns, row, strict=True))


def _no_such(category: Category, entry_id: int) -> Message:
    if category is ABUSE:
        return Message("There is no abuse report %(number)d.", number=entry_id)
    return Message("There is no attack claim %(number)d.", number=entry_id)


def get_entry(
    db: Database, kind: str, entry_id: int, include_confidential: bool = False
) -> dict[str, Any]:
    """One entry with its citations (and their sources), victims, figures, links to other
    entries and count of sources."""
    category = get_category(kind)
    entry = _entry_row(db, category, entry_id)
    entry["kind"] = kind
    entry["entry_id"] = entry_id
    entry["tags"] = json.loads(entry["tags"])
    entry["citations"] = citations_of(db, category, entry_id)
    if not include_confidential:
        # A confidential source is absent for those not cleared: no title, outlet or passage,
        # and not even counted.
        entry["citations"] = [c for c in entry["citations"] if not c["source_confidential"]]
    entry["source_count"] = len({c["source_id"] for c in entry["citations"]})
    entry["figures"] = figures_of(db, category, entry_id)
    if category is ABUSE:
        entry["victims"] = victims_of(db, entry_id, include_confidential)
    entry["links"] = links_of(db, kind, entry_id)
    return entry


def citations_of(db: Database, category: Category, entry_id: int) -> list[dict[str, Any]]:
    """An entry's citations, each with its source's title, outlet, URL and date."""
    return list(
        db.query(
            f"""SELECT c.citation_id, c.source_id, c.passage, c.attributed_to,
                       s.title AS source_title, s.outlet AS source_outlet,
                       s.url AS source_url, s.published AS source_published,
                       s.confidential AS source_confidential
                FROM citations c JOIN sources s ON s.source_id = c.source_id
                WHERE c.{category.pk} = ? AND c.retracted_at IS NULL ORDER BY c.citation_id""",
            [entry_id],
        )
    )


def citations_by_entry(
    db: Database, kind: str, entry_ids: list[int], include_confidential: bool = False
) -> dict[int, list[dict[str, Any]]]:
    """Entry id -> its citations with their sources' titles, for many entries in one query.

    Citations of confidential sources are left out unless `include_confidential`.
    """
    category = get_category(kind)
    cited: dict[int, list[dict[str, Any]]] = {entry_id: [] for entry_id in entry_ids}
    for start in range(0, len(entry_ids), 500):
        batch = entry_ids[start : start + 500]
        hidden = "" if include_confidential else " AND s.confidential = 0"
        rows = db.query(
            f"""SELECT c.{category.pk} AS entry_id, c.citation_id, c.source_id, c.passage,
                       c.attributed_to, s.title AS source_title, s.outlet AS source_outlet
                FROM citations c JOIN sources s ON s.source_id = c.source_id
                WHERE c.{category.pk} IN ({",".join("?" * len(batch))}){hidden}
                  AND c.retracted_at IS NULL
                ORDER BY c.citation_id""",
            batch,
        )
        for row in rows:
            cited[row.pop("entry_id")].append(row)
    return cited


def victims_by_report(
    db: Database, report_ids: list[int], include_confidential: bool = True
) -> dict[int, list[dict[str, Any]]]:
    """Report id -> its named victims: all of them (for cleared exports), or only those whose
    names are public (for the search index)."""
    named: dict[int, list[dict[str, Any]]] = {}
    hidden = "" if include_confidential else " AND confidential = 0"
    for start in range(0, len(report_ids), 500):
        batch = report_ids[start : start + 500]
        rows = db.query(
            f"SELECT {LIVE_VICTIM} FROM victims WHERE report_id IN ({','.join('?' * len(batch))})"
            f" AND superseded_at IS NULL{hidden} ORDER BY victim_id",
            batch,
        )
        for row in rows:
            named.setdefault(row["report_id"], []).append(row)
    return named


def victims_of(db: Database, report_id: int, include_confidential: bool) -> list[dict[str, Any]]:
    """Named victims of a report; confidential ones only when the reader is cleared for them."""
    where = "report_id = ? AND superseded_at IS NULL"
    where += "" if include_confidential else " AND confidential = 0"
    return list(
        db["victims"].rows_where(where, [report_id], select=LIVE_VICTIM, order_by="victim_id")
    )


@dataclass
class EntryFilters:
    """What a list of entries is narrowed to; empty values mean no narrowing."""

    entry_type: str = ""
    district: str = ""
    status: str = ""
    # Abuse reports only: at least one named victim's current status (archive/fates.py).
    fate: str = ""
    sort: str = "newest"
    page: int = 1
    per_page: int = 20
    extra: dict[str, Any] = field(default_factory=dict)


def filters_to_where(category: Category, filters: EntryFilters) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters for `filters`; retracted entries only when asked for."""
    clauses, params = [], []
    if filters.entry_type:
        clauses.append(f"{category.type_column} = ?")
        params.append(filters.entry_type)
    if filters.district:
        clauses.append("district = ?")
        params.append(filters.district)
    if filters.status:
        clauses.append("status = ?")
        params.append(filters.status)
    else:
        clauses.append("status != 'retracted'")
    if filters.fate and category is ABUSE:
        clause, values = fate_where(filters.fate)
        clauses.append(clause)
        params += values
    return " AND ".join(clauses), params


def list_entries(db: Database, kind: str, filters: EntryFilters) -> tuple[list[dict], int]:
    """A page of one category's entries and the total that match the filters."""
    category = get_category(kind)
    where, params = filters_to_where(category, filters)
    order = SORTS.get(filters.sort, SORTS["newest"]).format(pk=category.pk)
    offset = (max(filters.page, 1) - 1) * filters.per_page
    rows = db.query(
        f"SELECT *, {category.pk} AS entry_id FROM {category.table} WHERE {where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, filters.per_page, offset],
    )
    total = db[category.table].count_where(where, params)
    return [_listed(row, kind) for row in rows], total


def _listed(row: dict[str, Any], kind: str) -> dict[str, Any]:
    return {**row, "kind": kind, "tags": json.loads(row["tags"])}


def entries_by_ids(db: Database, kind: str, entry_ids: list[int]) -> list[dict[str, Any]]:
    """Entries of one category in the order of `entry_ids` (missing ids are skipped)."""
    category = get_category(kind)
    if not entry_ids:
        return []
    marks = ",".join("?" * len(entry_ids))
    rows = db.query(
        f"SELECT *, {category.pk} AS entry_id FROM {category.table}"
        f" WHERE {category.pk} IN ({marks})",
        list(entry_ids),
    )
    by_id = {row["entry_id"]: _listed(row, kind) for row in rows}
    return [by_id[entry_id] for entry_id in entry_ids if entry_id in by_id]


def entries_citing(db: Database, source_id: int) -> dict[str, list[dict[str, Any]]]:
    """Kind -> the entries that cite a source, each with the passage it quotes."""
    cited: dict[str, list[dict[str, Any]]] = {}
    for kind, category in CATEGORIES.items():
        rows = db.query(
            f"""SELECT e.*, e.{category.pk} AS entry_id, c.passage, c.attributed_to
                FROM citations c JOIN {category.table} e ON e.{category.pk} = c.{category.pk}
                WHERE c.source_id = ? AND c.retracted_at IS NULL
                ORDER BY e.date_start DESC, e.{category.pk} DESC""",
            [source_id],
        )
        cited[kind] = [_listed(row, kind) for row in rows]
    return cited


def entry_ids(db: Database, kind: str) -> list[int]:
    """Every id of one category, retracted ones included (for rebuilding the search index)."""
    category = get_category(kind)
    return [row[0] for row in db.execute(f"SELECT {category.pk} FROM {category.table}")]
