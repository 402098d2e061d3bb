"""The store: the only code that speaks SQL.

It knows no request, no Whoosh and no WTForms, so a CLI, an importer or an API can use it as well
as the web. Every function takes the database handle first; every write is one transaction that
also records a revision and queues the change for the search index.
"""

from . import import_files, imports, mappings
from .categories import (
    ABUSE,
    CATEGORIES,
    CLAIM,
    CLAIM_MEDIUMS,
    OFFICIAL_RESPONSES,
    STATUS_LABELS,
    Category,
    get_category,
)
from .dates import PRECISIONS, describe_date
from .db import open_db, utc_now, write_transaction
from .duplicates import LikelyDuplicate, likely_duplicates, similar_sources
from .entries import (
    EntryFilters,
    add_citation,
    add_entry,
    citations_by_entry,
    entries_by_ids,
    entries_citing,
    entry_ids,
    get_entry,
    list_entries,
    remove_citation,
    retract_entry,
    update_entry,
    victims_by_report,
)
from .errors import (
    ArchiveError,
    DuplicateSource,
    InvalidRecord,
    MissingCitation,
    NotFound,
    TokenRefused,
    TokenThrottled,
    UnknownCategory,
)
from .fates import (
    FATES,
    STILL_MISSING,
    current_statuses,
    record_fate,
    retract_fate,
    victim_labels,
    victims_with_fates,
)
from .figures import FIGURE_KINDS, GIVERS, QUALIFIERS, figures_by_entry
from .links import (
    LINK_TYPES,
    RELATION_LABELS,
    add_link,
    links_by_entry,
    links_of,
    remove_link,
)
from .migrations import migrate
from .reference import seed_reference_data
from .revisions import history
from .source_list import (
    SourceFilters,
    count_uncited,
    list_sources,
    listed_source_ids,
    source_outlets,
)
from .source_merges import merge_sources, retract_source
from .sources import (
    SourceFile,
    SourceText,
    add_source,
    find_duplicate,
    find_sources,
    get_source,
    get_source_file,
    set_source_text,
    source_ids,
    source_text,
    sources_by_ids,
    sources_for_index,
    sources_to_read,
    text_of,
    update_source,
)
from .submissions import find_submission, submit_once


def prepare(db) -> None:
    """Bring a database up to date: migrations, then reference data for empty lists."""
    migrate(db)
    seed_reference_data(db)
    mappings.install_shipped(db)


def is_empty(db) -> bool:
    """True when the archive holds no source and no entry."""
    return not any(db[table].count for table in ("sources", "abuse_reports", "attack_claims"))


__all__ = [name for name in dir() if not name.startswith("_")]
