"""Writing many entries at once (a rebuild): postings kept in memory, parts written side by side.

Whoosh's writer hands every posting to a pool that pickles it to a run file on disk once the
pool outgrows `limitmb`, sorts each run and merges the runs back at commit: at real-length
narratives (about 430 postings an entry) that pickling, unpickling and merging cost more than
analysing the text. `MemoryPool` keeps each term's postings in a list instead (analysed text as
arrays: below), in the order the documents were added (which is the order of their numbers),
and hands them back term by term: the same postings in the same order, nothing written twice.
The codec writes them a term at a time (engine/codec.py `TermPostings`).

Analysing once, sorting once: each process remembers the term of every distinct word it has
analysed, by number (`TermCache`), so a document's text goes to the pool as one array of term
numbers (`Numbered`). At commit the pool sorts a field's numbers of every document with numpy,
stably (documents were added in order, positions in order within each), and groups them into
postings and terms at once (`FieldPostings`); the codec works out every block of the field at
once too (engine/codec.py `FieldBlocks`). No Python work is left for each posting, only for each
term and block. Facets and dates are indexed once for each value they take in a part.

Using both cores: one part of a rebuild (SEGMENT_ENTRIES entries) is split into slices, one for
this process and one for each helper process (spawned once per rebuild: forking a server's
threads could copy a lock another thread holds). Each process reads its own entries from the
archive, analyses them and writes a segment of its own as soon as they are added
(`write_early`: this process too, while the helpers still work, not after its commit has waited
for them); this process's writer then commits all of them in one table of contents, so a part
is in the index whole or not at all.

Whoosh internals relied on (whoosh3, pinned): a `SegmentWriter`'s `pool` (its `add`,
`iter_postings`, `cleanup`), `SegmentWriter(..., _lk=False)` and `_finalize_segment`, as
whoosh's own multiprocessing writer uses them, and what its `add_document` does; listed with
the engine's in engine/whoosh3_internals.py. tests/test_index_bulk.py compares what a rebuild
writes with what Whoosh's own writer writes.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, NamedTuple

import numpy as np
from sqlite_utils import Database
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

import archive

from .analysis import Reference, TermCache
from .documents import build_document, load_records, load_reference, type_labels
from .engine.codec import CODEC, FieldPostings, TermPostings
from .engine.phrases import ArrayPositions
from .schema import TEXT_FIELDS

REBUILD_BATCH = 500
# Terms of a field a segment up to which their ranks are sorted as 16-bit numbers.
NARROW_RANKS = 2**16
Keys = list[tuple[str, int]]


class Numbered(NamedTuple):
    """A field's text as a `TermCache` numbers its terms: what a rebuild's pool keeps of it."""

    numbers: np.ndarray  # each term kept, in order
    first: int  # the first one's position (each next one follows it)
    terms: list[str]  # number -> term (the cache's own list: numbers stay right as it grows)


class _NumberedField:
    """A field's analysed texts in a pool, one array of term numbers a document."""

    def __init__(self, terms: list[str], boost: float) -> None:
        self.terms, self.boost = terms, boost
        self.chunks: list[np.ndarray] = []
        self.docnums: list[int] = []
        self.firsts: list[int] = []
        self.sizes: list[int] = []

    def add(self, docnum: int, numbered: Numbered) -> None:
        if numbered.terms is not self.terms:
            raise ValueError("A field's texts were numbered by two term caches")
        self.chunks.append(numbered.numbers)
        self.docnums.append(docnum)
        self.firsts.append(numbered.first)
        self.sizes.append(len(numbered.numbers))

    def postings(self, fieldname: str) -> FieldPostings | None:
        """The field's postings by term then document, sorted and grouped with numpy at once."""
        if not self.chunks or not sum(self.sizes):
            return None
        numbers = np.concatenate(self.chunks)
        sizes = np.array(self.sizes, np.int64)
        docs = np.repeat(np.array(self.docnums, np.int64), sizes)
        # A term's position: the document's first position plus how far into its terms it is.
        offsets = np.cumsum(sizes) - sizes - np.array(self.firsts, np.int64)
        positions = np.arange(len(numbers), dtype=np.int64) - np.repeat(offsets, sizes)
        used = np.flatnonzero(np.bincount(numbers, minlength=len(self.terms)))
        texts = [self.terms[number].encode() for number in used.tolist()]
        order = sorted(range(len(texts)), key=texts.__getitem__)  # terms in byte order
        # Narrow ranks sort faster (numpy sorts 16-bit numbers by radix, stably).
        narrow = len(texts) <= NARROW_RANKS
        rank = np.zeros(len(self.terms), np.uint16 if narrow else np.int64)
        rank[used[order]] = np.arange(len(texts))
        ranks = rank[numbers]
        # Stable: within a term, documents were added in order, positions in order within each.
        by_term = np.argsort(ranks, kind="stable")
        ranks, docs, positions = ranks[by_term], docs[by_term], positions[by_term]
        new = np.flatnonzero(
            np.concatenate([[True], (ranks[1:] != ranks[:-1]) | (docs[1:] != docs[:-1])])
        )
        counts = np.diff(np.append(new, len(ranks)))
        posting_ranks = ranks[new]
        term_starts = np.flatnonzero(
            np.concatenate([[True], posting_ranks[1:] != posting_ranks[:-1]])
        )
        return FieldPostings(
            fieldname,
            self.boost,
            [texts[number] for number in order],
            np.append(term_starts, len(new)),
            docs[new],
            counts,
            positions,
        )


