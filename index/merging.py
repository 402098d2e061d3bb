"""Merging the index's segments in the background, so that a save never waits for a merge.

Every commit adds a segment, and every search pays a little for each segment it reads. A save
commits one small segment of its own and merges nothing (`NO_MERGE`); merging is done here:
by a `Merger` (one per process, started by the app: a thread per lane, woken after saves), or
by `merge_until_bounded` (`flask index merge`). However the index was built (single saves,
rebuilds, imports), a lane with more than its bound of segments merges some of them.

How a merge keeps out of a save's way. Whoosh merges inside a writer, holding the index's write
lock while it copies every posting (several milliseconds an entry at real lengths), so a save
would wait for all of it. But a segment's files never change once written; only its set of
deleted documents does, and that set lives in the table of contents (the TOC). So a merge:

1. reads the newest TOC (no lock) and picks its segments (the policy below);
2. copies their live documents into one new segment, written by a Whoosh writer of a staging
   index in a folder of its own inside the index folder (`MAIN.merging-tiny`), so no lock of
   the real index is held and no commit there can clean up its files. Saves go on committing
   meanwhile, and an edit deletes its old version from a segment being copied;
3. takes the write lock briefly: reads the newest TOC again; if a picked segment is gone (a
   rebuild, another merge) the copy is thrown away; otherwise each document deleted from a
   picked segment since step 1 is deleted in the new one too (the copy keeps the documents in
   order, so each one's new number is known), the new segment's file is moved into the index
   folder, the next TOC lists it in place of the picked ones, and their files are removed.

A save therefore waits at most for one step 3 (milliseconds: a rename, a TOC written, a folder
listed; bench/merge_bench.py measures it). Searchers holding the old generation keep reading
its files, which stay open. Copying is Python work: done in a server's thread it would hold the
interpreter lock that requests need, so a merge of more than IN_PROCESS_DOCUMENTS documents
copies in a process of its own (spawned for it) while the thread waits; a smaller one (a
fraction of a second) copies in the thread. Either way a save shares the machine's CPU with a
merge; it never waits for one.

Policy. Segments are sized by their live documents. Three lanes, each with its own thread and
lock file (one merge per lane at a time, across processes): "tiny" (what saves leave, at most
LANE_LIMITS["tiny"] live documents), "small" (up to LANE_LIMITS["small"]) and "large" (the
rest, rebuilds' and imports' parts among them), so a long merge of larger segments never holds
up the quick ones that keep up with saves (measured: with two lanes, one-entry segments piled
up to 67 while a merge of five 100-entry ones ran). A lane with more than its bound of segments
merges MERGE_FACTOR of like size (tiers: 0-4 live documents, 5-24, 25-124...), the smallest
tier first, else its MERGE_FACTOR smallest; an entry is copied about log5(n) times in all.
Segments whose documents were all deleted are dropped whenever seen. At rest the index holds
at most SEGMENTS_BOUND segments.

Whoosh internals relied on (whoosh3, pinned): `SegmentReader`, `SegmentWriter.add_reader` (copies
the live documents in their order), `SegmentWriter.newsegment`, `TOC.read`/`TOC.write`,
`clean_files`, the "WRITELOCK" every writer takes, a segment's `deleted_docs`/`delete_document`,
`segment_id`, `make_filename` and `COMPOUND_EXT`. tests/test_index_merging.py exercises each.
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import multiprocessing
import os
import shutil
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex, clean_files
from whoosh.reading import SegmentReader
from whoosh.util.filelock import try_for
from whoosh.writing import NO_MERGE

log = logging.getLogger(__name__)

MERGE_FACTOR = 5
# Lane -> the most live documents of a segment in it ("large" takes the rest).
LANE_LIMITS = {"tiny": 24, "small": 1_000}
# Lane -> the most segments it leaves at rest.
LANES = {"tiny": 6, "small": 5, "large": 5}
SEGMENTS_BOUND = sum(LANES.values())
# A merge copying more documents than this copies in a process of its own (about 1 s to start).
IN_PROCESS_DOCUMENTS = 200
# How long step 3 waits for a save (or a rebuild's part) holding the write lock.
SWAP_TIMEOUT = 60.0
SWAP_DELAY = 0.01
# A merger's thread that found nothing to do for this long ends; the next nudge starts another.
IDLE_SECONDS = 5.0
TOC_ATTEMPTS = 10
# The latest merges a Merger remembers (for benchmarks and tests).
REPORTS_KEPT = 1000


@dataclass(frozen=True)
class MergeReport:
    """One merge done: how many segments became one, the documents copied, the time taken."""

    lane: str
    segments: int
    documents: int
    seconds: float
    locked_seconds: float


def segment_sizes(ix: FileIndex) -> list[int]:
    """The live documents of each segment of the newest generation, in the TOC's order."""
    return [segment.doc_count() for segment in _read_toc(ix).segments]


