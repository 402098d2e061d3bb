"""`flask verify` and the integrity page: changes made behind the archive's back are named."""

from __future__ import annotations

import sqlite3

import pytest

import archive
from archive import chain, users
from archive.migrations import migrations
from archive.verify import record_schema_changes, verify
from views.search_index import get_ix

ABUSE = {"title": "Two men taken in Turbat", "abuse_type": "enforced_disappearance",
         "date_precision": "day", "date_start": "2025-09-03", "district": "Kech"}  # fmt: skip


def flask_verify(app) -> tuple[int, str]:
    """Run `flask verify` on the app; (exit code, output)."""
    result = app.test_cli_runner().invoke(args=["verify"])
    return result.exit_code, result.output


@pytest.fixture
def behind(app):
    """A plain sqlite3 connection to the app's file, as anyone with write access could open."""
    conn = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
    yield conn
    conn.close()


def last_revision(db, entity: str, entity_id: int) -> int:
    return db.execute(
        "SELECT max(revision_id) FROM revisions WHERE entity = ? AND entity_id = ?",
        [entity, entity_id],
    ).fetchone()[0]


def test_archive_with_demo_content_verifies(app):
    code, output = flask_verify(app)
    assert code == 0, output
    assert "OK" in output and "3 abuse reports, 6 attack claims" in output
    assert "Search index holds 3 of 3 abuse reports, 6 of 6 attack claims." in output


def test_changed_entry_field_is_named(app, app_db, behind):
    report_id = app_db.execute("SELECT min(report_id) FROM abuse_reports").fetchone()[0]
    revision_id = last_revision(app_db, "abuse_report", report_id)
    behind.execute("UPDATE abuse_reports SET perpetrator = 'nobody' WHERE report_id = ?",
                   [report_id])  # fmt: skip
    code, output = flask_verify(app)
    assert code != 0
    assert (
        f"abuse report {report_id}: current row differs from revision {revision_id}"
        " (field: perpetrator)" in output
    )


def test_role_changed_behind_the_archive_is_named(app, app_db, behind):
    users.add_user(app_db, "amina", "a long pass phrase", "reader", "tests")
    users.set_role(app_db, "amina", "documenter", "tests")
    assert flask_verify(app)[0] == 0
    behind.execute("UPDATE users SET role = 'admin' WHERE username = 'amina'")
    code, output = flask_verify(app)
    assert code != 0
    assert "user amina: role is admin, last recorded change says documenter" in output


def test_reactivation_behind_the_archive_is_named(app, app_db, behind):
    users.add_user(app_db, "amina", "a long pass phrase", "reader", "tests")
    users.set_active(app_db, "amina", False, "tests")
    assert flask_verify(app)[0] == 0
    behind.execute("UPDATE users SET active = 1 WHERE username = 'amina'")
    assert "user amina: is active, last recorded change says deactivated" in flask_verify(app)[1]


def test_password_hash_swapped_behind_the_archive_is_named(app, app_db, behind):
    for name in ("amina", "bilal"):
        users.add_user(app_db, name, f"{name} pass phrase", "reader", "tests")
    behind.execute("UPDATE users SET password_hash = (SELECT password_hash FROM users"
                   " WHERE username = 'bilal') WHERE username = 'amina'")  # fmt: skip
    assert "user amina: password differs from the last recorded change" in flask_verify(app)[1]


def test_victim_deleted_after_dropping_triggers_is_named(app, app_db, behind):
    source_id = app_db.execute("SELECT min(source_id) FROM sources").fetchone()[0]
    cited = [{"source_id": source_id, "passage": "two men were taken"}]
    report_id = archive.add_entry(app_db, "abuse", ABUSE, cited, "tester", [{"name": "Karim"}])
    victim_id = app_db.execute("SELECT victim_id FROM victims WHERE report_id = ?",
                               [report_id]).fetchone()[0]  # fmt: skip
    behind.execute("DROP TRIGGER victims_no_delete")
    behind.execute("DELETE FROM victims WHERE victim_id = ?", [victim_id])
    code, output = flask_verify(app)
    assert code != 0
    assert f"victim {victim_id} of abuse report {report_id} is missing" in output
    assert "trigger victims_no_delete is missing" in output


def test_citation_slipped_in_is_named(app, app_db, behind):
    claim_id = app_db.execute("SELECT min(claim_id) FROM attack_claims").fetchone()[0]
    revision_id = last_revision(app_db, "attack_claim", claim_id)
    citation_id = behind.execute(
        "INSERT INTO citations (claim_id, source_id, passage, created_at, created_by)"
        " VALUES (?, 1, 'invented', '2025-01-01', 'x')",
        [claim_id],
    ).lastrowid
    expected = f"citation {citation_id} of attack claim {claim_id} is not in revision {revision_id}"
    assert expected in flask_verify(app)[1]


