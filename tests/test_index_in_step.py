"""The index keeps in step with the store: saves, edits, retractions, crashes, two processes."""

from __future__ import annotations

import multiprocessing
import sys

import click
import pytest
from whoosh import fields
from whoosh import index as whoosh_index

import archive
import index
from index import engine
from views import search_index

from .conftest import signed_in_client
from .indexing import add_abuse, found, search


@pytest.fixture
def ix(tmp_path):
    return index.open_index(tmp_path / "index")


def test_counts_facets_and_date_filters_follow_edits_across_segments(db, ix, source_id):
    first = add_abuse(db, source_id, "Taken in Tump", "taken", district="Kech")
    index.apply_pending(ix, db)
    add_abuse(db, source_id, "Taken in Awaran", "taken", district="Awaran",
              date_start="2023-05-01")  # fmt: skip
    index.apply_pending(ix, db)  # a second segment
    archive.update_entry(db, "abuse", first, {"district": "Panjgur"}, "tester", "wrong district")
    index.apply_pending(ix, db)  # the old version is deleted from the first segment
    results = search(ix, db, q="taken")
    assert results.counts["abuse"] == 2
    assert dict(results.facets["district"]) == {"Awaran": 1, "Panjgur": 1}
    in_2023 = search(ix, db, q="taken", date_from="2023-01-01", date_to="2023-12-31")
    assert [hit.entry_id for hit in in_2023.hits["abuse"]] != [first]
    assert in_2023.counts["abuse"] == 1
    everything = search(ix, db)
    assert everything.counts["abuse"] == 2


def test_a_save_becomes_searchable_once_the_queue_is_drained(db, ix, source_id):
    report_id = add_abuse(db, source_id, "Student taken in Tump", "taken from a bus")
    assert found(ix, db, q="Tump") == []
    assert index.apply_pending(ix, db) == 2  # the source and the report
    assert found(ix, db, q="Tump") == [("abuse", report_id)]
    assert archive.queue.pending_count(db) == 0


def test_an_edit_replaces_what_was_indexed(db, ix, source_id):
    report_id = add_abuse(db, source_id, "Student taken in Tump", "taken from a bus")
    index.apply_pending(ix, db)
    archive.update_entry(
        db, "abuse", report_id, {"narrative": "taken at a checkpoint"}, "tester", "typo"
    )
    index.apply_pending(ix, db)
    assert found(ix, db, q="checkpoint") == [("abuse", report_id)]
    assert found(ix, db, q="bus") == []
    assert index.check(ix, db).ok


def test_a_changed_source_reindexes_the_entries_citing_it(db, ix, source_id):
    report_id = add_abuse(db, source_id, "Student taken in Tump")
    index.apply_pending(ix, db)
    archive.update_source(db, source_id, {"outlet": "Dawn"}, "tester", "outlet was missing")
    index.apply_pending(ix, db)
    assert found(ix, db, q="Dawn") == [("abuse", report_id)]


def test_a_retraction_leaves_default_results(db, ix, source_id):
    report_id = add_abuse(db, source_id, "Student taken in Tump")
    index.apply_pending(ix, db)
    archive.retract_entry(db, "abuse", report_id, "Wrong district", "tester")
    index.apply_pending(ix, db)
    assert found(ix, db, q="Tump") == []
    assert index.check(ix, db).ok


def test_a_locked_index_leaves_the_queue_for_later(db, ix, source_id):
    add_abuse(db, source_id, "Student taken in Tump")
    holder = ix.writer()
    try:
        assert index.apply_pending(ix, db, timeout=0.1) == 0
    finally:
        holder.cancel()
    assert archive.queue.pending_count(db) == 2  # the source and the report
    assert index.apply_pending(ix, db) == 2


def test_a_save_while_the_index_is_locked_succeeds_and_is_indexed_later(client, app, app_db):
    shared = search_index.get_ix(app.config["INDEX_DIR"])
    holder = shared.ix.writer()
    try:
        source_id = archive.list_sources(app_db)[0][0]["source_id"]
        add_abuse(app_db, source_id, "Lawyer detained in Panjgur")
        assert client.get("/").status_code == 200  # drains after the request: locked, so waits
    finally:
        holder.cancel()
    assert archive.queue.pending_count(app_db) == 1
    client.get("/")  # the next request that uses the store catches up
    assert client.get("/search?q=Panjgur&format=json").json["counts"]["abuse"] == 1