def lane_of(segment: Any) -> str:
    """ "tiny", "small" or "large", by the live documents a segment holds."""
    documents = segment.doc_count()
    return next((lane for lane, most in LANE_LIMITS.items() if documents <= most), "large")


def plan(segments: list, lane: str) -> list:
    """The segments one merge in `lane` joins; empty when the lane is within its bound."""
    mine = [segment for segment in segments if lane_of(segment) == lane]
    emptied = [segment for segment in mine if segment.doc_count() == 0]
    if len(mine) <= LANES[lane]:
        return emptied
    tiers: dict[int, list] = defaultdict(list)
    for segment in mine:
        tiers[_tier(segment.doc_count())].append(segment)
    like = next((tiers[t] for t in sorted(tiers) if len(tiers[t]) >= MERGE_FACTOR), mine)
    picked = sorted(like, key=lambda segment: segment.doc_count())[:MERGE_FACTOR]
    return picked + [segment for segment in emptied if segment not in picked]


def _tier(documents: int) -> int:
    """0 for up to 4 documents, 1 for 5-24, 2 for 25-124...: segments of like size."""
    tier = 0
    while documents >= MERGE_FACTOR:
        documents //= MERGE_FACTOR
        tier += 1
    return tier


def merge_once(ix: FileIndex, lane: str) -> MergeReport | None:
    """Do one merge in `lane` if it is over its bound; None when there was nothing to do or
    another process is merging in that lane."""
    lock = ix.lock(f"MERGE-{lane}")
    if not lock.acquire(blocking=False):
        return None
    staging = Path(ix.storage.folder) / f"{ix.indexname}.merging-{lane}"
    try:
        shutil.rmtree(staging, ignore_errors=True)  # what a merge that crashed left
        toc = _read_toc(ix)
        picked = plan(toc.segments, lane)
        if not picked:
            return None
        started = time.perf_counter()
        copy = _copy if sum(s.doc_count() for s in picked) <= IN_PROCESS_DOCUMENTS else _copy_apart
        try:
            merged = copy(ix.storage.folder, ix.indexname, toc.schema, picked, staging)
        except FileNotFoundError:  # a rebuild replaced the segments while they were read
            log.info("The index was rebuilt during a merge: the merge was dropped")
            return None
        locked = _swap(ix, picked, merged, staging)
        if locked is None:
            return None
        documents = merged.doc_count_all() if merged else 0
        seconds = time.perf_counter() - started
        return MergeReport(lane, len(picked), documents, seconds, locked)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        lock.release()


def merge_until_bounded(ix: FileIndex) -> list[MergeReport]:
    """Merge in every lane until each is within its bound (what `flask index merge` runs)."""
    reports: list[MergeReport] = []
    while done := [report for lane in LANES if (report := merge_once(ix, lane))]:
        reports.extend(done)
    return reports


def _read_toc(ix: FileIndex) -> TOC:
    # A commit elsewhere may delete the TOC just found; it has written the next one already.
    for _ in range(TOC_ATTEMPTS - 1):
        with contextlib.suppress(FileNotFoundError):
            return ix._read_toc()
    return ix._read_toc()


def _copy(folder: str, indexname: str, schema: Any, picked: list, staging: Path) -> Any:
    """Step 2: the picked segments' live documents as one new segment written in `staging`
    (None when none of them has any)."""
    live = [segment for segment in picked if segment.doc_count()]
    if not live:
        return None
    storage = FileStorage(folder)
    staging.mkdir(parents=True)
    staged = whoosh_index.create_in(str(staging), schema, indexname=indexname)
    writer = staged.writer(codec=live[0].codec())
    try:
        for segment in live:
            reader = SegmentReader(storage, schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=NO_MERGE)
    return writer.newsegment


