"""An import's entries indexed while its rows are still stored (`index.RunIndexer`): each entry
found once, as last saved, even when a later row changed it; a busy index or a failed store
leaves the run to be indexed whole, as before."""

from __future__ import annotations

import os
import time
from concurrent.futures import BrokenExecutor, ThreadPoolExecutor

import pytest

import archive
import index as search_index
from archive import import_files, imports
from index import writing

from .test_imports import MAPPING, ROWS, write_csv


def rows(count: int) -> list[list[str]]:
    """`count` rows, each its own report citing its own web page."""
    return [[f"R{n}", f"Report number {n}", *ROWS[0][2:7], f"https://example.org/{n}", "Q."]
            for n in range(count)]  # fmt: skip


def indexes(tmp_path):
    """The entries' and the sources' index in a fresh folder."""
    folder = tmp_path / "index"
    return search_index.open_index(folder), search_index.open_source_index(folder)


def titles_found(ix, db, words: str) -> list[str]:
    """The titles of the abuse reports a search finds (on its first page)."""
    found = search_index.search(
        ix, search_index.SearchParams(q=words), search_index.load_reference(db)
    )
    ids = [hit.entry_id for hit in found.hits.get("abuse", [])]
    return sorted(archive.get_entry(db, "abuse", entry_id)["title"] for entry_id in ids)


def count_found(ix, db, words: str) -> int:
    """How many abuse reports a search finds."""
    params = search_index.SearchParams(q=words)
    return search_index.search(ix, params, search_index.load_reference(db)).counts["abuse"]


def import_with(db, ix, six, path, sources_early=True):
    """Import `path` in batches of 2 rows, indexing chunks of 3 entries while it stores (and
    the new sources they cite, unless not `sources_early`); each chunk is written by the helper
    before the next batch is stored (as on a busy machine it may be long before the import's
    end)."""
    table = import_files.open_table(path)
    early = six if sources_early else None
    with (
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool, sources_ix=early) as indexer,
    ):

        def written(outcomes):
            indexer.written(outcomes)
            for future in [future for _, future in indexer.sent] + indexer.sources_futures:
                future.result()

        summary = imports.run_import(db, table, MAPPING, "tester", batch_rows=2, written=written)
        sent_while_storing = len(indexer.sent)
        indexed = indexer.finish(summary.run_id, six)
    return summary, indexed, sent_while_storing


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(writing, "IMPORT_CHUNK", 3)


def test_entries_are_indexed_while_the_rows_are_stored_each_once(empty_app, tmp_path, small_chunks):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    # The last row changes the report of the second, sent to the helper long before.
    first = rows(11)
    first[1][1] = "Report from Zanzibar"
    changed = [*first, ["R1", "Report one retitled", *ROWS[0][2:7], "https://example.org/1",
                        "Q."]]  # fmt: skip
    summary, indexed, sent = import_with(db, ix, six, write_csv(tmp_path / "a.csv", changed))
    assert summary.counts["created"] == 11 and summary.counts["updated"] == 1
    assert sent >= 2  # chunks went to the helper before the last row was stored
    assert indexed == 11
    report = search_index.check(ix, db)
    assert report.ok and report.indexed == 11, report.problems()
    assert titles_found(ix, db, "retitled") == ["Report one retitled"]
    # Found by its new title only: the version the helper read first is gone.
    assert titles_found(ix, db, "zanzibar") == []
    assert count_found(ix, db, "report") == 11
    assert search_index.check_sources(six, db) == ([], [], [])
    assert db["import_runs"].get(summary.run_id)["status"] == "done"
    assert db["index_queue"].count == 0


def test_a_busy_index_leaves_the_run_to_be_indexed_at_the_end(
    empty_app, tmp_path, small_chunks, monkeypatch
):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    monkeypatch.setattr(writing, "WRITER_TIMEOUT", 0.1)
    busy = ix.writer()  # another writer (a save, a rebuild) holds the lock
    table = import_files.open_table(write_csv(tmp_path / "a.csv", rows(8)))
    with (
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool) as indexer,
    ):
        summary = imports.run_import(
            db, table, MAPPING, "tester", batch_rows=2, written=indexer.written
        )
        assert indexer.sent == [] and indexer.off
        busy.cancel()
        assert indexer.finish(summary.run_id, six) == 8
    assert search_index.check(ix, db).ok
    assert count_found(ix, db, "report") == 8


