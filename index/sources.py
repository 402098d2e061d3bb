"""Sources in the search index: an index of their own, beside the entries' (same folder, its own
name), so searching sources never touches the entries' counts, facets or speed.

Each source is one document: its title and outlet, and its text (the pasted text, else the text
read from its file: `archive.text_of`). Nothing decides visibility here: which sources a reader
may see (confidential ones only for those cleared, not merged away or retracted, not yet cited)
is read from the store at each search (`archive.listed_source_ids`), so a change the index has
not applied yet never shows a source to someone who may not see it. Snippets are cut from the
text read back from the store for the page shown.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sqlite_utils import Database
from whoosh import fields, query
from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, FileIndex
from whoosh.writing import CLEAR

import archive

from .analysis import Reference
from .documents import load_reference
from .highlighting import SNIPPET_CHARS, QueryTerms, highlight, query_terms
from .querying import PER_PAGE, SearchParams, parse_text
from .schema import TEXT_FIELDS

log = logging.getLogger(__name__)

INDEX_NAME = "SOURCES"
# Bump when the fields or what they hold change: an index of another version is rebuilt.
SOURCE_SCHEMA_VERSION = "1"
VERSION_FILE = "gawahi-sources-schema-version"
WRITER_TIMEOUT = 5.0
WRITER_DELAY = 0.05
OPEN_ATTEMPTS = 10
# A snippet is looked for in the first paragraphs of a long text only (a PDF of 1,000 pages).
SNIPPET_PARAGRAPHS = 400
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def build_source_schema() -> fields.Schema:
    """A fresh schema for the sources' index."""
    from .analysis import text_analyzer

    analyzer = text_analyzer()
    text = {
        name: fields.TEXT(analyzer=analyzer, field_boost=boost)
        for name, boost in TEXT_FIELDS.items()
    }
    return fields.Schema(doc_id=fields.ID(unique=True, stored=True), **text)


def open_source_index(path: str | Path) -> FileIndex:
    """Open the sources' index in the index folder `path`; a new, empty one when there is none
    or it is of another version (`rebuild_sources_if_behind` fills it from the store)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    version = path / VERSION_FILE
    if version.exists() and version.read_text().strip() == SOURCE_SCHEMA_VERSION:
        with contextlib.suppress(EmptyIndexError):
            return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    ix = whoosh_index.create_in(str(path), build_source_schema(), indexname=INDEX_NAME)
    version.write_text(SOURCE_SCHEMA_VERSION)
    return ix


def source_document(source: dict, ref: Reference) -> dict[str, str]:
    """The fields indexed for one source (from `archive.sources_for_index`)."""
    text = source["text"] or ""
    heading = f"{source['title']}\n{source['outlet'] or ''}"
    # Other names of the actors and places it mentions: BLA finds Baloch Liberation Army.
    aliases = ref.expansions(f"{heading}\n{text}")
    return {
        "doc_id": str(source["source_id"]),
        "title": heading,
        "text": "\n".join([text, *aliases]),
    }


def update_sources(writer, db: Database, source_ids: set[int], ref: Reference) -> None:
    """Index these sources as the store holds them now (a source gone from it is removed)."""
    rows = archive.sources_for_index(db, sorted(source_ids))
    for source_id in set(source_ids) - {row["source_id"] for row in rows}:
        writer.delete_by_term("doc_id", str(source_id))
    for row in rows:
        writer.update_document(**source_document(row, ref))


def add_sources(writer, db: Database, source_ids: set[int], ref: Reference) -> None:
    """Index these sources, none of which the index holds yet, into `writer`: no older version
    is looked for, as `update_sources` does for each. Whoosh's own writer adds them: the
    sources' text fields keep Whoosh's position format, which the rebuild's arrays of term
    numbers (bulk.py, written for the entries' `ArrayPositions`) would not encode."""
    ids = sorted(source_ids)
    for start in range(0, len(ids), 500):
        for row in archive.sources_for_index(db, ids[start : start + 500]):
            writer.add_document(**source_document(row, ref))


def rebuild_sources(six: FileIndex, db: Database) -> int:
    """Replace the sources' index with every source in the store; returns how many."""
    ref, ids = load_reference(db), archive.source_ids(db)
    writer = six.writer(timeout=WRITER_TIMEOUT, delay=WRITER_DELAY)
    try:
        for start in range(0, len(ids), 500):
            for row in archive.sources_for_index(db, ids[start : start + 500]):
                writer.add_document(**source_document(row, ref))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)
    return len(ids)


def rebuild_sources_if_behind(six: FileIndex, db: Database) -> int:
    """Rebuild when the index holds fewer sources than the store (new or emptied)."""
    with six.searcher() as searcher:
        indexed = searcher.doc_count()
    if indexed >= db["sources"].count:
        return 0
    log.info("Indexing %d sources from the archive", db["sources"].count)
    return rebuild_sources(six, db)


