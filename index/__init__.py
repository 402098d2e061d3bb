"""The search index: the only code that imports Whoosh.

It builds its documents from records the archive hands it, and answers searches with ids,
counts, facets and snippets. The index is derived: `rebuild` makes it again from the archive.
Every function takes the index handle (`ix`) first.
"""

from .analysis import Reference, analyze, fold, text_analyzer
from .documents import (
    build_document,
    doc_id,
    entry_texts,
    load_record,
    load_records,
    load_reference,
    type_labels,
)
from .engine.generation import warm
from .highlighting import QueryTerms, highlight, query_terms, snippet
from .merging import SEGMENTS_BOUND, Merger, MergeReport, merge_until_bounded, segment_sizes
from .querying import PER_PAGE, SORTS, BuiltQuery, QueryError, SearchParams, build_query
from .schema import FACETS, SCHEMA_VERSION, build_schema
from .searching import Hit, SearchResults, search, snippets
from .sources import (
    SourceHit,
    SourceResults,
    check_sources,
    open_source_index,
    open_source_searcher,
    rebuild_sources,
    rebuild_sources_if_behind,
    search_sources,
)
from .tallying import Tally, tally
from .writing import (
    BULK_OPTIONS,
    CheckReport,
    RunIndexer,
    apply_pending,
    check,
    import_helpers,
    index_run,
    open_index,
    rebuild,
    rebuild_all,
    rebuild_if_behind,
)


def whoosh_version() -> str:
    """The version of the Whoosh distribution in use (whoosh3, pinned)."""
    import whoosh

    return whoosh.versionstring()


def is_current(searcher) -> bool:
    """Whether a searcher still sees the latest committed index (never `refresh()` one)."""
    return searcher.up_to_date()


def latest_generation(ix) -> int:
    """The number of an index's newest committed generation (one folder listing; each commit,
    in any process, makes a new one)."""
    return ix.latest_generation()


def _keep_old_module_paths() -> None:
    """Indexes written before the engine moved to index/engine/ name its classes by their old
    paths (Whoosh pickles the schema and the segments into each table of contents): those
    paths still lead to the same modules. Can go when SCHEMA_VERSION next changes (every index
    is then made again, its old table of contents never read)."""
    import importlib
    import sys

    for old in ("codec", "mapped", "phrases"):
        sys.modules.setdefault(
            f"{__name__}.{old}", importlib.import_module(f".engine.{old}", __name__)
        )


_keep_old_module_paths()

__all__ = [name for name in dir() if not name.startswith("_")]
