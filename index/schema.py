"""The index's schema: lean on purpose.

Only the document id is stored. Text fields are indexed, never stored: snippets are highlighted
from the text read back from the archive for the page shown. Facet and sort fields are columns.
"""

from __future__ import annotations

from whoosh import fields

from .analysis import text_analyzer

# Searchable text, with the weight a match in each counts for (BM25F).
TEXT_FIELDS = {"title": 3.0, "body": 1.0, "passages": 1.5, "sources": 1.0, "aliases": 0.5}
# Fields whose text a snippet can be cut from, in the order tried.
SNIPPET_FIELDS = ("body", "passages", "sources", "title")
# Facets: field -> whether an entry can hold several values.
FACETS = {
    "kind": False,
    "entry_type": False,
    "district": False,
    "group": True,
    "perpetrator": False,
    "status": False,
    "outlet": True,
    "year": False,
}
UNKNOWN_DATE = 0
LAST_DATE = 99991231


def build_schema() -> fields.Schema:
    """A fresh schema (each index holds its own pickled copy)."""
    analyzer = text_analyzer()
    text = {
        name: fields.TEXT(analyzer=analyzer, field_boost=boost, spelling=name != "aliases")
        for name, boost in TEXT_FIELDS.items()
    }
    keyword = {"commas": True, "scorable": False, "sortable": True}
    facet_fields = {
        name: fields.KEYWORD(**keyword) if several else fields.ID(sortable=True)
        for name, several in FACETS.items()
    }
    dates = {
        "date_start": fields.NUMERIC(int, bits=32, sortable=True),  # 0 when unknown
        "date_end": fields.NUMERIC(int, bits=32),
        "date_oldest": fields.NUMERIC(int, bits=32, sortable=True),  # 99991231 when unknown
    }
    return fields.Schema(
        doc_id=fields.ID(unique=True, stored=True), **text, **facet_fields, **dates
    )
