"""Backups of the SQLite file, restores, and putting an imported bundle in place.

A backup copies the database with SQLite's online backup API in one step: one read transaction,
so the copy is the archive at one moment while the server goes on writing (in WAL mode writers
are not held up). Stored files live in the database (`source_files`), so they travel inside the
copy; the manifest lists the copy's SHA-256 and each stored file's, and a restore checks them
all before it changes anything. The search index is not copied: it is rebuilt from the store.

A restore or an import goes into an archive nobody has used yet (no accounts, no record but the
demo content), or replaces one only when told, keeping the replaced database aside first. The
new contents are copied in with the same backup API, so the target file is never half-written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import audit, bundles, users
from .bundles import schema_version, sha256_file
from .db import open_db
from .errors import ArchiveError
from .migrations import migrate
from .reference import seed_reference_data

FORMAT = "gawahi-backup"
FORMAT_VERSION = 1
DATABASE = "gawahi.db"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
# Who writes while an archive is still fresh: the demo loader and migrations.
FRESH_ACTORS = ("demo", "system")
FRESH_ACTIONS = ("change", "retract", "setup_link", "verify", "user_state")


class BackupError(ArchiveError):
    """A backup that cannot be made or restored; the message names the file at fault."""


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return sha256_file(stream)


def holds_work(db: Database) -> list[str]:
    """What this archive holds beyond a fresh start (accounts, people's records), in words;
    empty when nothing would be lost by replacing it."""
    found = []
    if count := db["users"].count:
        found.append(f"{count} user account{'s' if count > 1 else ''}")
    actors = ",".join("?" * len(FRESH_ACTORS))
    changes = db.execute(
        f"SELECT count(*) FROM revisions WHERE actor NOT IN ({actors})", FRESH_ACTORS
    ).fetchone()[0]
    if changes:
        found.append(f"{changes} change{'s' if changes > 1 else ''} to entries or sources")
    actions = ",".join("?" * len(FRESH_ACTIONS))
    events = db.execute(
        f"SELECT count(*) FROM audit_log WHERE action NOT IN ({actions})", FRESH_ACTIONS
    ).fetchone()[0]
    if events:
        found.append(f"{events} audit row{'s' if events > 1 else ''} of other work")
    return found


def _prepare(db: Database) -> None:
    """A restored or imported archive from an older Gawahi is brought up to date."""
    migrate(db)
    seed_reference_data(db)


def _refuse_newer(version: list[str], target: Database, what: str) -> None:
    newer = [name for name in version if name not in schema_version(target)]
    if newer:
        raise BackupError(
            f"This {what} was written by a newer Gawahi (migrations {', '.join(newer)}):"
            " upgrade this one first."
        )


def backup(db: Database, dest_dir: Path, made_by: str) -> Path:
    """Copy the archive into a new folder under `dest_dir` with its manifest; returns the folder.

    The folder appears only once complete (written under a hidden name, then renamed)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    folder = dest_dir / f"gawahi-{_stamp()}"
    while folder.exists():
        folder = folder.with_name(folder.name + "-1")
    partial = dest_dir / f".{folder.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        manifest = _copy_into(db, partial, made_by)
        partial.rename(folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    audit.record(db, "backup", made_by, str(folder), {"sha256": manifest["files"][DATABASE]})
    return folder


def _copy_into(db: Database, folder: Path, made_by: str) -> dict[str, Any]:
    copy = sqlite3.connect(folder / DATABASE)
    try:
        db.conn.backup(copy)  # one step: one read transaction, one moment
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        copy.close()
    manifest = _describe(folder, made_by)
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    sums = "".join(f"{info['sha256']}  {name}\n" for name, info in manifest["files"].items())
    (folder / CHECKSUMS).write_text(sums)
    return manifest


def _read_only(path: Path) -> Database:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return Database(conn)


def _describe(folder: Path, made_by: str) -> dict[str, Any]:
    path = folder / DATABASE
    copy = _read_only(path)
    try:
        problems = [row[0] for row in copy.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise BackupError(f"{DATABASE}: the copy fails SQLite's check ({problems[0]})")
        stored = {sha: {"filename": name, "size": size} for sha, name, size in copy.execute(
            "SELECT sha256, filename, size FROM source_files ORDER BY sha256")}  # fmt: skip
        counts = {table: copy[table].count for table in bundles.table_names(copy)}
        version = schema_version(copy)
    finally:
        copy.close()
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "created_at": _stamp(),
        "created_by": made_by, "schema_version": version,
        "confidential": "a full copy: names, sources, password hashes and second-factor"
                        " secrets; keep it encrypted",
        "files": {DATABASE: {"sha256": _sha256(path), "size": path.stat().st_size}},
        "stored_files": stored, "counts": counts,
        "not_copied": "the search index: rebuilt from the database after a restore",
    }  # fmt: skip


def check_backup(folder: Path) -> dict[str, Any]:
    """The backup's manifest, after checking every file and stored file against its SHA-256;
    BackupError names the first that is missing or does not match."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder / MANIFEST} is missing: this is not a Gawahi backup") from None
    except ValueError:
        raise BackupError(f"{folder / MANIFEST} is not readable JSON") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{MANIFEST} does not describe a {FORMAT} version {FORMAT_VERSION}")
    for name, info in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from {folder}")
        if _sha256(path) != info["sha256"]:
            raise BackupError(f"{name} does not match its SHA-256 in the manifest")
    _check_stored_files(folder / DATABASE, manifest["stored_files"])
    return manifest


def _check_stored_files(path: Path, listed: dict[str, Any]) -> None:
    copy = _read_only(path)
    try:
        found = set()
        for sha, name, content in copy.execute(
            "SELECT sha256, filename, content FROM source_files ORDER BY sha256"
        ):
            found.add(sha)
            if hashlib.sha256(content).hexdigest() != sha or sha not in listed:
                raise BackupError(f"stored file {name} ({sha[:12]}) does not match its SHA-256")
        missing = sorted(set(listed) - found)
        if missing:
            name = listed[missing[0]]["filename"]
            raise BackupError(f"stored file {name} ({missing[0][:12]}) is missing")
    finally:
        copy.close()


def _refuse_in_use(target: Database, data_dir: Path, replace: bool | None) -> bool:
    """True when the target holds work and `replace` allows replacing it (None: never)."""
    found = holds_work(target)
    if found and not replace:
        instead = "" if replace is None else ", or pass --replace to replace it"
        raise BackupError(
            f"The archive in {data_dir} is in use ({', '.join(found)}): use a new data folder"
            f" (FLASK_DATA_DIR){instead}."
        )
    return bool(found)


def keep_aside(target: Database, data_dir: Path) -> Path:
    """Copy the target database aside before it is replaced; returns the copy's path."""
    path = data_dir / f"{DATABASE}.before-restore-{_stamp()}"
    copy = sqlite3.connect(path)
    try:
        target.conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    return path


def restore(
    folder: Path, target: Database, data_dir: Path, made_by: str, replace: bool = False
) -> Path | None:
    """Check the backup in `folder`, then make `target` a copy of it (brought up to date by
    migrations); returns where the replaced database was kept, if one was."""
    manifest = check_backup(folder)
    source = _read_only(folder / DATABASE)
    try:
        _refuse_newer(schema_version(source), target, "backup")
        kept = keep_aside(target, data_dir) if _refuse_in_use(target, data_dir, replace) else None
        source.conn.backup(target.conn)
    finally:
        source.close()
    _prepare(target)
    detail = {"sha256": manifest["files"][DATABASE]["sha256"], "kept": str(kept or "")}
    audit.record(target, "restore", made_by, str(folder), detail)
    return kept


def import_bundle(path: Path, target: Database, data_dir: Path, made_by: str) -> dict[str, int]:
    """Check the bundle at `path`, load it into a new database beside the target, then copy that
    into the (unused) target; returns rows per table."""
    staged_path = data_dir / ".gawahi-import.db"
    _remove_database(staged_path)
    with zipfile.ZipFile(path) as zf:
        manifest = bundles.read_manifest(zf)
        _refuse_newer(manifest["schema_version"], target, "bundle")
        _refuse_in_use(target, data_dir, replace=None)
        staged = open_db(staged_path)
        try:
            counts = bundles.load_bundle(staged, zf, manifest)
            _finish_import(staged, path, made_by)
            staged.conn.backup(target.conn)
        finally:
            staged.close()
            _remove_database(staged_path)
    return counts


def _finish_import(staged: Database, path: Path, made_by: str) -> None:
    _prepare(staged)
    reason = "imported from a bundle, which carries no passwords"
    for row in staged["users"].rows_where(order_by="user_id"):
        # Recorded, so verify finds each account as its last audit row says.
        audit.record(staged, "user_password", made_by, row["username"], {"reason": reason},
                     snapshot=users.state(staged, row["user_id"]))  # fmt: skip
    audit.record(staged, "bundle_import", made_by, path.name, {"sha256": _sha256(path)})


def export_bundle(db: Database, dest: Path, made_by: str) -> dict[str, Any]:
    """Write the whole archive as a bundle at `dest` (complete or not at all); returns the
    manifest. The export is audited: the file holds every confidential name."""
    partial = dest.with_name(f".{dest.name}.partial")
    try:
        with partial.open("wb") as stream:
            manifest = bundles.write_bundle(db, stream, made_by)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    detail = {"sha256": _sha256(dest), "tables": len(manifest["tables"])}
    audit.record(db, "bundle_export", made_by, str(dest), detail)
    return manifest


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with_suffix = Path(str(path) + suffix)
        if with_suffix.exists():
            os.remove(with_suffix)