def test_a_page_does_not_wait_for_the_lock_an_import_holds(client, app, app_db, monkeypatch):
    """While an import's indexer holds the index (from its first rows to its end), a page that
    saved does not wait for the lock: its change stays queued and is indexed afterwards."""
    waits = []
    apply_pending = index.apply_pending

    def recorded(*args, timeout, **kwargs):
        waits.append(timeout)
        return apply_pending(*args, timeout=timeout, **kwargs)

    monkeypatch.setattr(index, "apply_pending", recorded)
    shared = search_index.get_ix(app.config["INDEX_DIR"])
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    run = app_db["import_runs"].insert({
        "mapping": "m", "file_name": "f.csv", "file_sha256": "0" * 64, "actor": "tester",
        "status": "running", "started_at": "2026-12-02T10:00:00Z",
    }).last_pk  # fmt: skip
    holder = shared.ix.writer()
    try:
        add_abuse(app_db, source_id, "Lawyer detained in Panjgur")
        assert client.get("/").status_code == 200
    finally:
        holder.cancel()
    assert waits == [0.0] and archive.queue.pending_count(app_db) == 1
    app_db["import_runs"].update(run, {"status": "done"})
    client.get("/")  # the import over, the next request waits its second again and catches up
    assert waits[-1] == search_index.REQUEST_WRITER_TIMEOUT
    assert client.get("/search?q=Panjgur&format=json").json["counts"]["abuse"] == 1


def test_a_crash_between_store_and_index_is_caught_up_at_start(tmp_path):
    from app import create_app

    config = {
        "TESTING": True,
        "DATA_DIR": str(tmp_path),
        "SECRET_KEY": "t",
        "WTF_CSRF_ENABLED": False,
    }
    db = archive.open_db(tmp_path / "gawahi.db")
    archive.prepare(db)
    source_id = archive.add_source(db, {"title": "Report", "body": "text"}, "tester")
    add_abuse(db, source_id, "Teacher missing in Awaran")  # stored; the index never heard
    db.close()
    client = signed_in_client(create_app(config), "reader")
    assert client.get("/search?q=Awaran&format=json").json["counts"]["abuse"] == 1


def _write_entries(db_path: str, index_path: str, prefix: str, count: int) -> None:
    """In another process: save entries and drain the queue after each, as a server would."""
    db = archive.open_db(db_path)
    ix = index.open_index(index_path)
    source_id = archive.list_sources(db)[0][0]["source_id"]
    for number in range(count):
        add_abuse(db, source_id, f"{prefix} case {number}", f"{prefix}word")
        index.apply_pending(ix, db, timeout=30)
    db.close()


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    db_path, index_path = str(tmp_path / "gawahi.db"), str(tmp_path / "index")
    db = archive.open_db(db_path)
    archive.prepare(db)
    archive.add_source(db, {"title": "Report", "body": "text"}, "tester")
    index.open_index(index_path)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_write_entries, args=(db_path, index_path, name, 15))
        for name in ("alpha", "bravo")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    ix = index.open_index(index_path)
    index.apply_pending(ix, db)  # whatever a process left queued when it stopped
    report = index.check(ix, db)
    assert report.ok and report.indexed == 30
    assert len(found(ix, db, q="alphaword", category="abuse")) == 15
    assert len(found(ix, db, q="bravoword", category="abuse")) == 15
    db.close()


def test_what_first_searches_read_is_read_at_start(client, monkeypatch):
    """The first search after a start reads no column files: start-up read them already
    (demo content; a search with facets, sorted by date, filtered by dates)."""

    def read_again(*args):
        raise AssertionError("a column read at search time")

    for name in ("_read_column", "_group", "_read_lengths"):
        module = engine.postings if name == "_read_lengths" else engine.generation
        monkeypatch.setattr(module, name, read_again)
    answer = client.get("/search?q=attack&sort=newest&date_from=2020-01-01&format=json")
    assert answer.status_code == 200
    assert answer.json["counts"]["claim"] >= 1
    assert answer.json["facets"]


class RetiredField(fields.ID):
    """A field type an older version of the code had, gone from this one."""


def test_an_index_of_an_older_layout_is_replaced_without_reading_it(tmp_path, monkeypatch):
    """After an upgrade the old index's stored schema may name classes that no longer exist:
    it is made again from the archive, not opened (opening it would stop the server)."""
    path = tmp_path / "index"
    path.mkdir()
    schema = index.build_schema()
    schema.add("retired", RetiredField())
    with whoosh_index.create_in(str(path), schema).writer() as writer:
        writer.add_document(doc_id="abuse:1", retired="x")
    (path / "gawahi-schema-version").write_text("6")
    monkeypatch.delattr(sys.modules[__name__], "RetiredField")
    ix = index.open_index(path)
    assert "retired" not in ix.schema
    assert ix.doc_count() == 0
    assert (path / "gawahi-schema-version").read_text() == index.SCHEMA_VERSION


def test_only_a_server_reads_ahead_for_searches_a_flask_command_does_not(tmp_path, monkeypatch):
    from app import create_app

    warmed: list[str] = []
    monkeypatch.setattr(engine.generation.Generation, "warm", lambda gen: warmed.append("warm"))
    config = {"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t"}
    with click.Context(click.Command("flask")):  # as `flask index rebuild` builds the app
        create_app(config)
    assert warmed == []
    create_app(config)  # as `make run` builds it
    assert warmed == ["warm"]
