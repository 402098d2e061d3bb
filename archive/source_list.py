"""The list of sources: words in the title, outlet or web address, filters and pages, each
source with how many live (not retracted) entries cite it.

Filters become a WHERE clause with parameters in one pure function, tested as a table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

CITED_CHOICES = ("cited", "uncited")
LISTED = "s.merged_into IS NULL AND s.retracted_at IS NULL"
# The citations of source `s` made by entries that are not retracted.
LIVE_CITATIONS = """FROM citations c
    LEFT JOIN abuse_reports r ON r.report_id = c.report_id
    LEFT JOIN attack_claims a ON a.claim_id = c.claim_id
    WHERE c.source_id = s.source_id AND c.retracted_at IS NULL
        AND coalesce(r.status, a.status) != 'retracted'"""


@dataclass
class SourceFilters:
    """What a list of sources is narrowed to; empty values mean no narrowing.

    `cited` is "cited" (by at least one live entry), "uncited" (by none: the documentation
    backlog) or "" for both.
    """

    text: str = ""
    outlet: str = ""
    source_type: str = ""
    published_from: str = ""
    published_to: str = ""
    cited: str = ""


def escape_like(text: str) -> str:
    """`text` with LIKE's wildcards taken literally (used with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filters_to_where(
    filters: SourceFilters, include_confidential: bool = False
) -> tuple[str, list[Any]]:
    """The WHERE clause (on sources as `s`) and its parameters; confidential sources only when
    the reader is cleared for them."""
    clauses, params = [], []
    if not include_confidential:
        clauses.append("s.confidential = 0")
    if filters.text.strip():
        like = f"%{escape_like(filters.text.strip())}%"
        columns = ("s.title", "s.outlet", "s.url")
        clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")")
        params += [like] * len(columns)
    for column, value in (("s.outlet", filters.outlet), ("s.source_type", filters.source_type)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if filters.published_from:
        clauses.append("s.published >= ?")
        params.append(filters.published_from)
    if filters.published_to:
        clauses.append("s.published <= ?")
        params.append(filters.published_to)
    if filters.cited in CITED_CHOICES:
        negation = "NOT " if filters.cited == "uncited" else ""
        clauses.append(f"{negation}EXISTS (SELECT 1 {LIVE_CITATIONS})")
    # Merged-away and retracted sources leave the list; their pages stay.
    clauses.append(LISTED)
    return " AND ".join(clauses), params


def list_sources(
    db: Database,
    page: int = 1,
    per_page: int = 50,
    include_confidential: bool = False,
    filters: SourceFilters | None = None,
) -> tuple[list[dict], int]:
    """A page of sources, newest first, each with `cited_by` (live entries citing it); and
    the total that match."""
    where, params = filters_to_where(filters or SourceFilters(), include_confidential)
    offset = (max(page, 1) - 1) * per_page
    rows = db.query(
        f"""SELECT s.source_id, s.title, s.outlet, s.url, s.published, s.source_type,
                  s.language, s.confidential,
                  (SELECT count(DISTINCT c.report_id) + count(DISTINCT c.claim_id)
                   {LIVE_CITATIONS}) AS cited_by
           FROM sources s WHERE {where} ORDER BY s.source_id DESC LIMIT ? OFFSET ?""",
        [*params, per_page, offset],
    )
    total = db.execute(f"SELECT count(*) FROM sources s WHERE {where}", params).fetchone()[0]
    return list(rows), total


def source_outlets(db: Database, include_confidential: bool = False) -> list[str]:
    """Every outlet named by a source this reader may see, alphabetically (for the filter)."""
    hidden = "" if include_confidential else " AND confidential = 0"
    rows = db.execute(
        f"SELECT DISTINCT outlet FROM sources WHERE outlet != '' AND merged_into IS NULL"
        f" AND retracted_at IS NULL{hidden}"
        " ORDER BY outlet COLLATE NOCASE"
    )
    return [row[0] for row in rows]


def count_uncited(db: Database, include_confidential: bool = False) -> int:
    """How many sources no live entry cites yet: the documentation backlog."""
    return list_sources(db, 1, 0, include_confidential, SourceFilters(cited="uncited"))[1]


def listed_source_ids(
    db: Database,
    include_confidential: bool = False,
    filters: SourceFilters | None = None,
    among: list[int] | None = None,
) -> dict[int, str | None]:
    """Source id -> publication date of every listed source this reader may see that matches
    `filters` (and, given `among`, is one of those): what a search of sources may show,
    decided here from the store."""
    where, params = filters_to_where(filters or SourceFilters(), include_confidential)
    if among is not None:  # the sources a search matched: only they are looked up
        where += " AND s.source_id IN (SELECT value FROM json_each(?))"
        params = [*params, json.dumps(among)]
    rows = db.execute(f"SELECT s.source_id, s.published FROM sources s WHERE {where}", params)
    return dict(rows.fetchall())