def check_sources(six: FileIndex, db: Database) -> tuple[list[str], list[str], list[str]]:
    """(missing, extra, indexed twice): source ids the index does not hold exactly once (a
    source still queued for the index is not missing: the next drain applies it)."""
    expected = {str(source_id) for source_id in archive.source_ids(db)}
    with six.searcher() as searcher:
        counted = Counter(stored["doc_id"] for stored in searcher.all_stored_fields())
    queued = {
        str(item["doc_id"])
        for item in archive.queue.pending(db, limit=1_000_000)
        if item["doc_kind"] == "source"
    }
    return (
        sorted(expected - set(counted) - queued, key=int),
        sorted(set(counted) - expected, key=int),
        sorted((key for key, n in counted.items() if n > 1), key=int),
    )


@dataclass
class SourceHit:
    """One matching source: its row (title, outlet, date...) and highlighted snippet."""

    source: dict
    snippet: Markup = field(default_factory=Markup)


@dataclass
class SourceResults:
    """A page of matching sources, how many match in all, and the page asked for."""

    hits: list[SourceHit]
    count: int
    page: int
    per_page: int = PER_PAGE

    def pages(self) -> int:
        """How many pages of sources match."""
        return max(1, -(-self.count // self.per_page)) if self.per_page else 1


def search_sources(
    six: FileIndex,
    db: Database,
    params: SearchParams,
    include_confidential: bool = False,
    uncited: bool = False,
    searcher: Any = None,
    ref: Reference | None = None,
) -> SourceResults:
    """Sources matching `params.q` (and its publication dates and outlet) that this reader may
    see, best or newest first; QueryError when the words cannot be understood. `searcher`: one
    kept open by the caller (else one is opened and closed here)."""
    filters = archive.SourceFilters(
        outlet=params.outlet, published_from=params.date_from, published_to=params.date_to,
        cited="uncited" if uncited else "",
    )  # fmt: skip
    with _opened(six, searcher) as s:
        parsed = parse_text(params.q, ref or load_reference(db), s.schema)
        if not params.per_page and not isinstance(parsed, query.Every):
            # Only a count (an entries tab): only the sources matched are looked up.
            docs = s.docs_for_query(parsed)
            matched = sorted({int(s.stored_fields(docnum)["doc_id"]) for docnum in docs})
            # Most words are in no source: then nothing needs asking the archive.
            allowed = archive.listed_source_ids(db, include_confidential, filters, matched) if (
                matched) else []  # fmt: skip
            return SourceResults([], len(allowed), max(params.page, 1), params.per_page)
        allowed = archive.listed_source_ids(db, include_confidential, filters)
        ranked = _ranked(s, parsed, allowed, params.sort)
    first = (max(params.page, 1) - 1) * params.per_page
    shown = ranked[first : first + params.per_page]
    rows = {row["source_id"]: row for row in archive.sources_for_index(db, shown)}
    listed = archive.sources_by_ids(db, shown)
    terms = query_terms(parsed)
    hits = [
        SourceHit(listed[source_id], source_snippet(rows[source_id], terms)) for source_id in shown
    ]
    return SourceResults(hits, len(ranked), max(params.page, 1), params.per_page)


@contextlib.contextmanager
def _opened(six: FileIndex, searcher: Any) -> Iterator[Any]:
    """The caller's searcher, or one opened for this search and closed after it."""
    if searcher is not None:
        yield searcher
        return
    with _searcher(six) as opened:
        yield opened


def open_source_searcher(six: FileIndex) -> Any:
    """A searcher of the sources' newest generation, for a caller to keep and close."""
    return _searcher(six)


def _searcher(six: FileIndex):
    """A searcher of the newest generation; again when a commit (a source saved at that moment)
    deleted the generation just found, as `writing._open_dir` does for the entries' index."""
    for _ in range(OPEN_ATTEMPTS - 1):
        with contextlib.suppress(FileNotFoundError):
            return six.searcher()
    return six.searcher()


def _ranked(searcher, parsed: query.Query, allowed: dict, sort: str) -> list[int]:
    """The allowed sources the query matches: by score, or by publication date."""
    if isinstance(parsed, query.Every):
        matched = list(allowed)
        sort = "oldest" if sort == "oldest" else "newest"
    else:
        results = searcher.search(parsed, limit=None)
        matched = [int(hit["doc_id"]) for hit in results]
        matched = [source_id for source_id in matched if source_id in allowed]
    if sort in ("newest", "oldest"):
        # Undated sources last either way; among the same date, the latest saved first.
        dated = sorted(matched, key=lambda source_id: -source_id)
        dated.sort(key=lambda source_id: allowed[source_id] or "", reverse=sort == "newest")
        if sort == "oldest":
            dated.sort(key=lambda source_id: allowed[source_id] is None)
        return dated
    return matched


def source_snippet(source: dict, terms: QueryTerms) -> Markup:
    """The first paragraph of the source's text that holds a searched word, the words marked
    and the rest escaped; else its title; else the start of its text."""
    for paragraph in PARAGRAPH_BREAK.split(source["text"] or "")[:SNIPPET_PARAGRAPHS]:
        marked = highlight(paragraph, terms)
        if marked:
            return marked
    start = source["text"] or ""
    return escape(start[:SNIPPET_CHARS]) + ("…" if len(start) > SNIPPET_CHARS else "")