def _copy_apart(*args: Any) -> Any:
    """`_copy` in a process spawned for it, so the copying never holds this one's interpreter
    lock (a fresh process, not a fork of a server with threads)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_copy, *args).result()


def _swap(ix: FileIndex, picked: list, merged: Any, staging: Path) -> float | None:
    """Step 3, under the write lock: the next TOC with `merged` in place of `picked`; returns
    how long the lock was held (None when a picked segment went meanwhile)."""
    lock = ix.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=SWAP_TIMEOUT, delay=SWAP_DELAY):
        log.info("Index busy for %.0f s: a merge was put off", SWAP_TIMEOUT)
        return None
    started = time.perf_counter()
    try:
        toc = _read_toc(ix)
        current = {segment.segment_id(): segment for segment in toc.segments}
        if any(segment.segment_id() not in current for segment in picked):
            return None
        if merged is not None:
            _carry_deletions(picked, current, merged)
            if merged.doc_count():
                _move_files(merged, staging, Path(ix.storage.folder))
            else:
                merged = None
        segments = _replace(toc.segments, picked, merged)
        generation = toc.generation + 1
        TOC(toc.schema, segments, generation).write(ix.storage, ix.indexname)
        clean_files(ix.storage, ix.indexname, generation, segments)
        return time.perf_counter() - started
    finally:
        lock.release()


def _carry_deletions(picked: list, current: dict, merged: Any) -> None:
    """Delete in `merged` each document deleted from a picked segment since it was copied."""
    base = 0
    for copied in picked:
        if not copied.doc_count():
            continue
        before = sorted(copied.deleted_docs())
        for docnum in set(current[copied.segment_id()].deleted_docs()) - set(before):
            # Its number among the documents that were live when copied, after those before it.
            merged.delete_document(base + docnum - bisect.bisect_left(before, docnum))
        base += copied.doc_count()


def _move_files(merged: Any, staging: Path, folder: Path) -> None:
    prefix = f"{merged.segment_id()}."
    for name in os.listdir(staging):
        if name.startswith(prefix):
            os.replace(staging / name, folder / name)


def _replace(segments: list, picked: list, merged: Any) -> list:
    """The segments in order, `merged` where the first picked one was, the others left out."""
    gone = {segment.segment_id() for segment in picked}
    kept = []
    for segment in segments:
        if segment.segment_id() not in gone:
            kept.append(segment)
        elif merged is not None:
            kept.append(merged)
            merged = None
    return kept


class Merger:
    """Background merging of some indexes: a thread per lane, started by `nudge` and ended
    after IDLE_SECONDS with nothing to do (the next nudge starts it again)."""

    def __init__(self, indexes: list[FileIndex], idle_seconds: float = IDLE_SECONDS):
        self.indexes = list(indexes)
        self.idle_seconds = idle_seconds
        self.reports: deque[MergeReport] = deque(maxlen=REPORTS_KEPT)
        self._cond = threading.Condition()
        self._wanted = dict.fromkeys(LANES, False)
        self._active = dict.fromkeys(LANES, False)
        self._threads: dict[str, threading.Thread] = {}
        self._stopping = False

    def nudge(self) -> None:
        """Look for merges to do soon (after a commit); never waits."""
        with self._cond:
            if self._stopping:
                return
            for lane in LANES:
                self._wanted[lane] = True
                if lane not in self._threads:
                    thread = threading.Thread(
                        target=self._run, args=(lane,), name=f"index-merge-{lane}", daemon=True
                    )
                    self._threads[lane] = thread
                    thread.start()
            self._cond.notify_all()

    @property
    def merging(self) -> bool:
        """Whether a merge is under way in this process now."""
        with self._cond:
            return any(self._active.values())

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no merge is wanted or running; False if still busy after `timeout`."""
        with self._cond:
            return self._cond.wait_for(
                lambda: not any(self._wanted.values()) and not any(self._active.values()),
                timeout=timeout,
            )

    def stop(self, timeout: float = 60.0) -> None:
        """End the threads (a merge under way finishes first)."""
        with self._cond:
            self._stopping = True
            threads = list(self._threads.values())
            self._cond.notify_all()
        for thread in threads:
            thread.join(timeout)

    def _run(self, lane: str) -> None:
        while self._next(lane):
            try:
                for ix in self.indexes:
                    while report := merge_once(ix, lane):
                        self.reports.append(report)
                        log.debug("Merged %d segments (%s)", report.segments, report.lane)
            except Exception:
                log.exception("Merging the search index's segments failed; tried again later")
            finally:
                with self._cond:
                    self._active[lane] = False
                    self._cond.notify_all()

    def _next(self, lane: str) -> bool:
        """Wait for a nudge; False (the thread ends) when stopping or idle too long."""
        with self._cond:
            self._cond.wait_for(lambda: self._wanted[lane] or self._stopping, self.idle_seconds)
            if self._stopping or not self._wanted[lane]:
                del self._threads[lane]
                self._cond.notify_all()
                return False
            self._wanted[lane], self._active[lane] = False, True
            return True
