"""Segments are read from the mapped file in place: opening a searcher copies no index file."""

from __future__ import annotations

import io
import pickle
import random
import tracemalloc

from whoosh import index as whoosh_index

from index.engine.codec import CODEC
from index.engine.mapped import MappedFile, ViewReader
from index.schema import build_schema

WORDS = ["convoy", "raid", "checkpoint", "police", "student", "village", "night", "camp"]


def _index_of(tmp_path, documents: int):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    rng = random.Random(3)
    with ix.writer(codec=CODEC) as writer:
        for number in range(documents):
            text = " ".join(rng.choices(WORDS, k=200)) + f" name{number}"
            writer.add_document(doc_id=f"abuse:{number}", title="Report", text=text, kind="abuse")
    return ix


def test_opening_a_searcher_copies_no_index_file(tmp_path):
    ix = _index_of(tmp_path, 3000)
    size = sum(path.stat().st_size for path in tmp_path.iterdir())
    assert size > 1_000_000  # big enough for a copy to show
    tracemalloc.start()
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            assert searcher.doc_count() == 3000
            assert reader.doc_frequency("text", "name42") == 1
            _, peak = tracemalloc.get_traced_memory()
            files = [reader._terms._postfile]
            assert all(isinstance(f, MappedFile) for f in files)
    finally:
        tracemalloc.stop()
    assert peak < size / 10, (peak, size)


def test_a_view_reads_seeks_and_unpickles_like_a_file():
    records = pickle.dumps((1, 2.5, "three"), 2) + pickle.dumps([4] * 300, 2) + b"tail"
    view, copy = ViewReader(memoryview(records)), io.BytesIO(records)
    for f in (view, copy):
        assert pickle.load(f) == (1, 2.5, "three")
        assert pickle.load(f) == [4] * 300  # longer than one look ahead
        assert f.read() == b"tail"
        assert f.read(3) == b""
    assert view.tell() == copy.tell() == len(records)
    view.seek(-4, io.SEEK_END)
    assert view.read(2) == b"ta"
    view.seek(1, io.SEEK_CUR)
    assert view.read(10) == b"l"
    view.seek(0)
    buffer = bytearray(5)
    assert view.readinto(buffer) == 5 and bytes(buffer) == records[:5]