def test_revision_changed_after_dropping_its_trigger_is_named(app, behind):
    behind.execute("DROP TRIGGER revisions_no_update")
    behind.execute("UPDATE revisions SET actor = 'someone else' WHERE revision_id = 3")
    code, output = flask_verify(app)
    assert code != 0
    assert "revision 3: hash does not match its content" in output


def test_revision_rewritten_with_a_fresh_hash_breaks_the_chain(app, behind):
    behind.execute("DROP TRIGGER revisions_no_update")
    columns = ", ".join(chain.CHAINS["revisions"][1])
    behind.execute("UPDATE revisions SET actor = 'someone else' WHERE revision_id = 3")
    values = behind.execute(f"SELECT {columns} FROM revisions WHERE revision_id = 3").fetchone()
    prev_hash = behind.execute("SELECT prev_hash FROM revisions WHERE revision_id = 3").fetchone()
    behind.execute("UPDATE revisions SET row_hash = ? WHERE revision_id = 3",
                   [chain.digest(prev_hash[0], values)])  # fmt: skip
    output = flask_verify(app)[1]
    assert "revision 3: hash" not in output
    assert "revision 4: does not follow revision 3" in output


def test_audit_row_removed_breaks_the_chain(app, behind):
    behind.execute("DROP TRIGGER audit_log_no_delete")
    behind.execute("DELETE FROM audit_log WHERE audit_id = 2")
    assert "audit row 3: does not follow audit row 1" in flask_verify(app)[1]


def test_stored_file_changed_is_named(app, app_db, behind):
    file = archive.SourceFile("leaflet.txt", "text/plain", b"Leaflet text.")
    archive.add_source(app_db, {"title": "Leaflet", "source_type": "other"}, "tester", file)
    behind.execute("DROP TRIGGER source_files_no_update")
    behind.execute("UPDATE source_files SET content = x'00'")
    source_id = app_db.execute("SELECT max(source_id) FROM sources").fetchone()[0]
    expected = (f"stored file {file.sha256[:12]}: content does not match its SHA-256"
                f" (leaflet.txt, source {source_id})")  # fmt: skip
    assert expected in flask_verify(app)[1]


def test_entry_left_without_a_citation_is_named(app, app_db, behind):
    report_id = app_db.execute("SELECT min(report_id) FROM abuse_reports").fetchone()[0]
    # Withdrawing a citation is allowed to the database; the store refuses it for the last one.
    behind.execute("UPDATE citations SET retracted_at = 'now' WHERE report_id = ?", [report_id])
    code, output = flask_verify(app)
    assert code != 0
    assert f"abuse report {report_id}: cites no source (every entry must cite one)" in output


def indexed_behind_the_archive(app, change) -> None:
    """Change the app's search index directly, as a crash or a stray writer could."""
    ix = get_ix(app.config["INDEX_DIR"]).ix
    writer = ix.writer()
    change(writer)
    writer.commit()


def test_entry_missing_from_the_index_is_named(app):
    indexed_behind_the_archive(app, lambda writer: writer.delete_by_term("doc_id", "claim:2"))
    code, output = flask_verify(app)
    assert code != 0
    assert "attack claim 2 is not in the search index" in output
    assert "Search index holds 3 of 3 abuse reports, 5 of 6 attack claims." in output


def test_entry_the_archive_lacks_or_twice_in_the_index_is_named(app):
    def stray(writer) -> None:
        writer.add_document(doc_id="abuse:99", kind="abuse")
        writer.add_document(doc_id="claim:1", kind="claim")

    indexed_behind_the_archive(app, stray)
    output = flask_verify(app)[1]
    assert "the search index holds abuse report 99, not in the archive" in output
    assert "attack claim 1 is in the search index more than once" in output


def test_an_entry_still_queued_for_the_index_is_not_a_problem(app, app_db):
    report_id = app_db.execute("SELECT min(report_id) FROM abuse_reports").fetchone()[0]
    archive.update_entry(app_db, "abuse", report_id, {"place": "Turbat"}, "tester", "Named")
    indexed_behind_the_archive(app, lambda w: w.delete_by_term("doc_id", f"abuse:{report_id}"))
    code, output = flask_verify(app)  # applies the queue first, as the server does
    assert code == 0, output


