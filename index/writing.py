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
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor, wait
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
from .sources import add_sources, rebuild_sources, update_sources

log = logging.getLogger(__name__)

WRITER_TIMEOUT = 5.0
# An import's bulk indexing waits longer for a save that holds the index.
IMPORT_WRITER_TIMEOUT = 120.0
WRITER_DELAY = 0.05
# A rebuild's processes (bulk.py); an import's indexing uses Whoosh's own several processes.
BULK_OPTIONS = {"procs": 2}
BULK_THRESHOLD = 2000
SEGMENT_ENTRIES = 10_000
# How often an import's helper looks whether the process that started it is still there.
PARENT_CHECK_SECONDS = 1.0
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
    pool: ProcessPoolExecutor | None = None,
    alongside: Callable[[], None] | None = None,
) -> None:
    """Write the entries `keys` names in parts of SEGMENT_ENTRIES, each committed on its own
    (bounding the postings held in memory, bulk.py), replacing what the index holds of them;
    with `bulk` {"procs": n}, n processes write a slice of each part side by side (the helpers
    of `pool` when one is given, already started). The first part commits with `first_merge`
    (CLEAR drops what the index held before). `alongside` is run once by this process while
    the helpers write the first part's slices (or before it, without helpers)."""
    ref, labels = load_reference(db), type_labels(db)
    if bulk is None:  # several processes pay off only when there is much to index
        bulk = BULK_OPTIONS if len(keys) >= BULK_THRESHOLD else {}
    db_file = bulk_writes.database_file(db)
    procs = bulk.get("procs", 1) if db_file else 1
    with _helpers(procs - 1, pool) as helpers:
        for number, start in enumerate(range(0, max(len(keys), 1), SEGMENT_ENTRIES)):
            part = keys[start : start + SEGMENT_ENTRIES]
            merge = first_merge if number == 0 else NO_MERGE
            slices = _slices(part, procs, bool(alongside)) if helpers else [part]
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
                if alongside:
                    alongside()
                    alongside = None
                if merge is not CLEAR:  # an entry indexed before is written again
                    delete_indexed(writer, [doc_id(*key) for key in part])
                bulk_writes.in_memory(writer)
                bulk_writes.add_entries(writer, db, slices[0], ref, labels, progress)
                for future, piece in zip(futures, slices[1:], strict=True):
                    future.result()
                    if progress:
                        progress(len(piece))


def _slices(part: list[tuple[str, int]], procs: int, busy: bool) -> list[list[tuple[str, int]]]:
    """`part` dealt out to `procs` processes, this one first; when it has other work to do
    (`busy`), it takes a smaller share, as a helper has no such work."""
    if not busy or procs < 2:
        return [part[at::procs] for at in range(procs)]
    # This process's share: a fifth less than an even one.
    own = len(part) * 4 // (5 * procs)
    rest = part[own:]
    return [part[:own], *(rest[at :: procs - 1] for at in range(procs - 1))]


@contextlib.contextmanager
def _helpers(count: int, pool: ProcessPoolExecutor | None) -> Iterator[ProcessPoolExecutor | None]:
    """`pool` when the caller started one (and helpers are wanted), else `count` new ones."""
    if pool is not None and count >= 1:
        yield pool
        return
    with bulk_writes.helpers(count) as helpers:
        yield helpers


