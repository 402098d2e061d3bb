"""A faster store that keeps every guarantee: imported rows are written with a fraction of the
statements, and each still has its revision, snapshot, chain link and audit row."""

from __future__ import annotations

import csv
import json

import archive
from archive import import_files, imports, reference
from archive.db import insert_row
from archive.read_once import reading_once
from archive.verify import verify
from bench import synthetic

MAPPING = {**synthetic.MAPPING, "name": "speed"}
HEADER = synthetic.HEADER


def write_rows(path, count):
    """A CSV of `count` synthetic reports (bench/synthetic.py), each citing its own web page and
    counting its dead."""
    return synthetic.write_rows(path, count, words=200)


def import_counting(db, path):
    """Import `path`; (summary, SQL statements run per row)."""
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        summary = imports.run_import(db, import_files.open_table(path), MAPPING, "tester")
    finally:
        db.conn.set_trace_callback(None)
    return summary, len(statements) / len(summary.outcomes)


def test_an_imported_row_takes_few_statements_and_keeps_every_record(db, tmp_path):
    summary, per_row = import_counting(db, write_rows(tmp_path / "a.csv", 60))
    assert summary.counts == {"created": 60}
    # The store ran over 100 statements a row before (a schema read on every insert, a
    # savepoint round every snapshot read, the lists re-read for each row), then 38 (a snapshot
    # read for every revision, a savepoint for every store call). The audit trigger's
    # statements are counted too.
    assert per_row < 30, per_row
    for table, count in [("abuse_reports", 60), ("sources", 60), ("citations", 60),
                         ("figures", 60), ("revisions", 120), ("audit_log", 120)]:  # fmt: skip
        assert db[table].count == count, table
    assert db["index_queue"].count == 0  # its entries and sources are indexed in bulk
    report = verify(db)
    assert report.ok, report.problems
    assert report.checked["revisions"] == 120


def test_each_imported_entry_has_its_revision_with_the_snapshot_verify_recomputes(db, tmp_path):
    summary, _ = import_counting(db, write_rows(tmp_path / "a.csv", 3))
    entry_id = summary.outcomes[0].entry_id
    revision = db.execute(
        "SELECT actor, action, changes, snapshot FROM revisions"
        " WHERE entity = 'abuse_report' AND entity_id = ?",
        [entry_id],
    ).fetchone()
    actor, action, changes, snapshot = revision
    assert (actor, action) == ("tester", "create")
    assert json.loads(changes)["figures"][1][0]["count"] == 1
    assert json.loads(snapshot) == archive.snapshots.take(db, "abuse_report", entry_id)
    db.execute("UPDATE abuse_reports SET title = 'Changed behind its back'")
    assert any("title" in problem for problem in verify(db).problems)


def test_insert_row_stores_what_sqlite_utils_would(db):
    db.execute("CREATE TABLE scratch (scratch_id INTEGER PRIMARY KEY, value, n INTEGER)")
    # A list or a dict is stored as JSON text, as sqlite-utils stores it.
    for value in ("plain", ["a", "ü"], {"b": 1}, None, 3.5):
        row = {"value": value, "n": 7}
        ours, theirs = insert_row(db, "scratch", row), db["scratch"].insert(row).last_pk
        assert theirs == ours + 1
        stored = [db["scratch"].get(pk) for pk in (ours, theirs)]
        assert stored[0] | {"scratch_id": theirs} == stored[1]


def test_lists_are_read_once_inside_a_batch_and_afresh_outside(db):
    reads = []
    db.conn.set_trace_callback(reads.append)
    with reading_once(db):
        for _ in range(5):
            assert "other" in reference.type_labels(db, "abuse_types")
            assert reference.district_province(db, "Kech") == "Balochistan"
    db.conn.set_trace_callback(None)
    assert [sql for sql in reads if sql.startswith("SELECT")] == [
        "SELECT code, label FROM [abuse_types] ORDER BY position, label",
        "SELECT name, province FROM districts",
    ]
    reference.save_type(db, "abuse_types", "abduction", "Abduction", new=True)
    assert "abduction" in reference.type_labels(db, "abuse_types")
    other = archive.open_db(None)
    archive.prepare(other)
    with reading_once(other):
        assert "abduction" in reference.type_labels(db, "abuse_types")
    assert reference.district_province(db, "Nowhere") is None


def test_a_refused_row_takes_back_its_source_and_the_next_row_citing_it_adds_it(db, tmp_path):
    # Sources without a web address are matched by title, outlet and date, read once a batch.
    mapping = {**MAPPING, "figures": [],
               "citations": [{"source": {"title": "headline", "outlet": "outlet"},
                              "passage": "passage"}]}  # fmt: skip
    path = tmp_path / "a.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for ref, title in [("R1", "T" * 301), ("R2", "Second"), ("R3", "Third")]:
            writer.writerow([ref, title, "", "torture", "2024", "Kech", "Same headline", "Dawn",
                             "", f"Passage {ref}.", ""])  # fmt: skip
    summary = imports.run_import(db, import_files.open_table(path), mapping, "tester")
    assert [o.action for o in summary.outcomes] == ["refused", "created", "created"]
    assert db["sources"].count == 1
    cited = {archive.get_entry(db, "abuse", o.entry_id)["citations"][0]["source_id"]
             for o in summary.outcomes[1:]}  # fmt: skip
    assert len(cited) == 1 and verify(db).ok


def test_a_source_many_rows_cite_is_checked_once_a_batch(db, tmp_path):
    from .test_imports import MAPPING as CITING
    from .test_imports import ROWS, write_csv

    # Each row cites the same web page: one source, checked citable once in the batch (it
    # was checked for every citation).
    rows = [[f"S{n}", f"Report {n}", *ROWS[0][2:]] for n in range(20)]
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        table = import_files.open_table(write_csv(tmp_path / "a.csv", rows))
        summary = imports.run_import(db, table, CITING, "tester")
    finally:
        db.conn.set_trace_callback(None)
    assert summary.counts == {"created": 20} and db["sources"].count == 1
    assert sum("SELECT merged_into, retracted_at" in s for s in statements) == 1
    assert db["citations"].count == 20
    assert verify(db).ok