def test_a_store_that_fails_frees_the_index_and_its_run_is_indexed_later(
    empty_app, tmp_path, small_chunks, monkeypatch
):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    table = import_files.open_table(write_csv(tmp_path / "a.csv", rows(10)))
    stored = []

    def written_then_fail(outcomes):
        stored.append(outcomes)
        indexer.written(outcomes)
        if len(stored) == 3:
            raise KeyboardInterrupt  # stopped after its third batch

    with (
        pytest.raises(KeyboardInterrupt),
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool) as indexer,
    ):
        imports.run_import(db, table, MAPPING, "tester", batch_rows=2,
                           written=written_then_fail)  # fmt: skip
    assert indexer.sent  # a chunk had been sent: its segment is never committed
    ix.writer(timeout=1.0).cancel()  # the lock was released (else LockError)
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 0  # nothing of the stopped run was committed
    # Run again, it resumes after the sixth row and indexes all ten entries.
    _, indexed, _ = import_with(db, ix, six, write_csv(tmp_path / "a.csv", rows(10)))
    assert indexed == 10
    assert search_index.check(ix, db).ok
    assert count_found(ix, db, "report") == 10


def test_an_imported_sources_words_are_found_as_a_phrase(empty_app, tmp_path, small_chunks):
    # Phrases read each word's positions back from the sources' index: a group's or a place's
    # name of several words is searched as one. Positions written in the wrong format broke it.
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    import_with(db, ix, six, write_csv(tmp_path / "a.csv", ROWS))
    ref = search_index.load_reference(db)

    def sources_found(words: str) -> int:
        params = search_index.SearchParams(q=words)
        return search_index.search_sources(six, db, params, ref=ref).count

    assert sources_found('"man picked up"') == 1
    assert sources_found('"student missing"') == 1
    assert sources_found('"picked man up"') == 0


def test_a_helper_that_dies_loses_no_row_and_the_run_is_indexed_later(
    empty_app, tmp_path, small_chunks
):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    table = import_files.open_table(write_csv(tmp_path / "a.csv", rows(10)))
    with (
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool) as indexer,
    ):
        with pytest.raises(BrokenExecutor):  # the helper dies (killed, out of memory)
            pool.submit(os._exit, 1).result()
        summary = imports.run_import(db, table, MAPPING, "tester", batch_rows=2,
                                     written=indexer.written)  # fmt: skip
        assert summary.counts["created"] == 10  # every row stored all the same
        with pytest.raises(BrokenExecutor):
            indexer.finish(summary.run_id, six)
    assert db["import_runs"].get(summary.run_id)["status"] == "indexing"
    ix.writer(timeout=1.0).cancel()  # the lock was released
    # As the next start does (`unfinished_runs`): the run is indexed whole, each entry once.
    assert search_index.index_run(ix, db, summary.run_id, sources_ix=six) == 10
    assert search_index.check(ix, db).ok
    assert count_found(ix, db, "report") == 10


def sources_found(six, db, words: str) -> int:
    """How many sources a search of the sources finds."""
    params = search_index.SearchParams(q=words)
    return search_index.search_sources(six, db, params, ref=search_index.load_reference(db)).count


def test_the_new_sources_are_indexed_by_the_helper_while_the_rows_are_stored(
    empty_app, tmp_path, small_chunks
):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    cited = rows(10)
    cited[1][7] = "https://example.org/0"  # the page of row 0 is cited by row 1 too
    table = import_files.open_table(write_csv(tmp_path / "a.csv", cited))
    with (
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool, sources_ix=six, rows=10) as indexer,
    ):
        summary = imports.run_import(db, table, MAPPING, "tester", batch_rows=2,
                                     written=indexer.written)  # fmt: skip
        # Chunks of one size (not each twice the last), each with the new sources it cites.
        assert [len(chunk) for chunk, _ in indexer.sent] == [4, 4]
        assert len(indexer.sources_futures) == 2 and len(indexer.sources_sent) == 7
        with six.searcher() as searcher:
            assert searcher.doc_count() == 0  # nothing committed before the last row is in
        assert indexer.finish(summary.run_id, six) == 10
    # Every source once: those the helper wrote and the last rows' own, added at the end.
    assert search_index.check_sources(six, db) == ([], [], [])
    with six.searcher() as searcher:
        assert searcher.doc_count() == db["sources"].count == 9
    assert sources_found(six, db, '"man picked up"') == 9
    six.writer(timeout=1.0).cancel()  # the sources' lock was let go