@contextlib.contextmanager
def import_helpers(db: Database) -> Iterator[ProcessPoolExecutor | None]:
    """The helper process an import's indexing will use (`RunIndexer`, `index_run(pool=...)`),
    started now: started while the rows are stored, its interpreter is ready when it is
    needed. It ends when this process does, even killed. None for an archive in memory (a
    helper could not open it)."""
    count = BULK_OPTIONS["procs"] - 1 if bulk_writes.database_file(db) else 0
    if count < 1:
        yield None
        return
    pool = ProcessPoolExecutor(
        count, mp_context=multiprocessing.get_context("spawn"),
        initializer=_follow_parent, initargs=(os.getpid(),),
    )  # fmt: skip
    try:
        for _ in range(count):
            pool.submit(_ready)
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def _follow_parent(parent: int) -> None:
    """In a helper: end when the process that started it is gone (a killed import would
    otherwise leave it waiting for work for ever)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _ready() -> None:
    """In a helper: nothing (submitting it starts the helper and imports this module)."""


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
    pool: ProcessPoolExecutor | None = None,
) -> int:
    """Index the entries an import run created or updated, in bulk, and the sources it added,
    then mark the run done; returns how many entries. Safe to run again after a crash: an
    entry already indexed is replaced, a source already indexed is left alone. `pool`: the
    helper processes `import_helpers` started (else they are started here when worth it)."""
    keys = archive.imports.run_entries(db, run_id)
    ref = load_reference(db)
    source_ids = archive.imports.run_sources(db, run_id)

    def sources() -> None:
        _add_sources(sources_ix, db, source_ids, ref)

    if keys:
        # The sources are indexed by this process while the helpers write entries.
        _write_in_parts(ix, db, keys, bulk, progress, timeout=IMPORT_WRITER_TIMEOUT,
                        pool=pool, alongside=sources)  # fmt: skip
    else:
        sources()
    archive.imports.finish_run(db, run_id)
    return len(keys)


def _add_sources(sources_ix: FileIndex, db: Database, source_ids: list[int], ref) -> None:
    """Index the sources the sources' index does not hold yet (an import's new ones)."""
    with sources_ix.reader() as reader:
        new = {source_id for source_id in source_ids if ("doc_id", str(source_id)) not in reader}
    if not new:
        return
    with _writer(sources_ix, IMPORT_WRITER_TIMEOUT, codec=None) as writer:
        # None of them is in the index: added without looking for a version to replace.
        add_sources(writer, db, new, ref)


# An import's entries go to the helper in chunks while its rows are still stored: the first
# chunk of this many entries, each one after twice as large, up to SEGMENT_ENTRIES (a segment
# each: few segments, and a chunk's postings bounded in memory as a rebuild's part is). What
# the helper has not begun when the last row is in is shared between it and this process.
# When the import says how many rows it has, the chunks are of one size, about an eighth of
# them (at least IMPORT_CHUNK, at most SEGMENT_ENTRIES): what is left when the last row is in
# is then at most one chunk, not up to half the run.
IMPORT_CHUNK = 1000
IMPORT_CHUNKS = 8


class RunIndexer:
    """Indexes an import's entries while its rows are still being stored, on the other core.

    Each batch's entries, once committed (`written`), are gathered into chunks, and each chunk
    goes to a helper process (`import_helpers`), which writes it as a segment; `finish` writes
    the rest and the sources and commits everything in one table of contents, as `index_run`
    would. The index's write lock is held from the first chunk to that commit (a save meanwhile
    stays queued for the next drain, which then reads it as saved). An entry a later row
    changed again after its chunk was sent is written again after the commit. Without a
    helper, or when the lock stays busy, nothing happens before `finish`, which is then
    `index_run`. A crash or failure leaves the run to be indexed whole (`unfinished_runs`).

    Given `sources_ix`, the sources a chunk's entries cite that the sources' index lacks (an
    import's new ones) go to the helper with the chunk, as a segment of that index, committed
    with the rest of the run's sources at `finish` (its lock held from the first chunk too).
    Given `rows` (how many rows the import has), the chunks are of one size (IMPORT_CHUNKS).
    """

    def __init__(
        self,
        ix: FileIndex,
        db: Database,
        pool: ProcessPoolExecutor | None,
        sources_ix: FileIndex | None = None,
        rows: int = 0,
    ):
        self.ix, self.db, self.pool, self.sources_ix = ix, db, pool, sources_ix
        self.db_file = bulk_writes.database_file(db)
        self.writer: SegmentWriter | None = None
        self.sent: list[tuple[list[tuple[str, int]], Future]] = []
        self.seen: set[tuple[str, int]] = set()
        self.again: set[tuple[str, int]] = set()
        self.waiting: list[tuple[str, int]] = []
        self.chunk = IMPORT_CHUNK
        self.fixed = rows > 0
        if self.fixed:
            self.chunk = min(max(rows // IMPORT_CHUNKS, IMPORT_CHUNK), SEGMENT_ENTRIES)
        self.off = pool is None or self.db_file is None
        # The sources' index while its lock is held, the sources sent to the helper, and
        # the segments it writes of them.
        self.sources_writer: SegmentWriter | None = None
        self.sources_sent: set[int] = set()
        self.sources_futures: list[Future] = []

    def __enter__(self) -> RunIndexer:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self.writer is not None:  # not committed: `finish` was not reached
            # A chunk being written is let finish first: no helper writes into the index
            # folder once its lock is let go.
            for _, future in self.sent:
                future.cancel()
            for future in self.sources_futures:
                future.cancel()
            wait([future for _, future in self.sent] + self.sources_futures)
            self.writer.cancel()
            self.writer = None
            if self.sources_writer is not None:
                self.sources_writer.cancel()
                self.sources_writer = None

    def written(self, outcomes: Iterable) -> None:
        """Take note of a committed batch's entries; send a chunk when one is full."""
        if self.off:
            return
        for outcome in outcomes:
            if outcome.action in ("created", "updated"):
                key = (outcome.kind, outcome.entry_id)
                if key in self.seen:
                    self.again.add(key)
                else:
                    self.seen.add(key)
                    self.waiting.append(key)
        if len(self.waiting) >= self.chunk:
            try:
                self._send()
            except BrokenExecutor:
                # The helper died: the rows are still stored, and `finish` fails on the chunks
                # sent, which leaves the run to be indexed whole (`unfinished_runs`).
                log.exception("The import's indexing helper stopped; the run is indexed later")
                self.off = True

    def _send(self) -> None:
        if self.writer is None:
            try:
                self.writer = self.ix.writer(
                    codec=CODEC, timeout=WRITER_TIMEOUT, delay=WRITER_DELAY
                )
            except LockError:
                self.off = True  # another writer is busy: `finish` indexes the run whole
                return
        keys, self.waiting = self.waiting, []
        folder, name = self.ix.storage.folder, self.ix.indexname
        future = bulk_writes.write_apart(self.pool, self.db_file, folder, name, keys)
        self.sent.append((keys, future))
        if not self.fixed:
            self.chunk = min(self.chunk * 2, SEGMENT_ENTRIES)
        self._send_sources(keys)

    def _send_sources(self, keys: list[tuple[str, int]]) -> None:
        """The helper indexes the new sources these entries cite (after their chunk)."""
        if self.sources_ix is None:
            return
        if self.sources_writer is None:
            try:
                self.sources_writer = self.sources_ix.writer(
                    timeout=WRITER_TIMEOUT, delay=WRITER_DELAY
                )
            except LockError:
                self.sources_ix = None  # busy: `finish` indexes the run's sources
                return
        cited = set(archive.imports.entries_sources(self.db, keys)) - self.sources_sent
        new = _not_indexed(self.sources_ix, cited)
        self.sources_sent |= cited
        if new:
            six = self.sources_ix
            self.sources_futures.append(self.pool.submit(
                _write_sources_segment, self.db_file, six.storage.folder, six.indexname, new
            ))  # fmt: skip

    def finish(
        self,
        run_id: int,
        sources_ix: FileIndex,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Index what is left of the run, commit, and mark the run done; returns how many
        entries the run indexed."""
        if self.writer is None:
            return index_run(self.ix, self.db, run_id, sources_ix=sources_ix,
                             progress=progress, pool=self.pool)  # fmt: skip
        db, writer = self.db, self.writer
        sources_writer = self.sources_writer
        keys = archive.imports.run_entries(db, run_id)
        # Chunks the helper has not begun are shared out again with what is left.
        self.sent = [(chunk, future) for chunk, future in self.sent if not future.cancel()]
        sent = {key for chunk, _ in self.sent for key in chunk}
        # Entries not sent: the last chunk's, and those stored before a resumed run stopped.
        rest = [key for key in keys if key not in sent]
        ref, labels = load_reference(db), type_labels(db)
        futures = [future for _, future in self.sent]
        pieces = [chunk for chunk, _ in self.sent]
        # This process indexes the sources too, so it takes the smaller share of the rest.
        own, more = _slices(rest, 2, busy=True) if rest else ([], [])
        own, more = own[:SEGMENT_ENTRIES], own[SEGMENT_ENTRIES:] + more
        for start in range(0, len(more), SEGMENT_ENTRIES):
            piece = more[start : start + SEGMENT_ENTRIES]
            folder, name = self.ix.storage.folder, self.ix.indexname
            futures.append(bulk_writes.write_apart(self.pool, self.db_file, folder, name, piece))
            pieces.append(piece)
        # Entries indexed before (an update, or a run indexed in part before a crash) go.
        delete_indexed(writer, [doc_id(*key) for key in keys])
        bulk_writes.in_memory(writer)
        bulk_writes.add_entries(writer, db, own, ref, labels, progress)
        run_sources = archive.imports.run_sources(db, run_id)
        if sources_writer is None:
            _add_sources(sources_ix, db, run_sources, ref)
        else:  # those the helper was not sent (the last chunk's), while it writes its share
            new = _not_indexed(self.sources_ix, set(run_sources) - self.sources_sent)
            # None of them is in the index: added without looking for a version to replace.
            add_sources(sources_writer, db, new, ref)
        for future, piece in zip(futures, pieces, strict=True):
            future.result()
            if progress:
                progress(len(piece))
        self.writer, self.sources_writer = None, None
        try:
            writer.commit(mergetype=bulk_writes.keeping(NO_MERGE, futures))
        except BaseException:
            writer.cancel()
            if sources_writer is not None:
                # The helper may still be writing a segment of the sources: it is let finish
                # first, so nothing writes into the folder once its lock is let go.
                for future in self.sources_futures:
                    future.cancel()
                wait(self.sources_futures)
                sources_writer.cancel()
            raise
        if sources_writer is not None:
            _commit(sources_writer, bulk_writes.keeping(NO_MERGE, self.sources_futures))
        again = sorted(self.again & sent)
        if again:  # changed by a later row after its chunk was read: written again
            with _writer(self.ix, IMPORT_WRITER_TIMEOUT) as rewriter:
                _update(rewriter, db, ref, again)
        archive.imports.finish_run(db, run_id)
        return len(keys)


def _commit(writer: SegmentWriter, mergetype: Callable) -> None:
    """Commit `writer` (cancelled when that fails: its lock goes)."""
    try:
        writer.commit(mergetype=mergetype)
    except BaseException:
        writer.cancel()
        raise


def _not_indexed(sources_ix: FileIndex, source_ids: set[int]) -> set[int]:
    """Those of `source_ids` the sources' index does not hold."""
    with sources_ix.reader() as reader:
        return {source_id for source_id in source_ids if ("doc_id", str(source_id)) not in reader}


def _write_sources_segment(db_file: str, folder: str, indexname: str, source_ids: set[int]):
    """In a helper process: the sources' segment, written but not yet in any generation (the
    caller's writer holds the lock, commits it and removes the temporary files)."""
    db = archive.open_db(db_file)
    try:
        six = whoosh_index.open_dir(folder, indexname=indexname)
        writer = SegmentWriter(six, _lk=False)
        add_sources(writer, db, source_ids, load_reference(db))
        return writer._finalize_segment()
    finally:
        db.close()


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
