"""An import reads the archive's sources without a web address once a run, not once a batch,
and reads them again when another connection has written meanwhile."""

from __future__ import annotations

import csv

import archive
from archive import import_files, imports
from archive.verify import verify
from bench import synthetic

HEADER = synthetic.HEADER
# Sources named by title, outlet and date only (no web address), as UCDP's are.
MAPPING = {**synthetic.MAPPING, "name": "reads", "figures": [],
           "citations": [{"source": {"title": "headline", "outlet": "outlet"},
                          "passage": "passage"}]}  # fmt: skip
READ_ALL = "SELECT title, outlet, published, source_id FROM sources WHERE url IS NULL"


def write_rows(path, headlines):
    """A CSV of one abuse report a headline, each citing a source without a web address."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, headline in enumerate(headlines):
            writer.writerow([f"R{number}", f"Report {number}", "", "torture", "2024", "Kech",
                             headline, "Dawn", "", f"Passage {number}.", ""])  # fmt: skip
    return path


def test_sources_without_an_address_are_read_once_a_run(tmp_path):
    db = archive.open_db(tmp_path / "gawahi.db")
    archive.prepare(db)
    path = write_rows(tmp_path / "a.csv", [f"Headline {n % 9}" for n in range(12)])
    statements = []
    db.conn.set_trace_callback(statements.append)
    summary = imports.run_import(db, import_files.open_table(path), MAPPING, "tester",
                                 batch_rows=2)  # fmt: skip
    db.conn.set_trace_callback(None)
    assert summary.counts == {"created": 12}
    # Six batches: the list was read six times before (and each read reads every such source
    # in the archive, so it cost more the larger the archive).
    assert sum(sql.startswith(READ_ALL) for sql in statements) == 1
    assert db["sources"].count == 9 and verify(db).ok


def test_a_source_another_connection_adds_between_batches_is_cited_not_doubled(tmp_path):
    db = archive.open_db(tmp_path / "gawahi.db")
    archive.prepare(db)
    other = archive.open_db(tmp_path / "gawahi.db")
    path = write_rows(tmp_path / "a.csv", ["First", "Second", "Third", "Added meanwhile"])
    added = []

    def progress(count):
        # After the first batch, someone saves the source the last row cites, by hand.
        if not added:
            source = {"title": "Added meanwhile", "outlet": "Dawn", "body": "Text."}
            added.append(archive.add_source(other, source, "someone"))

    summary = imports.run_import(db, import_files.open_table(path), MAPPING, "tester",
                                 progress=progress, batch_rows=2)  # fmt: skip
    assert summary.counts == {"created": 4}
    last = archive.get_entry(db, "abuse", summary.outcomes[-1].entry_id)
    assert [c["source_id"] for c in last["citations"]] == added
    assert db["sources"].count == 4 and verify(db).ok
    other.close()


def test_a_dry_run_forgets_the_sources_its_batches_rolled_back(tmp_path):
    db = archive.open_db(tmp_path / "gawahi.db")
    archive.prepare(db)
    path = write_rows(tmp_path / "a.csv", ["Same", "Same", "Same", "Same"])
    summary = imports.run_import(db, import_files.open_table(path), MAPPING, "tester",
                                 dry_run=True, batch_rows=2)  # fmt: skip
    assert summary.counts == {"created": 4}
    assert db["sources"].count == 0
    real = imports.run_import(db, import_files.open_table(path), MAPPING, "tester",
                              batch_rows=2)  # fmt: skip
    assert real.counts == {"created": 4}
    assert db["sources"].count == 1 and verify(db).ok