def test_columns_a_revision_never_recorded_are_not_compared_until_it_does(db, source_id):
    cited = [{"source_id": source_id, "passage": "two men were taken"}]
    report_id = archive.add_entry(db, "abuse", ABUSE, cited, "tester")
    db.execute("ALTER TABLE abuse_reports ADD COLUMN witness TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE abuse_reports SET witness = 'a neighbour'")
    assert verify(db).ok
    archive.update_entry(db, "abuse", report_id, {"perpetrator": "FC"}, "ayesha", "New account")
    db.execute("UPDATE abuse_reports SET witness = 'nobody'")
    assert "(field: witness)" in verify(db).problems[0]


def test_reshaping_migration_is_recorded_as_a_system_revision(db, source_id):
    cited = [{"source_id": source_id, "passage": "two men were taken"}]
    report_id = archive.add_entry(db, "abuse", ABUSE, cited, "tester")
    db.execute("UPDATE abuse_reports SET place = 'Turbat'")  # as a migration might
    assert not verify(db).ok

    assert record_schema_changes(db, ["0099_example"]) == 1
    assert verify(db).ok
    last = archive.history(db, "abuse_report", report_id)[-1]
    assert (last["actor"], last["action"]) == ("system", "migrate")
    assert last["reason"] == "schema migration 0099_example"
    assert last["changes"] == {"place": ["", "Turbat"]}
    assert record_schema_changes(db, ["0100_example"]) == 0


def legacy_archive():
    """An archive as it was before migration 0012, with a source, a report and a user."""
    db = archive.open_db(None)
    migrations.apply(db, stop_before="0012_evidence_never_deleted")
    # Only the reference rows these records need: today's seeding expects today's tables.
    db.execute("INSERT INTO source_types (code, label) VALUES ('news_report', 'News report')")
    db.execute(
        "INSERT INTO abuse_types (code, label) VALUES ('enforced_disappearance', 'Disappearance')"
    )
    stamp = "'2025-01-01T00:00:00+00:00', 'old'"
    db.execute(
        "INSERT INTO sources (title, source_type, created_at, created_by, updated_at,"
        f" updated_by) VALUES ('Old source', 'news_report', {stamp}, {stamp})"
    )
    db.execute(
        "INSERT INTO abuse_reports (abuse_type, status, title, date_precision, created_at,"
        " created_by, updated_at, updated_by) VALUES ('enforced_disappearance', 'alleged',"
        f" 'Old report', 'unknown', {stamp}, {stamp})"
    )
    db.execute(
        f"INSERT INTO citations (report_id, source_id, passage, created_at, created_by)"
        f" VALUES (1, 1, 'old passage', {stamp})"
    )
    db.execute(
        "INSERT INTO revisions (entity, entity_id, action, actor, at) VALUES"
        " ('abuse_report', 1, 'create', 'old', '2025-01-01T00:00:00+00:00')"
    )
    db.execute(
        "INSERT INTO users (username, password_hash, role, password_changed_at, created_at,"
        f" created_by, updated_at, updated_by) VALUES ('amina', 'x', 'admin',"
        f" '2025-01-01T00:00:00+00:00', {stamp}, {stamp})"
    )
    return db


def test_upgraded_archive_is_chained_and_its_records_restated():
    db = legacy_archive()
    archive.migrate(db)

    report = verify(db)
    assert report.ok, report.problems
    assert report.checked["revisions"] == 3 and report.checked["users"] == 1
    last = archive.history(db, "abuse_report", 1)[-1]
    assert last["actor"] == "system"
    assert last["reason"].startswith(
        "schema migration 0012_evidence_never_deleted, 0013_hash_chain"
    )
    revisions = db["revisions"].count
    archive.migrate(db)
    assert db["revisions"].count == revisions
    db.close()


def test_admin_runs_the_check_on_a_page_and_it_is_audited(client, app_db):
    page = client.get("/admin/verify").get_data(as_text=True)
    assert "Check now" in page and 'data-testid="verify-result"' not in page
    assert '<h2 id="result">OK</h2>' in client.post("/admin/verify").get_data(as_text=True)

    app_db.execute("UPDATE attack_claims SET spokesperson = 'nobody' WHERE claim_id = 1")
    page = client.post("/admin/verify").get_data(as_text=True)
    assert "Problems found: 1 problem" in page
    assert "attack claim 1: current row differs from revision" in page
    checks = list(app_db["audit_log"].rows_where("action = 'verify'", order_by="audit_id"))
    assert [row["detail"] for row in checks] == ['{"result": "OK"}', '{"result": "1 problem"}']


@pytest.mark.parametrize("role", ["reader", "documenter", "reviewer"])
def test_only_administrators_may_run_the_check(client_as, role):
    other = client_as(role)
    assert other.get("/admin/verify").status_code == 403
    assert other.post("/admin/verify").status_code == 403
