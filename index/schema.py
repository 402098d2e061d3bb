"""The index's schema: lean on purpose.

Only the document id is stored. Text fields are indexed, never stored: snippets are highlighted
from the text read back from the archive for the page shown. Facet and sort fields are columns.
Text fields keep word positions for phrases, as arrays our codec stores apart from what every
other search reads (engine/phrases.py, engine/codec.py).
"""

from __future__ import annotations

from whoosh import analysis, fields

from .analysis import text_analyzer
from .engine.phrases import ArrayPositions

# Bump when the fields, what they hold, or the postings layout (engine/codec.py) change: an index of
# another version is rebuilt from the store. (9: actors' names expanded, groups only of claims;
# 10: victims' current statuses, public victims' names.)
SCHEMA_VERSION = "10"
# Searchable text, with the weight a match in each counts for (BM25F). Two fields, not one per
# kind of text: every word typed is looked up once per field, and fewer fields index faster.
TEXT_FIELDS = {"title": 3.0, "text": 1.0}
# Facets: field -> whether an entry can hold several values.
FACETS = {
    "kind": False,
    "entry_type": False,
    "district": False,
    "group": True,
    "perpetrator": False,
    "status": False,
    "fate": True,  # abuse reports: each named victim's current status (archive/fates.py)
    "outlet": True,
    "year": False,
}
UNKNOWN_DATE = 0
LAST_DATE = 99991231


def build_schema() -> fields.Schema:
    """A fresh schema (each index holds its own pickled copy)."""
    analyzer = text_analyzer()
    # No separate spelling field: "did you mean" reads the stemmed words, at half the cost.
    text = {name: _text_field(analyzer, boost) for name, boost in TEXT_FIELDS.items()}
    keyword = {"commas": True, "scorable": False, "sortable": True}
    facet_fields = {
        name: fields.KEYWORD(**keyword) if several else fields.ID(sortable=True)
        for name, several in FACETS.items()
    }
    dates = {
        "date_start": fields.NUMERIC(int, bits=32, sortable=True),  # 0 when unknown
        "date_end": fields.NUMERIC(int, bits=32, sortable=True),  # a column, for date filters
        "date_oldest": fields.NUMERIC(int, bits=32, sortable=True),  # 99991231 when unknown
    }
    return fields.Schema(
        doc_id=fields.ID(unique=True, stored=True),
        **text,
        **facet_fields,
        **dates,
    )


def _text_field(analyzer: analysis.Analyzer, boost: float) -> fields.TEXT:
    field = fields.TEXT(analyzer=analyzer, field_boost=boost)
    field.format = ArrayPositions(field_boost=boost)
    return field
