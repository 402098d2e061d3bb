"""`flask index rebuild` and `flask index check`, through Flask's CLI runner."""

from __future__ import annotations

import archive
import index
from views.search_index import get_ix

from .indexing import add_abuse


def test_check_passes_when_in_step(app):
    result = app.test_cli_runner().invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output
    assert "9 entries in the archive, 9 in the index" in result.output


def test_check_fails_on_a_missing_entry_and_rebuild_repairs_it(app, app_db):
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    report_id = add_abuse(app_db, source_id, "Missing from the index")
    archive.queue.mark_applied(app_db, [row["queue_id"] for row in archive.queue.pending(app_db)])
    runner = app.test_cli_runner()
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 1
    assert f"Missing from the index: abuse:{report_id}" in result.output
    rebuilt = runner.invoke(args=["index", "rebuild", "--procs", "1"])
    assert rebuilt.exit_code == 0 and "Indexed 10 entries." in rebuilt.output
    assert runner.invoke(args=["index", "check"]).exit_code == 0


def test_check_fails_on_an_entry_indexed_twice(app, app_db):
    ix = get_ix(app.config["INDEX_DIR"]).ix
    writer = ix.writer()
    writer.add_document(
        **index.build_document(index.load_record(app_db, "abuse", 1), index.Reference())
    )
    writer.commit()
    result = app.test_cli_runner().invoke(args=["index", "check"])
    assert result.exit_code == 1 and "Indexed more than once: abuse:1" in result.output


def test_multiprocess_rebuild_indexes_everything_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["index", "rebuild"]).exit_code == 0
    assert runner.invoke(args=["index", "check"]).exit_code == 0


def test_every_command_has_help(app):
    for name in ("rebuild", "check"):
        result = app.test_cli_runner().invoke(args=["index", name, "--help"])
        assert result.exit_code == 0 and len(result.output.splitlines()) > 3
