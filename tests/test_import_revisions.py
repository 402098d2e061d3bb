"""An import batch writes its revisions together at the batch's end: each imported entry and
source still has its revision (who, when, why: the import), the snapshot the one-by-one path
took, its chain link and its audit row; a refused row leaves none behind."""

from __future__ import annotations

import contextlib
import json

import pytest

import archive
from archive import audit, chain, import_files, imports
from archive.verify import verify

from .test_imports import HEADER, MAPPING, ROWS, write_csv

# Row 2 is created, row 4 refused after its source was added (a title too long for the store),
# row 5 changes the entry row 2 created, in the same batch: each snapshot is its own moment.
BATCH = [
    ROWS[0],
    ROWS[1],
    ["A9", "T" * 301, *ROWS[2][2:6], "New headline", "https://example.org/a9", "Refused."],
    [ROWS[0][0], "Man taken from his home in Turbat", *ROWS[0][2:]],
    ROWS[2],
]


def import_rows(db, tmp_path, rows, batched=True, monkeypatch=None):
    """Import `rows` (one batch); with `batched` False, revisions written one by one as
    before, snapshot and all."""
    if not batched:
        monkeypatch.setattr(imports, "revisions_in_batch", lambda db: contextlib.nullcontext())
    path = write_csv(tmp_path / ("batched.csv" if batched else "one_by_one.csv"), rows, HEADER)
    return imports.run_import(db, import_files.open_table(path), MAPPING, "documenter")


def _timeless(value):
    """A value with its timestamps set aside (two runs are seconds apart)."""
    if isinstance(value, dict):
        return {k: _timeless(v) for k, v in value.items() if not k.endswith("_at")}
    if isinstance(value, list):
        return [_timeless(item) for item in value]
    return value


def revisions(db) -> list[dict]:
    """Every revision as the history shows it, snapshot included, timestamps aside."""
    rows = db.query(
        "SELECT revision_id, entity, entity_id, action, actor, reason, changes, snapshot"
        " FROM revisions ORDER BY revision_id"
    )
    return [_timeless({**row, "changes": json.loads(row["changes"]),
                       "snapshot": json.loads(row["snapshot"])}) for row in rows]  # fmt: skip


def test_revisions_written_at_the_batch_end_are_those_written_one_by_one(tmp_path, monkeypatch):
    batched, one_by_one = archive.open_db(None), archive.open_db(None)
    for db in (batched, one_by_one):
        archive.prepare(db)
    summary = import_rows(batched, tmp_path, BATCH)
    import_rows(one_by_one, tmp_path, BATCH, batched=False, monkeypatch=monkeypatch)
    assert [o.action for o in summary.outcomes] == [
        "created", "created", "refused", "updated", "created"
    ]  # fmt: skip
    assert revisions(batched) == revisions(one_by_one)
    first, updated = (r for r in revisions(batched) if r["entity"] == "abuse_report"
                      and r["entity_id"] == summary.outcomes[0].entry_id)  # fmt: skip
    assert first["snapshot"]["row"]["title"] == "Man taken in Turbat"
    assert updated["snapshot"]["row"]["title"] == "Man taken from his home in Turbat"
    for db in (batched, one_by_one):
        report = verify(db)
        assert report.ok, report.problems


def test_a_refused_row_leaves_no_revision_and_every_revision_its_audit_row(db, tmp_path):
    import_rows(db, tmp_path, BATCH)
    # Two sources (a1 cited twice), three entries, one update: the refused row's source is gone.
    assert db["sources"].count == 2
    assert [(r["entity"], r["action"]) for r in revisions(db)] == [
        ("source", "create"), ("abuse_report", "create"), ("source", "create"),
        ("abuse_report", "create"), ("abuse_report", "update"), ("abuse_report", "create"),
    ]  # fmt: skip
    audited = db.execute(
        "SELECT r.revision_id, a.actor, a.action FROM revisions r"
        " JOIN audit_log a ON a.revision_id = r.revision_id ORDER BY r.revision_id"
    ).fetchall()
    assert audited == [(n, "documenter", "change") for n in range(1, 7)]
    assert verify(db).ok


