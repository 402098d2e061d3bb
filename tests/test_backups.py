"""`flask backup` takes a consistent copy while others write; `flask restore` checks every hash
before it changes anything, restores into an unused archive (or replaces one when told, keeping
it aside), and rebuilds the search index."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path

import pytest

import archive
from archive import users

from .conftest import TEST_PASSWORD
from .test_bundles import ABUSE, LEAFLET, cite, make_app, run


def backup_folder(app, dest: Path) -> Path:
    result = run(app, "backup", str(dest))
    assert result.exit_code == 0, result.output
    (folder,) = dest.glob("gawahi-*")
    return folder


@pytest.fixture
def live(tmp_path):
    """An app with an account, a source with a stored file and an entry; yields (app, db)."""
    app = make_app(tmp_path / "live")
    db = archive.open_db(app.config["DATABASE"])
    users.add_user(db, "amina", TEST_PASSWORD, "admin", "tests")
    source = archive.add_source(db, {"title": "Leaflet", "source_type": "other"}, "amina", LEAFLET)
    archive.add_entry(db, "abuse", ABUSE, cite(source), "amina")
    yield app, db
    db.close()


def keep_adding(path: str, committed: list[int], stop: threading.Event) -> None:
    """Add entries through the store, one transaction each, until told to stop."""
    db = archive.open_db(path)
    source = archive.add_source(db, {"title": "Writer's source", "body": "Text."}, "writer")
    try:
        while not stop.is_set():
            title = f"Entry written during the backup {len(committed)}"
            committed.append(archive.add_entry(db, "abuse", {**ABUSE, "title": title},
                                               cite(source), "writer"))  # fmt: skip
    finally:
        db.close()


def test_backup_while_another_writes_restores_all_committed_before_it(live, tmp_path):
    app, _ = live
    committed: list[int] = []
    stop = threading.Event()
    writer = threading.Thread(target=keep_adding, args=(app.config["DATABASE"], committed, stop))
    writer.start()
    try:
        while len(committed) < 20:
            stop.wait(0.01)
        before = set(committed) | {1}
        folder = backup_folder(app, tmp_path / "backups")
    finally:
        stop.set()
        writer.join()
    restored = make_app(tmp_path / "restored")
    result = run(restored, "restore", str(folder))
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt" in result.output
    verified = run(restored, "verify")
    assert verified.exit_code == 0, verified.output
    back = archive.open_db(restored.config["DATABASE"])
    try:
        assert before <= set(archive.entry_ids(back, "abuse"))
    finally:
        back.close()


def test_backup_lists_the_database_and_each_stored_file_with_its_hash(live, tmp_path):
    app, _ = live
    folder = backup_folder(app, tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    copy = (folder / "gawahi.db").read_bytes()
    assert manifest["files"]["gawahi.db"]["sha256"] == hashlib.sha256(copy).hexdigest()
    assert (folder / "SHA256SUMS").read_text() == f"{hashlib.sha256(copy).hexdigest()}  gawahi.db\n"
    assert manifest["stored_files"] == {
        LEAFLET.sha256: {"filename": "leaflet.txt", "size": len(LEAFLET.content)}
    }
    assert sorted(path.name for path in folder.iterdir()) == [
        "SHA256SUMS", "gawahi.db", "manifest.json"]  # fmt: skip
    assert manifest["counts"]["abuse_reports"] == 1


def untouched(app) -> bool:
    db = archive.open_db(app.config["DATABASE"])
    try:
        return archive.is_empty(db) and not db["users"].count
    finally:
        db.close()


def test_a_changed_copy_is_refused_by_name(live, tmp_path):
    folder = backup_folder(live[0], tmp_path / "backups")
    with (folder / "gawahi.db").open("r+b") as copy:
        copy.seek(5000)
        copy.write(b"\x00\x01")
    restored = make_app(tmp_path / "restored")
    result = run(restored, "restore", str(folder))
    assert result.exit_code != 0
    assert "gawahi.db does not match its SHA-256 in the manifest" in result.output
    assert untouched(restored)


def test_a_damaged_stored_file_is_refused_by_name(live, tmp_path):
    folder = backup_folder(live[0], tmp_path / "backups")
    path = folder / "gawahi.db"
    copy = sqlite3.connect(path, isolation_level=None)
    copy.execute("DROP TRIGGER source_files_no_update")
    copy.execute("UPDATE source_files SET content = x'00'")
    copy.close()
    # A manifest rewritten to match the damaged copy: the stored file's own hash still tells.
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["gawahi.db"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    restored = make_app(tmp_path / "restored")
    result = run(restored, "restore", str(folder))
    assert result.exit_code != 0
    assert f"stored file leaflet.txt ({LEAFLET.sha256[:12]}) does not match" in result.output
    assert untouched(restored)


def test_an_archive_in_use_is_replaced_only_when_told_and_kept_aside(live, tmp_path):
    folder = backup_folder(live[0], tmp_path / "backups")
    other = make_app(tmp_path / "other")
    db = archive.open_db(other.config["DATABASE"])
    users.add_user(db, "bilal", TEST_PASSWORD, "admin", "tests")
    refused = run(other, "restore", str(folder))
    assert refused.exit_code != 0
    assert "is in use (1 user account" in refused.output and "--replace" in refused.output
    assert [row["username"] for row in users.list_users(db)] == ["bilal"]
    replaced = run(other, "restore", "--replace", str(folder))
    assert replaced.exit_code == 0, replaced.output
    assert [row["username"] for row in users.list_users(db)] == ["amina"]
    (kept,) = Path(other.config["DATA_DIR"]).glob("gawahi.db.before-restore-*")
    assert str(kept) in replaced.output
    aside = archive.open_db(kept)
    assert [row["username"] for row in users.list_users(aside)] == ["bilal"]
    aside.close()
    db.close()
    assert run(other, "verify").exit_code == 0
