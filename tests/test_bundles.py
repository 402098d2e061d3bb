"""Whole-archive bundles: `flask export-bundle` writes everything but the secrets of sign-in,
`flask import-bundle` checks every member and restores it into an unused archive, and a second
export of the restored archive holds the same records."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pyotp
import pytest

import archive
import index
from app import create_app
from archive import sessions, two_factor, users
from archive.bundles import NO_PASSWORD
from archive.demo import figure

from .conftest import TEST_PASSWORD
from .indexing import found

PUBLIC = {"title": "HRCP fact-finding on Turbat", "outlet": "HRCP", "body": "Two men taken."}
SECRET = {"title": "Brother's statement", "body": "Given in confidence.", "confidential": True}
LEAFLET = archive.SourceFile("leaflet.txt", "text/plain", "BLA leaflet, Urdu: گواہی".encode())
ABUSE = {"title": "Two men taken in Turbat", "abuse_type": "enforced_disappearance",
         "date_precision": "day", "date_start": "2025-09-03", "district": "Kech"}  # fmt: skip
CLAIM = {"title": "BLA claims the hijacking of the Jaffar Express", "group_code": "BLA",
         "claim_type": "armed_attack", "claim_medium": "media_statement",
         "date_precision": "day", "date_start": "2025-03-11", "district": "Kachhi"}  # fmt: skip
QUERIES = ("Turbat", "hijacking", "Zahid", "Kech", "leaflet OR taken")


def make_app(folder: Path):
    return create_app({"TESTING": True, "DATA_DIR": str(folder), "SECRET_KEY": "test",
                       "DEMO_CONTENT": False, "WTF_CSRF_ENABLED": False})  # fmt: skip


def cite(source_id: int, passage: str = "Two men were taken from the bazaar.") -> list[dict]:
    return [{"source_id": source_id, "passage": passage}]


def fill(db) -> dict[str, int]:
    """Both categories, a confidential and a file source, victims, figures, a fate, a link, an
    edit, a removed citation, a retraction, and accounts with a second factor."""
    users.add_user(db, "amina", TEST_PASSWORD, "admin", "tests")
    users.add_user(db, "bilal", TEST_PASSWORD, "documenter", "tests")
    users.set_active(db, "bilal", False, "amina")
    secret = pyotp.random_base32()
    two_factor.enrol(db, "amina", secret, pyotp.TOTP(secret).now())
    sessions.start(db, users.get_user(db, "amina"), "127.0.0.1", "tests")
    public = archive.add_source(db, PUBLIC, "amina")
    hidden = archive.add_source(db, SECRET, "amina")
    leaflet = archive.add_source(db, {"title": "Leaflet", "source_type": "other"}, "amina",
                                 LEAFLET)  # fmt: skip
    victims = [{"name": "Zahid Open", "confidential": False}, {"name": "Hidden Brother"}]
    report = archive.add_entry(
        db,
        "abuse",
        ABUSE,
        cite(public) + cite(hidden, "He was taken."),
        "amina",
        victims,
        [figure("missing", 2, "exact", "family")],
    )
    claim = archive.add_entry(db, "claim", CLAIM, cite(leaflet, "We stopped the train."), "amina",
                              figures=[figure("killed", 26, "at_least", "group")])  # fmt: skip
    archive.update_entry(db, "abuse", report, {"place": "Turbat bazaar"}, "amina", "Family said")
    citation = db.execute("SELECT max(citation_id) FROM citations WHERE report_id = ?",
                          [report]).fetchone()[0]  # fmt: skip
    archive.remove_citation(db, "abuse", report, citation, "amina", "Wrong passage")
    zahid = next(iter(archive.victim_labels(db, report)))
    fate = {"status": "missing", "date_precision": "day", "date_start": "2025-09-03"}
    archive.record_fate(db, report, zahid, fate, cite(hidden, "Still missing."), "amina")
    archive.add_link(db, "abuse", report, "same_event", ("claim", claim), "amina")
    wrong = archive.add_entry(db, "abuse", {**ABUSE, "title": "Entered twice"}, cite(public),
                              "amina")  # fmt: skip
    archive.retract_entry(db, "abuse", wrong, "A copy of another entry", "amina")
    return {"report": report, "claim": claim, "hidden": hidden, "amina_secret": secret}


def read_bundle(path: Path) -> tuple[dict, dict[str, list[dict]]]:
    """(manifest, table -> rows) of a bundle."""
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        tables = {
            table: [json.loads(line) for line in zf.read(info["member"]).splitlines()]
            for table, info in manifest["tables"].items()
        }
    return manifest, tables


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def original(tmp_path):
    """An app on a varied archive, its index in step; yields (app, db, ids)."""
    app = make_app(tmp_path / "original")
    db = archive.open_db(app.config["DATABASE"])
    ids = fill(db)
    index.apply_pending(index.open_index(app.config["INDEX_DIR"]), db)
    yield app, db, ids
    db.close()


@pytest.fixture
def bundle(original, tmp_path) -> Path:
    app, _, _ = original
    path = tmp_path / "archive.zip"
    result = run(app, "export-bundle", str(path))
    assert result.exit_code == 0, result.output
    return path


def searches(app, db) -> dict[str, list]:
    ix = index.open_index(app.config["INDEX_DIR"])
    return {q: found(ix, db, q=q) for q in QUERIES}


def test_round_trip_keeps_every_record_and_search(original, bundle, tmp_path):
    app, db, _ = original
    restored = make_app(tmp_path / "restored")
    result = run(restored, "import-bundle", str(bundle))
    assert result.exit_code == 0, result.output
    assert "flask users set-password" in result.output
    again = tmp_path / "again.zip"
    assert run(restored, "export-bundle", str(again)).exit_code == 0
    (first, before), (second, after) = read_bundle(bundle), read_bundle(again)
    assert second["schema_version"] == first["schema_version"]
    assert set(after) == set(before)
    for table, rows in before.items():
        if table == "audit_log":
            # The import adds its own rows after the imported ones: each account's password
            # removed, then the import itself.
            assert after[table][: len(rows)] == rows
            added = [(row["action"], row["subject"]) for row in after[table][len(rows) :]]
            assert added == [("user_password", "amina"), ("user_password", "bilal"),
                             ("bundle_import", "archive.zip")]  # fmt: skip
        else:
            assert after[table] == rows, table
    verified = run(restored, "verify")
    assert verified.exit_code == 0, verified.output
    restored_db = archive.open_db(restored.config["DATABASE"])
    try:
        assert searches(restored, restored_db) == searches(app, db)
        assert all(searches(app, db).values())
    finally:
        restored_db.close()


def test_bundle_holds_confidential_content_and_files_but_no_secrets(original, bundle):
    _, db, ids = original
    manifest, tables = read_bundle(bundle)
    assert any(row["confidential"] for row in tables["sources"])
    assert "Hidden Brother" in {row["name"] for row in tables["victims"]}
    with zipfile.ZipFile(bundle) as zf:
        assert zf.read(f"files/{LEAFLET.sha256}") == LEAFLET.content
        everything = b"".join(zf.read(name) for name in zf.namelist())
    password_hash = users.get_user(db, "amina")["password_hash"]
    assert password_hash.encode() not in everything
    assert ids["amina_secret"].encode() not in everything
    assert {row["password_hash"] for row in tables["users"]} == {None}
    assert {"sessions", "two_factor", "recovery_codes"} <= set(manifest["left_out"])
    assert not {"sessions", "two_factor", "recovery_codes"} & set(tables)


def test_imported_accounts_sign_in_once_given_a_password(bundle, tmp_path):
    restored = make_app(tmp_path / "restored")
    run(restored, "import-bundle", str(bundle))
    db = archive.open_db(restored.config["DATABASE"])
    try:
        assert users.get_user(db, "amina")["password_hash"] == NO_PASSWORD
        assert users.authenticate(db, "amina", TEST_PASSWORD) is None
        result = run(restored, "users", "set-password", "amina", "--password", "a new pass phrase")
        assert result.exit_code == 0, result.output
        assert users.authenticate(db, "amina", "a new pass phrase") is not None
        assert not two_factor.is_enrolled(db, users.get_user(db, "amina")["user_id"])
    finally:
        db.close()
    assert run(restored, "verify").exit_code == 0


def rewrite(bundle: Path, dest: Path, member: str, change) -> Path:
    """A copy of `bundle` with `member` passed through `change` (manifest left as it was)."""
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(dest, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            out.writestr(name, change(data) if name == member else data)
    return dest


def test_a_changed_member_is_refused_by_name_and_nothing_changes(bundle, tmp_path):
    tampered = rewrite(bundle, tmp_path / "t.zip", "tables/sources.jsonl",
                       lambda data: data.replace(b"HRCP", b"XXXX"))  # fmt: skip
    restored = make_app(tmp_path / "restored")
    result = run(restored, "import-bundle", str(tampered))
    assert result.exit_code != 0
    assert "member tables/sources.jsonl does not match its SHA-256" in result.output
    db = archive.open_db(restored.config["DATABASE"])
    assert archive.is_empty(db) and not db["users"].count
    db.close()


def test_a_bundle_from_a_newer_gawahi_is_refused(bundle, tmp_path):
    def newer(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["schema_version"].append("0999_future")
        return json.dumps(manifest).encode()

    future = rewrite(bundle, tmp_path / "f.zip", "manifest.json", newer)
    result = run(make_app(tmp_path / "restored"), "import-bundle", str(future))
    assert result.exit_code != 0 and "newer Gawahi (migrations 0999_future)" in result.output


def test_an_archive_in_use_is_refused(original, bundle):
    app, db, _ = original
    revisions = db["revisions"].count
    result = run(app, "import-bundle", str(bundle))
    assert result.exit_code != 0
    assert "is in use (2 user accounts" in result.output and "Nothing was changed" in result.output
    assert "--replace" not in result.output  # import-bundle never replaces
    assert db["revisions"].count == revisions


def test_tables_and_columns_added_later_travel_and_secrets_stay_out(original, tmp_path):
    app, db, _ = original
    # As other parts of the project add them: a column, a table, and a table of token hashes.
    db.execute("ALTER TABLE sources ADD COLUMN later_note TEXT")
    db.execute("UPDATE sources SET later_note = 'text of ' || title")
    db.execute("CREATE TABLE later_mappings (name TEXT PRIMARY KEY, spec TEXT NOT NULL)")
    db.execute("INSERT INTO later_mappings VALUES ('ucdp-ged', '{}')")
    db.execute("CREATE TABLE later_tokens (token_id INTEGER PRIMARY KEY, token_hash TEXT)")
    db.execute("INSERT INTO later_tokens (token_hash) VALUES ('feedfacefeedface')")
    db.conn.commit()
    path = tmp_path / "later.zip"
    assert run(app, "export-bundle", str(path)).exit_code == 0
    manifest, tables = read_bundle(path)
    assert tables["later_mappings"] == [{"name": "ucdp-ged", "spec": "{}"}]
    assert manifest["left_out"]["later_tokens"] == "holds secrets (column token_hash)"
    restored = make_app(tmp_path / "restored")
    assert run(restored, "import-bundle", str(path)).exit_code == 0
    back = archive.open_db(restored.config["DATABASE"])
    try:
        texts = {row["title"]: row["later_note"] for row in back["sources"].rows}
        assert texts["Leaflet"] == "text of Leaflet"
        assert back["later_tokens"].count == 0 and back["later_mappings"].count == 1
    finally:
        back.close()
