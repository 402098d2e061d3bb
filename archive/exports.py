"""Exports: one category's entries as flat rows, with their citations, for CSV and JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from .categories import ABUSE, get_category
from .dates import describe_date
from .entries import EntryFilters, filters_to_where, get_entry

CONFIDENTIAL_COLUMNS = ("named_victims",)


def export_columns(kind: str, include_confidential: bool) -> list[str]:
    """The columns of an export of `kind`; confidential ones only for cleared readers."""
    category = get_category(kind)
    columns = [category.pk, *category.fields, "date_text", "retraction_reason"]
    columns += ["source_count", "sources", "passages", "attributed_to"]
    if category is ABUSE and include_confidential:
        columns += CONFIDENTIAL_COLUMNS
    columns += ["created_at", "created_by", "updated_at", "updated_by"]
    return columns


def export_entries(
    db: Database, kind: str, filters: EntryFilters, include_confidential: bool = False
) -> Iterator[dict[str, Any]]:
    """Every entry of `kind` matching `filters` (no paging), oldest first, as flat rows."""
    category = get_category(kind)
    where, params = filters_to_where(category, filters)
    ids = db.execute(
        f"SELECT {category.pk} FROM {category.table} WHERE {where} ORDER BY {category.pk}", params
    ).fetchall()
    columns = export_columns(kind, include_confidential)
    for (entry_id,) in ids:
        entry = get_entry(db, kind, entry_id, include_confidential)
        yield {column: _flat(entry, column) for column in columns}


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
    if column == "named_victims":
        return "; ".join(victim["name"] for victim in entry.get("victims", []))
    return entry.get(column)
