"""Building a new index beside the one in use, then swapping it in: upgrades without a wait.

When the index on disk is of another schema (or missing, or unreadable), the new one is built
in a sibling folder (`index.next/`) from the archive while searches go on reading the old one;
then the changes queued meanwhile are applied to it and the two folders are swapped by two
renames. A crash at any moment leaves a usable index on disk: until the first rename the old
one is in place; between the renames `recover` (run before any process opens the index)
finishes the swap; a half-built `index.next/` is removed and built again from the start.

One process builds at a time: it holds the lock file `index.lock` from start to swap, and the
write locks of the index in use, so nobody writes to the old index meanwhile: saves stay queued
and reach the new index, each entry indexed once.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import shutil
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sqlite_utils import Database
from whoosh import index as whoosh_index
from whoosh.index import FileIndex
from whoosh.util.filelock import FileLock, try_for

import archive
import archive.imports

from . import schema, sources
from .writing import IMPORT_WRITER_TIMEOUT, apply_pending, index_run, open_index, rebuild_all

log = logging.getLogger(__name__)

SCHEMA_FILE = "gawahi-schema-version"
# Written last into a finished `index.next/`: only a finished build is ever swapped in.
FINISHED_FILE = "gawahi-build-finished"
# A new token with every build swapped in: how a process sees the folder it reads was replaced.
BUILD_FILE = "gawahi-build-id"
PROGRESS_FILE = "gawahi-build-progress"
# Whoosh's own write locks, one per index in the folder (`FileIndex.lock("WRITELOCK")`).
WRITE_LOCKS = ("MAIN_WRITELOCK", f"{sources.INDEX_NAME}_WRITELOCK")
LOCK_DELAY = 0.05


class Rebuilding(Exception):
    """The index in use cannot answer (of an older layout, or gone) while a new one is built."""

    def __init__(self, progress: Progress | None):
        super().__init__("The search index is being rebuilt")
        self.progress = progress


@dataclass(frozen=True)
class Progress:
    """How far a build has got: entries indexed out of all of them."""

    done: int
    total: int
    upgrade: bool = True  # replacing an index of another version (else rebuilt on request)

    @property
    def percent(self) -> int:
        """Whole percent done; 99 at most until the new index is in use."""
        return min(99, self.done * 100 // self.total) if self.total else 0


def entry_count(db: Database) -> int:
    """How many entries the archive holds, retracted ones included (what a build indexes)."""
    return sum(db[category.table].count for category in archive.CATEGORIES.values())


def next_path(path: Path) -> Path:
    """Where the new index is built: `index.next` beside `index`."""
    return path.with_name(path.name + ".next")


def old_path(path: Path) -> Path:
    """Where the old index waits for a moment during the swap."""
    return path.with_name(path.name + ".old")


def lock_path(path: Path) -> Path:
    """The lock file the one building process holds."""
    return path.with_name(path.name + ".lock")


def is_current(path: str | Path) -> bool:
    """Whether the folder holds both indexes at this code's schema versions."""
    path = Path(path)
    return (
        _read(path / SCHEMA_FILE) == schema.SCHEMA_VERSION
        and _read(path / sources.VERSION_FILE) == sources.SOURCE_SCHEMA_VERSION
        and any(path.glob("_MAIN_*.toc"))
    )


def _read(file: Path) -> str | None:
    try:
        return file.read_text().strip()
    except OSError:
        return None


def open_readable(path: str | Path) -> tuple[FileIndex | None, FileIndex | None]:
    """The indexes in `path` as they are, of whatever version, or None for one this code
    cannot read (classes its schema names may be gone): never creates or changes anything."""
    return _try_open(Path(path), None), _try_open(Path(path), sources.INDEX_NAME)


def _try_open(path: Path, name: str | None) -> FileIndex | None:
    with warnings.catch_warnings():
        # Whoosh leaves the file of a table of contents it failed to read open: closed here.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(path), indexname=name)
            with ix.searcher() as searcher:
                searcher.doc_count()
            return ix
        except Exception:  # an old layout fails in many ways: any of them means "cannot read"
            pass
        gc.collect()
    return None


def folder_token(path: str | Path) -> tuple[int, int] | None:
    """What changes when a build is swapped in (a stat, cheap enough for every search)."""
    with contextlib.suppress(OSError):
        stat = os.stat(Path(path) / BUILD_FILE)
        return stat.st_ino, stat.st_mtime_ns
    return None


