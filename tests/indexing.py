"""Helpers for the search tests: entries written through the store, an index in a tmp folder."""

from __future__ import annotations

import archive
import index


def add_abuse(db, source_id: int, title: str, narrative: str = "", **fields) -> int:
    """Store an abuse report citing `source_id` (the store queues it for the index)."""
    passage, victims = fields.pop("passage", "A passage."), fields.pop("victims", ())
    record = {
        "title": title,
        "abuse_type": "enforced_disappearance",
        "narrative": narrative,
        "date_precision": "day",
        "date_start": "2024-03-01",
        "district": "Kech",
        "status": "alleged",
    } | fields
    citation = {"source_id": source_id, "passage": passage}
    return archive.add_entry(db, "abuse", record, [citation], "tester", victims)


def search(ix, db, **params) -> index.SearchResults:
    """Search with the archive's own reference data."""
    results = index.search(ix, index.SearchParams(**params), index.load_reference(db))
    index.snippets(db, results)
    return results


def found(ix, db, **params) -> list[tuple[str, int]]:
    """(kind, id) of every hit shown, category by category."""
    results = search(ix, db, **params)
    return [(hit.kind, hit.entry_id) for hits in results.hits.values() for hit in hits]
