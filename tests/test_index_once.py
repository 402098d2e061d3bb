"""Bulk writes are indexed once: a rebuild after them, or an import, indexes each entry and each
source exactly once, counted at Whoosh's writer, through the next server start."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup
from sqlite_utils import Database
from whoosh.writing import SegmentWriter

import archive
import index
from app import create_app
from archive import import_files, imports

from .indexing import add_abuse
from .test_imports import MAPPING, ROWS, write_csv


@pytest.fixture
def written(monkeypatch) -> Counter:
    """(index, document id) -> how many times a writer was given it (by Whoosh's own
    add_document, or by a rebuild's, index/bulk.py)."""
    counts: Counter = Counter()
    add_document, add_in_bulk = SegmentWriter.add_document, index.bulk.add_document

    def counting(writer, **fields):
        counts[(writer.indexname, fields["doc_id"])] += 1
        return add_document(writer, **fields)

    def counting_in_bulk(writer, document):
        counts[(writer.indexname, document["doc_id"])] += 1
        return add_in_bulk(writer, document)

    monkeypatch.setattr(SegmentWriter, "add_document", counting)
    monkeypatch.setattr(index.bulk, "add_document", counting_in_bulk)
    return counts


@pytest.fixture
def config(tmp_path) -> dict:
    return {"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t", "DEMO_CONTENT": False}


def flask_command(config: dict, *args: str):
    """Run `flask ARGS` as the console does: the app is built by the command."""
    cli = FlaskGroup(create_app=lambda: create_app(config))
    return CliRunner().invoke(cli, list(args))


def bulk_write(config: dict, count: int) -> Database:
    """Entries and their sources written through the store, each queued for the index."""
    create_app(config)  # prepares the archive, as the first start does
    db = archive.open_db(config["DATA_DIR"] + "/gawahi.db")
    for number in range(count):
        source_id = archive.add_source(
            db, {"title": f"Report {number}", "body": f"Text {number}."}, "tester"
        )
        add_abuse(db, source_id, f"Detention {number} in Hoshab")
    return db


def test_bulk_writes_then_a_rebuild_index_each_entry_and_source_once(config, written):
    db = bulk_write(config, 30)
    assert archive.queue.pending_count(db) == 60
    result = flask_command(config, "index", "rebuild", "--procs", "1")
    assert result.exit_code == 0, result.output
    assert "Indexed 30 entries." in result.output
    assert archive.queue.pending_count(db) == 0  # nothing left to index again
    create_app(config).test_client().get("/")  # the next start, and a request after it
    assert written == Counter(
        {("MAIN", f"abuse:{n}"): 1 for n in range(1, 31)}
        | {("SOURCES", str(n)): 1 for n in range(1, 31)}
    )


def test_a_flask_command_does_not_catch_the_index_up_at_start(config, written):
    db = bulk_write(config, 3)
    assert flask_command(config, "index", "check").exit_code == 0  # queued, not out of step
    assert written == Counter() and archive.queue.pending_count(db) == 6


def test_an_import_indexes_its_entries_and_sources_once(config, written, tmp_path):

    create_app(config)
    db = archive.open_db(config["DATA_DIR"] + "/gawahi.db")
    table = import_files.open_table(write_csv(tmp_path / "a.csv", ROWS))
    summary = imports.run_import(db, table, MAPPING, "tester")
    assert archive.queue.pending_count(db) == 0  # entries and sources are indexed in bulk
    ix = index.open_index(config["DATA_DIR"] + "/index")
    sources_ix = index.open_source_index(config["DATA_DIR"] + "/index")
    assert index.index_run(ix, db, summary.run_id, sources_ix=sources_ix) == 3
    create_app(config).test_client().get("/")  # the next start, and a request after it
    assert written == Counter(
        {("MAIN", f"abuse:{n}"): 1 for n in range(1, 4)}
        | {("SOURCES", "1"): 1, ("SOURCES", "2"): 1}
    )
    assert index.check_sources(sources_ix, db) == ([], [], [])


def test_a_commit_while_an_import_waits_for_the_lock_loses_none_of_its_segments(config, tmp_path):
    # A save or a merge that commits while an import waits for the index's lock clears every
    # segment file its table of contents does not list: the import's helper processes must not
    # have written theirs yet.
    create_app(config)
    db = archive.open_db(config["DATA_DIR"] + "/gawahi.db")
    table = import_files.open_table(write_csv(tmp_path / "a.csv", ROWS))
    summary = imports.run_import(db, table, MAPPING, "tester")
    folder = Path(config["DATA_DIR"]) / "index"
    ix, sources_ix = index.open_index(folder), index.open_source_index(folder)
    before = set(os.listdir(folder))
    other = ix.writer()  # a save holding the lock
    errors: list[str] = []

    def indexing() -> None:
        try:
            own_db = archive.open_db(config["DATA_DIR"] + "/gawahi.db")
            index.index_run(ix, own_db, summary.run_id, sources_ix=sources_ix, bulk={"procs": 2})
        except Exception as error:  # reported below, with the index's state
            errors.append(repr(error))

    thread = threading.Thread(target=indexing)
    thread.start()
    deadline = time.monotonic() + 10  # long enough for a helper to start and write
    while time.monotonic() < deadline and not written_segment(folder, before):
        time.sleep(0.1)
    other.commit()
    thread.join(timeout=120)
    assert errors == []
    report = index.check(index.open_index(folder), db)
    assert report.ok and report.indexed == 3


def written_segment(folder: Path, before: set[str]) -> bool:
    """Whether a segment not in the folder `before` has been written whole (its .seg file)."""
    return any(name.endswith(".seg") for name in set(os.listdir(folder)) - before)
