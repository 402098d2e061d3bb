"""Finding the documents that hold an entry without opening every segment on every save.

Whoosh's `update_document` opens a reader on every segment of the index to find the version it
replaces, and so every save did: at 16 segments (the bound at rest, more while merges catch up)
that was most of a save's time, and it grew with the archive. A segment's files never change
once written (only its set of deleted documents does, and that lives in the table of contents),
so a process keeps one reader per segment and opens only the segments it has not seen yet: a
save opens one, the segment the save before it wrote. Readers of segments gone from the index
(merged, or dropped by a rebuild) are closed at the next save.

A kept reader may still list a document deleted since it was opened; deleting it again changes
nothing. Whoosh internals relied on (whoosh3, pinned): `SegmentReader(storage, schema, segment)`
and a writer's `segments` and `storage`, as merging.py uses them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from whoosh.reading import SegmentReader, TermNotFound
from whoosh.writing import SegmentWriter

# (index folder, index name) -> segment id -> its reader, for the indexes written last.
_readers: OrderedDict[tuple[str, str], dict[str, SegmentReader]] = OrderedDict()
INDEXES_KEPT = 4
_lock = threading.Lock()


def delete_indexed(writer: SegmentWriter, doc_ids: Iterable[str]) -> int:
    """Delete in `writer` every document whose id is one of `doc_ids`; returns how many."""
    wanted = list(doc_ids)
    deleted = 0
    with _lock:
        base = 0
        for segment, reader in _segment_readers(writer):
            for doc_id in wanted:
                try:
                    matcher = reader.postings("doc_id", doc_id)
                except TermNotFound:
                    continue
                for docnum in matcher.all_ids():
                    writer.delete_document(base + docnum)
                    deleted += 1
            base += segment.doc_count_all()
    return deleted


def _segment_readers(writer: SegmentWriter) -> list[tuple[object, SegmentReader]]:
    """(segment, reader) for each segment `writer` started from, in order; opens new ones."""
    key = (str(getattr(writer.storage, "folder", id(writer.storage))), writer.indexname)
    kept = _readers.setdefault(key, {})
    _readers.move_to_end(key)
    while len(_readers) > INDEXES_KEPT:
        _close(_readers.popitem(last=False)[1])
    current = {segment.segment_id(): segment for segment in writer.segments}
    for gone in kept.keys() - current.keys():
        kept.pop(gone).close()
    for segment_id, segment in current.items():
        if segment_id not in kept:
            kept[segment_id] = SegmentReader(writer.storage, writer.schema, segment)
    return [(segment, kept[segment.segment_id()]) for segment in writer.segments]


def _close(readers: dict[str, SegmentReader]) -> None:
    for reader in readers.values():
        reader.close()