@contextlib.contextmanager
def build_lock(path: str | Path, timeout: float = 0.0) -> Iterator[bool]:
    """Hold the build lock; yields False (and holds nothing) when another process has it."""
    lock = FileLock(str(lock_path(Path(path))))
    held = try_for(lock.acquire, timeout=timeout, delay=LOCK_DELAY)
    try:
        yield held
    finally:
        if held:
            lock.release()


def build_status(path: str | Path) -> Progress | None:
    """How far the running build has got, or None when no process is building."""
    path = Path(path)
    building = next_path(path)
    if not building.exists():  # the usual case: one stat
        return None
    with build_lock(path) as free:
        if free:  # a build that stopped: nobody is building
            return None
    try:
        counts = json.loads((building / PROGRESS_FILE).read_text())
        return Progress(int(counts["done"]), int(counts["total"]), bool(counts["upgrade"]))
    except (OSError, ValueError, KeyError):
        return Progress(0, 0)


def recover(path: str | Path) -> None:
    """Finish or undo a swap a crash interrupted, and drop a build that stopped; nothing to do
    while another process builds (its swap is its own)."""
    path = Path(path)
    if not (next_path(path).exists() or old_path(path).exists()):
        return
    with build_lock(path) as held:
        if held:
            _recover(path)


def _recover(path: Path) -> None:
    building, old = next_path(path), old_path(path)
    if not path.exists():
        if (building / FINISHED_FILE).exists():
            log.warning("Finishing the swap of the new search index a stop interrupted")
            building.rename(path)
        elif old.exists():
            old.rename(path)
    if old.exists():
        shutil.rmtree(old)
    if building.exists():
        log.warning("A rebuild of the search index stopped before it finished: starting again")
        shutil.rmtree(building)


def build(
    path: str | Path,
    db: Database,
    progress: Callable[[int], None] | None = None,
    bulk: dict | None = None,
) -> tuple[int, int]:
    """Build the index again in `index.next` and swap it in; hold `build_lock` to call it.

    Returns (entries, sources) indexed. The index in use is never written meanwhile: what is
    saved during the build stays queued and is applied to the new index before the swap.
    """
    path = Path(path)
    _recover(path)
    building = next_path(path)
    building.mkdir(parents=True)
    started = Progress(0, entry_count(db), upgrade=not is_current(path))
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        _write_progress(building, replace(started, done=done))
        if progress:
            progress(count)

    _write_progress(building, started)  # from here on, drains leave the queue for us
    with _writes_held(path):
        ix, six = open_index(building), sources.open_source_index(building)
        # Forgets what was queued before it read the archive, so nothing is indexed twice.
        entries, counted_sources = rebuild_all(ix, six, db, progress=step, bulk=bulk)
        _catch_up(ix, six, db)
        (building / BUILD_FILE).write_text(uuid.uuid4().hex)
        (building / FINISHED_FILE).write_text("")
        _swap(path)
    return entries, counted_sources


def _catch_up(ix: FileIndex, six: FileIndex, db: Database) -> None:
    """What changed while the build read the archive: imports, then the queue."""
    for run in archive.imports.unfinished_runs(db):
        index_run(ix, db, run["run_id"], sources_ix=six)
    apply_pending(ix, db, sources_ix=six)


def _write_progress(building: Path, progress: Progress) -> None:
    file = building / PROGRESS_FILE
    part = file.with_suffix(".part")
    part.write_text(json.dumps(asdict(progress)))
    part.replace(file)  # never half a file for a reader in another process


@contextlib.contextmanager
def _writes_held(path: Path) -> Iterator[None]:
    """Hold the write locks of the index in use until the swap: a write in flight would
    otherwise land half in the old folder and half in the new one. Waits for one in progress
    (an import's indexing may take a while)."""
    held = []
    try:
        for name in WRITE_LOCKS if path.exists() else ():
            lock = FileLock(str(path / name))
            if not try_for(lock.acquire, timeout=IMPORT_WRITER_TIMEOUT, delay=LOCK_DELAY):
                raise whoosh_index.LockError(f"The search index stayed locked ({name})")
            held.append(lock)
        yield
    finally:
        for lock in held:
            lock.release()


def _swap(path: Path) -> None:
    """Put the finished build in place: two renames, `_recover` finishes them after a crash."""
    building, old = next_path(path), old_path(path)
    if path.exists():
        path.rename(old)
    building.rename(path)
    (path / FINISHED_FILE).unlink()
    (path / PROGRESS_FILE).unlink()
    if old.exists():
        shutil.rmtree(old)
