"""Keeping the index in step with the archive: the queue drained, rebuilds, checks.

SQLite is the truth. Every write there queues its entry in the same transaction; whoever drains
the queue next (after a request, at start-up, from the CLI) applies it here. One writer at a
time: a writer waits for the lock with a timeout, and when it cannot get it the queue simply
waits for the next drain; a user's save never fails because of the index. A save's commit
merges nothing (merging.py merges in the background). Each entry is indexed once per change: a
rebuild forgets the changes queued before it read the archive, and an import indexes its
entries and the sources it added itself, queueing neither.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database
from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError, FileIndex, LockError
from whoosh.writing import CLEAR, NO_MERGE, SegmentWriter

import archive
import archive.imports
from archive import queue

from . import bulk as bulk_writes
from .analysis import Reference
from .documents import (
    build_document,
    doc_id,
    load_record,
    load_reference,
    type_labels,
)
from .engine.codec import CODEC
from .lookups import delete_indexed
from .schema import SCHEMA_VERSION, build_schema
from .sources import rebuild_sources, update_sources

log = logging.getLogger(__name__)

WRITER_TIMEOUT = 5.0
# An import's bulk indexing waits longer for a save that holds the index.
IMPORT_WRITER_TIMEOUT = 120.0
WRITER_DELAY = 0.05
# A rebuild's processes (bulk.py); an import's indexing uses Whoosh's own several processes.
BULK_OPTIONS = {"procs": 2}
BULK_THRESHOLD = 2000
SEGMENT_ENTRIES = 10_000
# Opening the index reads its newest table of contents, which a commit elsewhere may delete.
OPEN_ATTEMPTS = 10


def open_index(path: str | Path) -> FileIndex:
    """Open the index at `path`; create an empty one if there is none or it has old fields.

    An empty index is filled again from the store by `rebuild_if_behind` (the store is the
    truth, so nothing is lost by starting the index afresh).
    """
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    version = path / "gawahi-schema-version"
    if version.exists() and version.read_text().strip() == SCHEMA_VERSION:
        with contextlib.suppress(EmptyIndexError):
            return _open_dir(path)
    # Not `exists_in`: it reads the old index's schema, whose classes may be gone from our code.
    if any(path.glob("*.toc")):
        log.warning("The search index has an older layout: it is made again from the archive")
    ix = whoosh_index.create_in(str(path), build_schema())
    version.write_text(SCHEMA_VERSION)
    return ix


def _open_dir(path: Path) -> FileIndex:
    """Whoosh's open_dir, again when a commit (another process saving) deleted the generation
    it had just found: that commit has already written the next one, so no wait is needed."""
    for _ in range(OPEN_ATTEMPTS - 1):
        with contextlib.suppress(FileNotFoundError):
            return whoosh_index.open_dir(str(path))
    return whoosh_index.open_dir(str(path))


def rebuild_if_behind(ix: FileIndex, db: Database, **options) -> int:
    """Rebuild when the index holds fewer documents than the archive has entries (a new or
    emptied index); returns how many were indexed (0 when it was in step)."""
    expected = sum(db[category.table].count for category in archive.CATEGORIES.values())
    with ix.searcher() as searcher:
        indexed = searcher.doc_count()
    if indexed >= expected:
        return 0
    log.info("Indexing %d entries from the archive (the index held %d)", expected, indexed)
    return rebuild(ix, db, **options)


def apply_pending(
    ix: FileIndex,
    db: Database,
    ref: Reference | None = None,
    timeout: float = WRITER_TIMEOUT,
    sources_ix: FileIndex | None = None,
) -> int:
    """Apply every queued change to the index (and, given `sources_ix`, queued sources to the
    sources' index); returns how many were applied.

    Returns 0 and leaves the queue for later when another writer holds a lock past `timeout`.
    Both indexes are committed before the queue forgets a change, so a crash between them
    leaves it queued and it is applied again (applying twice changes nothing).
    """
    applied = 0
    while queue.pending_count(db):
        try:
            with _writer(ix, timeout) as writer:
                # Read the queue and the records only once holding the lock, so what is
                # written is never older than what another writer wrote before us.
                items = queue.pending(db)
                ref = ref or load_reference(db)
                _update(writer, db, ref, _entries_to_index(db, items))
                if sources_ix is not None:
                    _update_sources(sources_ix, db, ref, items, timeout)
        except LockError:
            log.info("Index busy: %d changes left queued for later", queue.pending_count(db))
            return applied
        queue.mark_applied(db, [item["queue_id"] for item in items])
        applied += len(items)
    return applied


@contextlib.contextmanager
def _writer(
    ix: FileIndex, timeout: float, codec=CODEC, mergetype=NO_MERGE, **options
) -> Iterator[SegmentWriter]:
    """A writer holding `ix`'s lock, committed when the block ends (merging nothing unless
    `mergetype` says so: merging.py merges in the background), cancelled when it fails.

    Raises LockError when another writer holds the lock past `timeout`.
    """
    writer = ix.writer(codec=codec, timeout=timeout, delay=WRITER_DELAY, **options)
    try:
        yield writer
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=mergetype)


def _update_sources(sources_ix, db: Database, ref: Reference, items, timeout: float) -> None:
    """Index the queued sources and commit (LockError when the sources' index is busy)."""
    source_ids = {item["doc_id"] for item in items if item["doc_kind"] == "source"}
    if source_ids:
        with _writer(sources_ix, timeout, codec=None) as writer:
            update_sources(writer, db, source_ids, ref)


def _entries_to_index(db: Database, items: list[dict]) -> set[tuple[str, int]]:
    """The entries queued changes touch: a changed source touches every entry citing it."""
    keys = set()
    for item in items:
        if item["doc_kind"] == "source":
            for kind, entries in archive.entries_citing(db, item["doc_id"]).items():
                keys.update((kind, entry["entry_id"]) for entry in entries)
        else:
            keys.add((item["doc_kind"], item["doc_id"]))
    return keys


def _update(writer, db: Database, ref: Reference, keys: Iterable[tuple[str, int]]) -> None:
    """Replace the entries' documents: their versions indexed so far go, their current ones
    (none for an entry the archive no longer has) come in."""
    labels = type_labels(db)
    keys = sorted(keys)
    delete_indexed(writer, [doc_id(kind, entry_id) for kind, entry_id in keys])
    for kind, entry_id in keys:
        try:
            record = load_record(db, kind, entry_id, labels)
        except archive.NotFound:
            continue
        writer.add_document(**build_document(record, ref))


def all_entry_keys(db: Database) -> list[tuple[str, int]]:
    """(kind, id) of every entry in the archive, retracted ones included."""
    return [
        (kind, entry_id) for kind in archive.CATEGORIES for entry_id in archive.entry_ids(db, kind)
    ]


def rebuild(
    ix: FileIndex,
    db: Database,
    progress: Callable[[int], None] | None = None,
    bulk: dict | None = None,
) -> int:
    """Replace the index's contents with every entry in the archive (in parts, as
    `_write_in_parts` writes them; the first part's commit drops what the index held before);
    returns how many."""
    covered = queue.last_queue_id(db)  # every change queued so far is read below
    keys = all_entry_keys(db)
    _write_in_parts(ix, db, keys, bulk, progress, first_merge=CLEAR)
    # Queued sources stay queued: the next drain applies them to the sources' index too
    # (rebuild_all rebuilds that index as well and forgets them).
    queue.mark_applied_through(db, covered, queue.ENTRY_KINDS)
    return len(keys)


def _write_in_parts(
    ix: FileIndex,
    db: Database,
    keys: list[tuple[str, int]],
    bulk: dict | None,
    progress: Callable[[int], None] | None,
    first_merge: Callable = NO_MERGE,
    timeout: float = WRITER_TIMEOUT,
) -> None:
    """Write the entries `keys` names in parts of SEGMENT_ENTRIES, each committed on its own
    (bounding the postings held in memory, bulk.py), replacing what the index holds of them;
    with `bulk` {"procs": n}, n processes write a slice of each part side by side. The first
    part commits with `first_merge` (CLEAR drops what the index held before)."""
    ref, labels = load_reference(db), type_labels(db)
    if bulk is None:  # several processes pay off only when there is much to index
        bulk = BULK_OPTIONS if len(keys) >= BULK_THRESHOLD else {}
    db_file = bulk_writes.database_file(db)
    procs = bulk.get("procs", 1) if db_file else 1
    with bulk_writes.helpers(procs - 1) as helpers:
        for number, start in enumerate(range(0, max(len(keys), 1), SEGMENT_ENTRIES)):
            part = keys[start : start + SEGMENT_ENTRIES]
            merge = first_merge if number == 0 else NO_MERGE
            slices = [part[at::procs] for at in range(procs)] if helpers else [part]
            futures: list = []
            policy = bulk_writes.keeping(merge, futures)
            with _writer(ix, timeout, mergetype=policy) as writer:
                # Helpers start only once the lock is held: their segment files sit in the
                # index folder unlisted until this commit, and any other writer's commit
                # would clear them away (and they read the entries the lock keeps current).
                folder, name = ix.storage.folder, ix.indexname
                futures.extend(
                    bulk_writes.write_apart(helpers, db_file, folder, name, piece)
                    for piece in slices[1:]
                )
                if merge is not CLEAR:  # an entry indexed before is written again
                    delete_indexed(writer, [doc_id(*key) for key in part])
                bulk_writes.in_memory(writer)
                bulk_writes.add_entries(writer, db, slices[0], ref, labels, progress)
                for future, piece in zip(futures, slices[1:], strict=True):
                    future.result()
                    if progress:
                        progress(len(piece))


def rebuild_all(
    ix: FileIndex,
    sources_ix: FileIndex,
    db: Database,
    progress: Callable[[int], None] | None = None,
    bulk: dict | None = None,
) -> tuple[int, int]:
    """Rebuild the entries' index and the sources'; returns (entries, sources) indexed. Every
    change queued before is covered and forgotten, so no drain indexes anything again."""
    covered = queue.last_queue_id(db)
    entries = rebuild(ix, db, progress=progress, bulk=bulk)
    sources = rebuild_sources(sources_ix, db)
    queue.mark_applied_through(db, covered)
    return entries, sources


def index_run(
    ix: FileIndex,
    db: Database,
    run_id: int,
    *,
    sources_ix: FileIndex,
    progress: Callable[[int], None] | None = None,
    bulk: dict | None = None,
) -> int:
    """Index the entries an import run created or updated, in bulk, and the sources it added,
    then mark the run done; returns how many entries. Safe to run again after a crash: an
    entry already indexed is replaced, a source already indexed is left alone."""
    keys = archive.imports.run_entries(db, run_id)
    if keys:
        _write_in_parts(ix, db, keys, bulk, progress, timeout=IMPORT_WRITER_TIMEOUT)
    ref = load_reference(db)
    _add_sources(sources_ix, db, archive.imports.run_sources(db, run_id), ref)
    archive.imports.finish_run(db, run_id)
    return len(keys)


def _add_sources(sources_ix: FileIndex, db: Database, source_ids: list[int], ref) -> None:
    """Index the sources the sources' index does not hold yet (an import's new ones)."""
    with sources_ix.reader() as reader:
        new = {source_id for source_id in source_ids if ("doc_id", str(source_id)) not in reader}
    if not new:
        return
    with _writer(sources_ix, IMPORT_WRITER_TIMEOUT, codec=None) as writer:
        update_sources(writer, db, new, ref)


@dataclass(frozen=True)
class CheckReport:
    """What differs between the archive and the index."""

    expected: int
    indexed: int
    missing: list[str]
    extra: list[str]
    duplicated: list[str]
    pending: int
    # Kind -> (entries in the archive, documents in the index).
    per_kind: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Entries whose change is still queued: not yet in step, but not out of step either.
    queued: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        """True when every entry is indexed exactly once and nothing else is."""
        return not (self.missing or self.extra or self.duplicated)

    def problems(self) -> list[str]:
        """Each entry the index lacks, holds twice, or holds though the archive does not, in
        words; entries whose change is still queued are left to the queue."""
        said = []
        for key in self.missing:
            if key not in self.queued:
                said.append(f"{_entry_label(key)} is not in the search index")
        for key in self.extra:
            if key not in self.queued:
                said.append(f"the search index holds {_entry_label(key)}, not in the archive")
        for key in self.duplicated:
            said.append(f"{_entry_label(key)} is in the search index more than once")
        return said


def _entry_label(key: str) -> str:
    kind, _, entry_id = key.partition(":")
    category = archive.CATEGORIES.get(kind)
    return f"{category.label.lower()} {entry_id}" if category else f"document {key}"


def check(ix: FileIndex, db: Database) -> CheckReport:
    """Compare the index with the archive: every entry indexed once, nothing extra."""
    keys = all_entry_keys(db)
    expected = {doc_id(kind, entry_id) for kind, entry_id in keys}
    with ix.searcher() as searcher:
        counted = Counter(fields["doc_id"] for fields in searcher.all_stored_fields())
    per_kind = {
        kind: (
            sum(1 for key_kind, _ in keys if key_kind == kind),
            sum(n for key, n in counted.items() if key.partition(":")[0] == kind),
        )
        for kind in archive.CATEGORIES
    }
    queued = frozenset(
        doc_id(item["doc_kind"], item["doc_id"])
        for item in queue.pending(db, limit=1_000_000)
        if item["doc_kind"] in archive.CATEGORIES
    )
    return CheckReport(
        expected=len(expected),
        indexed=sum(counted.values()),
        missing=sorted(expected - set(counted)),
        extra=sorted(set(counted) - expected),
        duplicated=sorted(key for key, n in counted.items() if n > 1),
        pending=queue.pending_count(db),
        per_kind=per_kind,
        queued=queued,
    )
