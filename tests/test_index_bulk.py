"""A rebuild keeps postings in memory and writes slices in two processes (index/bulk.py): the
index it makes holds exactly what Whoosh's own writer made from the same entries (terms,
postings, positions, lengths, columns), searches find the same entries with the same scores,
and each entry is written exactly once."""

from __future__ import annotations

from array import array

import numpy as np
import pytest
from whoosh import scoring
from whoosh.qparser import MultifieldParser

import archive
import index
from index.analysis import TermCache
from index.bulk import MemoryPool, Numbered
from index.engine.codec import CODEC, narrow

from .indexing import add_abuse, found, search

NARRATIVES = [
    "Men in plain clothes took the student from his home in Turbat at night.",
    "The family of the teacher said he was taken at a checkpoint near Hoshab; taken again.",
    "A body was found in Mastung, days after the driver disappeared on the road to Quetta.",
    "Security forces detained three brothers; the BLA claimed an attack the same week.",
    "Taken, taken and taken: the word repeats so that positions and counts matter here.",
    "خاندان کے مطابق طالب علم کو رات کے وقت گھر سے اٹھایا گیا۔",
    "Café owner in Gwadar (Makran coast) says his nephew vanished; the CTD denies it.",
]
QUERIES = ["taken", "student Turbat", "Mastung OR Gwadar", "BLA", "طالب", "night -Turbat"]
# Phrases are read by the engine (Whoosh's own phrase matching cannot read our positions).
PHRASES = ['"body was found"', '"taken again"', '"plain clothes"']


@pytest.fixture
def file_db(tmp_path):
    """An archive in a file (helper processes open it themselves), with a dozen entries."""
    db = archive.open_db(str(tmp_path / "gawahi.db"))
    archive.prepare(db)
    source_id = archive.add_source(db, {"title": "Report", "outlet": "Wire", "body": "T."}, "t")
    for number in range(14):
        narrative = NARRATIVES[number % len(NARRATIVES)]
        add_abuse(db, source_id, f"Case {number} in Kech", narrative, passage=f"Passage {number}")
    yield db
    db.close()


def whooshs_own(path, db) -> index.FileIndex:
    """The index Whoosh's own writer (its pool on disk, one process) makes of every entry."""
    ix = index.open_index(path)
    ref, labels = index.load_reference(db), index.documents.type_labels(db)
    writer = ix.writer(codec=CODEC)
    for kind, entry_id in index.writing.all_entry_keys(db):
        writer.add_document(
            **index.build_document(index.load_record(db, kind, entry_id, labels), ref)
        )
    writer.commit()
    return ix


def contents(ix) -> dict:
    """Every posting by (field, term, entry), every length and column value by entry."""
    postings, lengths, columns = {}, {}, {}
    with ix.reader() as reader:
        ids = {docnum: fields["doc_id"] for docnum, fields in reader.iter_docs()}
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                key = (fieldname, text, ids[matcher.id()])
                postings[key] = (matcher.weight(), matcher.value())
                matcher.next()
        for docnum, doc_id in ids.items():
            for fieldname in index.schema.TEXT_FIELDS:
                lengths[doc_id, fieldname] = reader.doc_field_length(docnum, fieldname)
            for fieldname in (*index.FACETS, "date_start", "date_end", "date_oldest"):
                columns[doc_id, fieldname] = reader.column_reader(fieldname)[docnum]
    return {"postings": postings, "lengths": lengths, "columns": columns}


def hits(ix, q: str) -> dict[str, float]:
    """doc id -> BM25F score of every match of `q` in the title and text."""
    parser = MultifieldParser(list(index.schema.TEXT_FIELDS), ix.schema)
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        return {hit["doc_id"]: hit.score for hit in searcher.search(parser.parse(q), limit=None)}


def found_in(ix, db, q: str) -> list[tuple[str, int]]:
    return found(ix, db, q=q, per_page=50)


@pytest.mark.parametrize("procs", [1, 2])
def test_a_rebuild_writes_what_whooshs_own_writer_wrote(tmp_path, file_db, monkeypatch, procs):
    monkeypatch.setattr(index.writing, "SEGMENT_ENTRIES", 5)  # three parts, the last short
    ix = index.open_index(tmp_path / "index")
    assert index.rebuild(ix, file_db, bulk={"procs": procs}) == 14
    expected = whooshs_own(tmp_path / "whoosh", file_db)
    assert contents(ix) == contents(expected)
    assert len(contents(ix)["postings"]) > 300
    for q in QUERIES:
        found = hits(ix, q)
        assert found and found == pytest.approx(hits(expected, q)), q
    for q in PHRASES:
        shown = found_in(ix, file_db, q)
        assert shown and shown == found_in(expected, file_db, q), q


def test_a_rebuild_in_two_processes_indexes_each_entry_once(tmp_path, file_db, monkeypatch):
    monkeypatch.setattr(index.writing, "SEGMENT_ENTRIES", 5)
    ix = index.open_index(tmp_path / "index")
    index.rebuild(ix, file_db, bulk={"procs": 2})
    index.rebuild(ix, file_db, bulk={"procs": 2})  # again: the first part drops the old index
    report = index.check(ix, file_db)
    assert report.ok and report.indexed == 14
    assert search(ix, file_db, q="taken", per_page=50).counts["abuse"] == 4
    # Each part's two slices: this process's segment and the helper's.
    assert index.segment_sizes(ix) == [2, 3, 2, 3, 2, 2]