class MemoryPool:
    """A writer's postings by term, in memory: Whoosh's `PostingPool` without run files."""

    def __init__(self) -> None:
        self.fieldnames: set[str] = set()
        # field -> term -> docnum, weight, value, docnum, weight, value... (flat: no tuple each)
        self._postings: defaultdict[str, defaultdict[bytes, list]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._numbered: dict[str, _NumberedField] = {}  # analysed text fields
        self._indexed: dict[tuple, tuple] = {}  # see `indexed`

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Keep one posting; a writer adds a document's postings after the one before's."""
        fieldname, text, docnum, weight, value = item
        self._postings[fieldname][text].extend((docnum, weight, value))

    def add_postings(self, fieldname: str, docnum: int, postings: list) -> None:
        """Keep a document's postings of one field, each (term, weight, value)."""
        terms = self._postings[fieldname]
        for text, weight, value in postings:
            terms[text].extend((docnum, weight, value))

    def add_numbered(self, fieldname: str, docnum: int, numbered: Numbered, field: Any) -> int:
        """Keep a document's text already analysed (each posting's weight its count times
        the field's boost, as Whoosh's positions format weighs it); returns its length."""
        kept = self._numbered.get(fieldname)
        if kept is None:
            _check(field, fieldname)
            if field.stored or field.column_type or not field.scorable:
                raise ValueError(f"A rebuild cannot write field {fieldname!r} from its terms")
            if not isinstance(field.format, ArrayPositions):
                # Positions are written as the entries' arrays; another format reads them wrong.
                raise ValueError(f"Field {fieldname!r} does not keep positions as arrays")
            boost = field.format.field_boost
            kept = self._numbered[fieldname] = _NumberedField(numbered.terms, boost)
        kept.add(docnum, numbered)
        return len(numbered.numbers)

    def indexed(self, field: Any, name: str, value: Any) -> tuple[list, int, Any]:
        """What `field` makes of `value` (postings as (term, weight, value), length, column
        value), worked out once a pool: facets and dates repeat from entry to entry."""
        key = (name, type(value), value)
        found = self._indexed.get(key)
        if found is None:
            _check(field, name)
            postings, length = [], 0
            if field.indexed:
                for text, freq, weight, encoded in field.index(value):
                    length += freq if field.scorable else 0
                    postings.append((text, weight, encoded))
            column = field.to_column_value(value) if field.column_type else None
            found = self._indexed[key] = (postings, length, column)
        return found

    def iter_postings(self) -> TermPostings:
        """Every posting in (field, term, document) order, grouped by term (analysed text a
        field at a time): the codec writes them a term at a time (iterated, they come one by
        one, as from Whoosh's pool)."""
        return TermPostings(self._by_term())

    def _by_term(self) -> Iterator[tuple[str, bytes, list, list, list] | FieldPostings]:
        if self._numbered.keys() & self._postings.keys():
            raise ValueError("A field's postings came both analysed and one by one")
        for fieldname in sorted(self._postings.keys() | self._numbered.keys()):
            if fieldname in self._numbered:
                field = self._numbered[fieldname].postings(fieldname)
                if field is not None:
                    yield field
                continue
            for text, flat in sorted(self._postings[fieldname].items()):
                yield fieldname, text, flat[0::3], flat[1::3], flat[2::3]

    def cleanup(self) -> None:
        """Forget the postings (the segment is written)."""
        self._postings.clear()
        self._numbered.clear()
        self._indexed.clear()


def _check(field: Any, name: str) -> None:
    """Refuse a field a rebuild's writing leaves out of what Whoosh's writer would write."""
    if field.vector or field.separate_spelling() or name.startswith("_"):
        raise ValueError(f"A rebuild cannot write field {name!r} in bulk")


class _Written:
    """The pool of a writer whose segment is written: adding to it is a mistake."""

    def add(self, *args: Any) -> None:
        raise ValueError("This writer's segment is already written")

    add_postings = add_numbered = indexed = add

    def cleanup(self) -> None:
        """Nothing is kept."""


def in_memory(writer: SegmentWriter) -> SegmentWriter:
    """`writer`, its postings kept in memory until it commits."""
    writer.pool.cleanup()  # Whoosh's pool: nothing added yet, so no run file to remove
    writer.pool = MemoryPool()
    return writer


def add_entries(
    writer: SegmentWriter,
    db: Database,
    keys: Keys,
    ref: Reference,
    labels: dict[str, dict[str, str]],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Add the entries `keys` names to `writer`, read from the archive a batch at a time, and
    write its segment (`write_early`): nothing more can be added to it."""
    caches = term_caches(writer.schema)
    for kind, batch in batches(keys, REBUILD_BATCH):
        for record in load_records(db, kind, batch, labels):
            add_document(writer, numbered_text(build_document(record, ref), caches))
        if progress:
            progress(len(batch))
    write_early(writer)


def write_early(writer: SegmentWriter) -> None:
    """Write the segment of `writer` now; its commit (or `_finalize_segment`) then takes the
    segment as written. A rebuild's process writes its own segment while the helpers still
    work, instead of after they are done, when its commit waits for them (bulk.py)."""
    if not writer._added:
        return  # nothing added: the commit writes no segment
    segment = writer._finalize_segment()
    writer.pool = _Written()
    writer._finalize_segment = lambda: segment


def numbered_text(document: dict[str, Any], caches: dict[str, TermCache]) -> dict[str, Any]:
    """`document` with each text field of `caches` analysed once into term numbers, as
    `add_document` takes it (entries and sources alike)."""
    for name, cache in caches.items():
        document[name] = Numbered(*cache.numbered(document[name]), cache.terms)
    return document


def add_document(writer: SegmentWriter, document: dict[str, Any]) -> None:
    """Whoosh's `SegmentWriter.add_document` for a rebuild's documents (in memory, no boosts,
    no stored text, no vectors or spelling fields): a text already analysed goes to the pool
    in one call, not a generator and a call for every term."""
    perdoc, schema, docnum, pool = writer.perdocwriter, writer.schema, writer.docnum, writer.pool
    perdoc.start_doc(docnum)
    try:
        for name in sorted(document):
            value = document[name]
            if value is not None:
                _add_field(perdoc, pool, schema[name], name, value, docnum)
    except ValueError:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True  # a writer with nothing added commits no segment
    writer.docnum += 1


def _add_field(perdoc: Any, pool: MemoryPool, field: Any, name: str, value: Any, docnum: int):
    """One field of a document, as Whoosh's `add_document` adds it (the pool checks each
    field can be written so the first time it meets it)."""
    if isinstance(value, Numbered):
        length = pool.add_numbered(name, docnum, value, field)
        perdoc.add_field(name, field, None, length)  # neither stored nor a column (checked)
        return
    postings, length, column_value = pool.indexed(field, name, value)
    if postings:
        pool.add_postings(name, docnum, postings)
    perdoc.add_field(name, field, value if field.stored else None, length)
    if field.column_type:
        perdoc.add_column_value(name, field.column_type, column_value)


_caches: dict[str, TermCache] = {}


def term_caches(schema: Any) -> dict[str, TermCache]:
    """A cache of terms for each text field of `schema`, kept by this process between parts
    (the words of one part are mostly those of the next)."""
    for name in TEXT_FIELDS:
        analyzer = schema[name].analyzer
        if name not in _caches or _caches[name].analyzer != analyzer or _caches[name].full():
            _caches[name] = TermCache(analyzer)  # a pool still holding the old one's numbers
            # keeps its list of terms
    return {name: _caches[name] for name in TEXT_FIELDS}


def batches(keys: Keys, size: int) -> Iterator[tuple[str, list[int]]]:
    """(kind, up to `size` ids of that kind), in the order of `keys`."""
    for kind in archive.CATEGORIES:
        ids = [entry_id for key_kind, entry_id in keys if key_kind == kind]
        for start in range(0, len(ids), size):
            yield kind, ids[start : start + size]


def database_file(db: Database) -> str | None:
    """The file of `db`, or None when it lives in memory (a helper could not open it)."""
    for row in db.execute("PRAGMA database_list").fetchall():
        if row[1] == "main":
            return row[2] or None
    return None


@contextmanager
def helpers(count: int) -> Iterator[ProcessPoolExecutor | None]:
    """`count` helper processes for the length of a rebuild (None when there are none)."""
    if count < 1:
        yield None
        return
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def write_apart(pool: ProcessPoolExecutor, db_file: str, folder: str, indexname: str, keys: Keys):
    """A helper process writes the entries `keys` names as a segment; its future's result is
    that segment, for the caller's writer to commit (it holds the index's lock)."""
    return pool.submit(_write_segment, db_file, folder, indexname, keys)


def _write_segment(db_file: str, folder: str, indexname: str, keys: Keys) -> Any:
    """In a helper process: the entries' segment, written but not yet in any generation."""
    db = archive.open_db(db_file)
    try:
        ix = whoosh_index.open_dir(folder, indexname=indexname)
        # Its temporary files share the folder of the caller's writer, which removes it.
        writer = in_memory(SegmentWriter(ix, _lk=False, codec=CODEC))
        add_entries(writer, db, keys, load_reference(db), type_labels(db))
        return writer._finalize_segment()  # written by add_entries
    finally:
        db.close()


def keeping(merge: Callable, futures: list[Future]) -> Callable:
    """A merge policy for commit: `merge`'s, then the helpers' segments (in their order)."""

    def policy(writer: SegmentWriter, segments: list) -> list:
        return merge(writer, segments) + [future.result() for future in futures]

    return policy