def test_an_imported_entry_s_first_revision_says_it_came_from_the_import(db, tmp_path):
    summary = import_rows(db, tmp_path, ROWS)
    entry_id = summary.outcomes[1].entry_id
    (created,) = archive.history(db, "abuse_report", entry_id)
    assert (created["action"], created["actor"]) == ("create", "documenter")
    assert created["reason"] == "import test-map: row 3"


@pytest.mark.parametrize("rows", [3, 250])
def test_snapshots_are_read_once_a_batch_not_once_a_row(db, tmp_path, rows):
    lines = [[f"R{n}", f"Report {n}", *ROWS[0][2:7], f"https://example.org/{n}", "Quote."]
             for n in range(rows)]  # fmt: skip
    statements = []
    db.conn.set_trace_callback(statements.append)
    try:
        summary = import_rows(db, tmp_path, lines)
    finally:
        db.conn.set_trace_callback(None)
    assert summary.counts == {"created": rows}
    # The one-by-one path read each entry's citations for its snapshot: one read a row.
    reads = [s for s in statements if s.startswith("SELECT * FROM citations WHERE report_id")]
    batches = -(-rows // imports.BATCH_ROWS)
    assert len(reads) == batches
    assert verify(db).ok


def audit_rows(db) -> list[tuple]:
    """Every audit row as the audit page shows it (its time aside), with its revision's id."""
    return db.execute(
        "SELECT audit_id, actor, action, subject, detail, address, revision_id, snapshot"
        " FROM audit_log ORDER BY audit_id"
    ).fetchall()


def test_a_batch_s_audit_rows_are_those_the_trigger_writes_without_its_work_a_row(
    tmp_path, monkeypatch
):
    batched, one_by_one = archive.open_db(None), archive.open_db(None)
    for db in (batched, one_by_one):
        archive.prepare(db)
        audit.set_address(db, "203.0.113.7")
    hashed_by_sql = []

    def chain_hash(prev, *values):
        hashed_by_sql.append(values)
        return chain.digest(prev or chain.GENESIS, values)

    batched.conn.create_function("chain_hash", -1, chain_hash)
    import_rows(batched, tmp_path, BATCH)
    import_rows(one_by_one, tmp_path, BATCH, batched=False, monkeypatch=monkeypatch)
    # The same rows (the one-by-one path fires the trigger for each revision)...
    assert audit_rows(batched) == audit_rows(one_by_one)
    assert len(audit_rows(batched)) == 6 and audit_rows(batched)[0][5] == "203.0.113.7"
    # ...without the trigger's work (two reads, a hash called back from SQL, an insert a row).
    assert hashed_by_sql == []
    # A save through a form afterwards is audited by the trigger, next in the chain.
    entry_id = batched.execute("SELECT max(report_id) FROM abuse_reports").fetchone()[0]
    archive.update_entry(batched, "abuse", entry_id, {"title": "Retitled by hand"}, "editor",
                         "a typo")  # fmt: skip
    last = audit_rows(batched)[-1]
    assert last[1:4] == ("editor", "change", f"abuse_report {entry_id}")
    assert last[6] == batched.execute("SELECT max(revision_id) FROM revisions").fetchone()[0]
    report = verify(batched)
    assert report.ok, report.problems
    assert report.checked["audit_log"] == 7


def test_a_row_refused_after_an_earlier_row_s_revisions_were_written_loses_none_of_them(
    db, tmp_path
):
    # Row 4 changes the entry row 2 created (the batch's waiting revisions are written before
    # the change), then is refused (its passage is too long): its savepoint undoes that writing.
    rows = [ROWS[0], ROWS[1], [ROWS[0][0], "Retitled", *ROWS[0][2:8], "Q" * 20_000]]
    summary = import_rows(db, tmp_path, rows)
    assert [o.action for o in summary.outcomes] == ["created", "created", "refused"]
    assert [(r["entity"], r["entity_id"], r["action"]) for r in revisions(db)] == [
        ("source", 1, "create"), ("abuse_report", 1, "create"),
        ("source", 2, "create"), ("abuse_report", 2, "create"),
    ]  # fmt: skip
    assert revisions(db)[1]["snapshot"]["row"]["title"] == "Man taken in Turbat"
    report = verify(db)
    assert report.ok, report.problems