def test_a_busy_sources_index_leaves_the_sources_to_the_end(
    empty_app, tmp_path, small_chunks, monkeypatch
):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    monkeypatch.setattr(writing, "WRITER_TIMEOUT", 0.1)
    busy = six.writer()  # a save holds the sources' index
    table = import_files.open_table(write_csv(tmp_path / "a.csv", rows(8)))
    with (
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool, sources_ix=six) as indexer,
    ):
        summary = imports.run_import(db, table, MAPPING, "tester", batch_rows=2,
                                     written=indexer.written)  # fmt: skip
        assert indexer.sent and indexer.sources_futures == []  # the entries went all the same
        busy.cancel()
        assert indexer.finish(summary.run_id, six) == 8
    assert search_index.check(ix, db).ok
    assert search_index.check_sources(six, db) == ([], [], [])
    assert sources_found(six, db, '"man picked up"') == 8


def test_a_store_that_fails_frees_the_sources_index_too(empty_app, tmp_path, small_chunks):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    table = import_files.open_table(write_csv(tmp_path / "a.csv", rows(10)))
    stored = []

    def written_then_fail(outcomes):
        stored.append(outcomes)
        indexer.written(outcomes)
        if len(stored) == 3:
            raise KeyboardInterrupt

    with (
        pytest.raises(KeyboardInterrupt),
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(ix, db, pool, sources_ix=six) as indexer,
    ):
        imports.run_import(db, table, MAPPING, "tester", batch_rows=2,
                           written=written_then_fail)  # fmt: skip
    assert indexer.sources_futures  # sources had been sent: their segment is never committed
    six.writer(timeout=1.0).cancel()  # the sources' lock was released (else LockError)
    with six.searcher() as searcher:
        assert searcher.doc_count() == 0
    _, indexed, _ = import_with(db, ix, six, write_csv(tmp_path / "a.csv", rows(10)))
    assert indexed == 10
    assert search_index.check_sources(six, db) == ([], [], [])


def test_an_index_commit_that_fails_lets_the_sources_segment_finish_before_freeing_its_lock(
    empty_app, tmp_path, small_chunks, monkeypatch
):
    db = archive.open_db(empty_app.config["DATABASE"])
    ix, six = indexes(tmp_path)
    table = import_files.open_table(write_csv(tmp_path / "a.csv", rows(8)))
    writing_sources = writing._write_sources_segment

    def slow_sources(*args):
        time.sleep(1.0)  # a helper still writing the sources' segment when the commit fails
        return writing_sources(*args)

    def full_disk(*args):
        raise OSError("No space left on device")

    # Helper threads, so the slow segment writer above is the one they run.
    monkeypatch.setattr(writing, "_write_sources_segment", slow_sources)
    with (
        ThreadPoolExecutor(2) as pool,
        search_index.RunIndexer(ix, db, pool, sources_ix=six) as indexer,
    ):
        summary = imports.run_import(db, table, MAPPING, "tester", batch_rows=2,
                                     written=indexer.written)  # fmt: skip
        assert indexer.sources_futures
        monkeypatch.setattr(writing.bulk_writes, "keeping", full_disk)
        with pytest.raises(OSError, match="No space"):
            indexer.finish(summary.run_id, six)
        # No helper writes into the sources' folder once its lock is let go.
        assert all(future.done() for future in indexer.sources_futures)
    six.writer(timeout=1.0).cancel()  # the sources' lock was released (else LockError)
    monkeypatch.undo()
    # The run is indexed whole later, as after any failure.
    assert search_index.index_run(ix, db, summary.run_id, sources_ix=six) == 8
    assert search_index.check(ix, db).ok
    assert search_index.check_sources(six, db) == ([], [], [])