def test_the_memory_pool_hands_postings_back_in_whooshs_order():
    pool = MemoryPool()
    for docnum, terms in enumerate([[b"b", b"a"], [b"a", b"c"]]):
        for text in terms:
            pool.add(("text", text, docnum, 1.0, b""))
    pool.add(("kind", b"abuse", 0, 1.0, None))
    assert list(pool.iter_postings()) == [
        ("kind", b"abuse", 0, 1.0, None),
        ("text", b"a", 0, 1.0, b""),
        ("text", b"a", 1, 1.0, b""),
        ("text", b"b", 0, 1.0, b""),
        ("text", b"c", 1, 1.0, b""),
    ]


def test_analysed_text_comes_back_posting_by_posting_as_whoosh_indexes_it():
    # A text field's postings are kept as arrays of term numbers and sorted at once; handed
    # back one by one they are what Whoosh's own analysis gives, in its order.
    field = index.schema.build_schema()["title"]  # a boost of 3: weights are counts times 3
    cache, pool = TermCache(field.analyzer), MemoryPool()
    texts = ["Taken again, and taken: the student", "", "the a of", "Student taken at Turbat"]
    for docnum, text in enumerate(texts):
        pool.add_numbered("title", docnum, Numbered(*cache.numbered(text), cache.terms), field)
    pool.add(("kind", b"abuse", 0, 1.0, None))
    analysed = sorted(
        ("title", term, docnum, weight, value)
        for docnum, text in enumerate(texts)
        for term, _, weight, value in field.index(text)
    )
    expected = [("kind", b"abuse", 0, 1.0, None), *analysed]
    assert list(pool.iter_postings()) == expected
    assert len(expected) == 7  # stop words make none


def term_figures(ix) -> dict:
    """Each term's figures as its table holds them: counts, min/max length and weight, ids,
    and where its blocks lie in the postings file (so the blocks are the same size too)."""
    with ix.reader() as reader:
        return {key: vars(reader.term_info(*key)) for key in reader.all_terms()}


def postings_file(ix) -> bytes:
    """The postings file of the index's one segment, byte for byte (block headers and all)."""
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage)
    with storage.open_file(segment.make_filename(CODEC.POSTS_EXT)) as file:
        return bytes(file.read())


@pytest.mark.parametrize("narrow_ranks", [2**16, 0])  # 0: the terms ranked in 64 bits
def test_a_rebuild_writes_whooshs_blocks_term_by_term(tmp_path, file_db, monkeypatch, narrow_ranks):
    # Blocks of three postings: common words span several, the last one short.
    monkeypatch.setattr(CODEC, "_blocklimit", 3)
    monkeypatch.setattr(index.bulk, "NARROW_RANKS", narrow_ranks)
    ix = index.open_index(tmp_path / "index")
    index.rebuild(ix, file_db, bulk={})
    expected = whooshs_own(tmp_path / "whoosh", file_db)
    assert contents(ix) == contents(expected)
    figures = term_figures(ix)
    assert figures == term_figures(expected)
    assert max(figure["_df"] for figure in figures.values()) > 6  # several blocks
    assert postings_file(ix) == postings_file(expected)


@pytest.mark.parametrize(
    "numbers",
    [[], [0], [1, 2, 255], [256], [3, 65535], [65536, 7], [2**32 - 1, 0, 12]],
)
def test_blocks_narrow_numbers_as_numpy_reads_them(numbers):
    kind, data = narrow(numbers)
    assert kind == {1: "<u1", 2: "<u2", 4: "<u4"}[np.dtype(kind).itemsize]
    assert np.frombuffer(data, kind).tolist() == numbers
    widest = max(numbers, default=0)
    assert np.dtype(kind).itemsize == (1 if widest < 2**8 else 2 if widest < 2**16 else 4)
    assert narrow(array("I", numbers)) == (kind, data)


def test_a_writer_writes_its_segment_as_soon_as_its_entries_are_added(tmp_path, file_db):
    # A rebuild's process writes its segment while the helpers still work: its commit, which
    # waits for them, then only lists it.
    ix = index.open_index(tmp_path / "index")
    ref, labels = index.load_reference(file_db), index.documents.type_labels(file_db)
    keys = index.writing.all_entry_keys(file_db)
    writer = index.bulk.in_memory(ix.writer(codec=CODEC))
    before = set(ix.storage.list())
    index.bulk.add_entries(writer, file_db, keys, ref, labels)
    written = set(ix.storage.list()) - before
    assert any(name.endswith(".seg") for name in written)
    document = index.build_document(index.load_record(file_db, *keys[0], labels), ref)
    with pytest.raises(ValueError, match="already written"):
        index.bulk.add_document(writer, document)
    writer.commit()
    assert set(ix.storage.list()) >= written
    assert contents(ix) == contents(whooshs_own(tmp_path / "whoosh", file_db))
