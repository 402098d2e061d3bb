"""Exports: one category's entries as flat rows, with their citations and figures as reported,
for CSV and JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from .categories import ABUSE, get_category
from .dates import describe_date
from .entries import (
    EntryFilters,
    citations_by_entry,
    entries_by_ids,
    filters_to_where,
    victims_by_report,
)
from .figures import FIGURE_FIELDS, figures_by_entry

CONFIDENTIAL_COLUMNS = ("named_victims",)
BATCH = 500
# A spreadsheet reads a cell starting with one of these as a formula, which can run commands or
# send the sheet's cells (victims' names) to a web address: OWASP's "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A value as a CSV cell a spreadsheet shows as text: text starting like a formula gets a
    leading single quote (as OWASP recommends); numbers and other text are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_columns(kind: str, include_confidential: bool) -> list[str]:
    """The columns of an export of `kind`; confidential ones only for cleared readers."""
    category = get_category(kind)
    columns = [category.pk, *category.fields, "figures", "date_text", "retraction_reason"]
    columns += ["source_count", "sources", "passages", "attributed_to"]
    if category is ABUSE and include_confidential:
        columns += CONFIDENTIAL_COLUMNS
    columns += ["created_at", "created_by", "updated_at", "updated_by"]
    return columns


def export_count(db: Database, kind: str, filters: EntryFilters) -> int:
    """How many entries an export of `kind` with `filters` holds."""
    category = get_category(kind)
    where, params = filters_to_where(category, filters)
    return db[category.table].count_where(where, params)


def export_entries(
    db: Database,
    kind: str,
    filters: EntryFilters,
    include_confidential: bool = False,
    nested: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every entry of `kind` matching `filters` (no paging), oldest first, as flat rows.

    Figures are plain words ("at least 13 killed (official); 2 injured (media)"), or with
    `nested` (JSON) a list of figures, each with its parts and its words. Read BATCH entries at
    a time, each batch in a few queries, so an export of the whole archive can be streamed
    without holding it in memory.
    """
    category = get_category(kind)
    where, params = filters_to_where(category, filters)
    ids = [
        row[0]
        for row in db.execute(
            f"SELECT {category.pk} FROM {category.table} WHERE {where} ORDER BY {category.pk}",
            params,
        )
    ]
    columns = export_columns(kind, include_confidential)
    for start in range(0, len(ids), BATCH):
        for entry in _entries(db, kind, ids[start : start + BATCH], include_confidential):
            row = {column: _flat(entry, column) for column in columns}
            if nested:
                row["figures"] = [_figure(figure) for figure in entry["figures"]]
            yield row


def _entries(db: Database, kind: str, ids: list[int], include_confidential: bool) -> list[dict]:
    entries = entries_by_ids(db, kind, ids)
    cited = citations_by_entry(db, kind, ids, include_confidential)
    named = victims_by_report(db, ids) if kind == ABUSE.kind and include_confidential else {}
    counted = figures_by_entry(db, kind, ids)
    for entry in entries:
        entry["citations"] = cited[entry["entry_id"]]
        entry["figures"] = counted[entry["entry_id"]]
        entry["source_count"] = len({c["source_id"] for c in entry["citations"]})
        entry["victims"] = named.get(entry["entry_id"], [])
    return entries


def _flat(entry: dict[str, Any], column: str) -> Any:
    citations = entry["citations"]
    if column == "date_text":
        return describe_date(entry["date_precision"], entry["date_start"], entry["date_end"])
    if column == "tags":
        return "; ".join(entry["tags"])
    if column == "sources":
        return " | ".join(f"{c['source_title']} ({c['source_outlet']})" for c in citations)
    if column == "passages":
        return " | ".join(c["passage"] for c in citations)
    if column == "attributed_to":
        return " | ".join(c["attributed_to"] for c in citations)
    if column == "figures":
        return "; ".join(figure["text"] for figure in entry["figures"])
    if column == "named_victims":
        return "; ".join(victim["name"] for victim in entry.get("victims", []))
    return entry.get(column)


def _figure(figure: dict[str, Any]) -> dict[str, Any]:
    return {**{name: figure[name] for name in FIGURE_FIELDS}, "text": figure["text"]}
