"""Whole-archive bundles: every table as JSON Lines, stored files beside them, and a manifest of
SHA-256 sums; and loading a bundle into a new, schema-less database.

Tables and columns are found at run time (`sqlite_master`, `SELECT *`), so whatever a later
migration adds is carried without a change here. What a bundle leaves out is said below, with
why, and written into each bundle's manifest: the secrets of sign-in, and what is rebuilt.
A bundle holds confidential content (victims' names, confidential sources): it is for the
archive's own administrators, to be kept encrypted.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from sqlite_utils import Database

from .db import utc_now, write_transaction
from .errors import ArchiveError

FORMAT = "gawahi-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SCHEMA = "schema.json"
CHUNK = 1 << 20
BATCH = 1000
# Tables left out, and why. Their definitions still travel (schema.json): they come back empty.
LEFT_OUT = {
    "sessions": "live sign-ins: nobody is signed in on the restored archive",
    "two_factor": "second-factor secrets: reviewers and administrators enrol again",
    "recovery_codes": "second-factor recovery codes, of no use without the secret",
    "setup_tokens": "the one-time link that creates the first administrator",
    "form_submissions": "one-time tokens of forms already sent (the double-click guard)",
    "index_queue": "changes waiting for the search index, which is rebuilt after an import",
}
# A table added later that holds a column named like this (an API token's hash, a salt) is
# left out too until someone decides otherwise: a leaked secret cannot be taken back.
SECRET_COLUMN = re.compile(r"(^|_)(secret|salt|token_hash|code_hash|key_hash)$")
# Columns written empty: the row comes back, this value does not.
EMPTIED = {
    ("users", "password_hash"): "passwords: an administrator gives each account a new one",
}
# What an emptied password hash becomes: it matches no password (not a "method$salt$hash").
NO_PASSWORD = "!no password: set one with `flask users set-password`"
FILE_KEY = "$file"


class BundleError(ArchiveError):
    """A bundle that cannot be read or loaded; the message names the member at fault."""


def sha256_file(stream: IO[bytes]) -> str:
    """The hex SHA-256 of everything left in `stream`."""
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def table_names(db: Database) -> list[str]:
    """Every table of the archive, in the order they were made (SQLite's own excepted)."""
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        " AND substr(name, 1, 7) != 'sqlite_' ORDER BY rowid"
    )
    return [row[0] for row in rows]


def left_out(db: Database) -> dict[str, str]:
    """Table -> why a bundle leaves it out: those named in LEFT_OUT, and any holding a secret."""
    found = {}
    for table in table_names(db):
        secrets = [c.name for c in db[table].columns if SECRET_COLUMN.search(c.name)]
        if table in LEFT_OUT:
            found[table] = LEFT_OUT[table]
        elif secrets:
            found[table] = f"holds secrets (column {', '.join(secrets)})"
    return found


def schema_version(db: Database) -> list[str]:
    """The names of the migrations applied to `db`, in order: its schema's version."""
    if "_sqlite_migrations" not in db.table_names():
        return []
    rows = db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'gawahi' ORDER BY rowid"
    )
    return [row[0] for row in rows]


def _schema(db: Database) -> list[dict[str, str]]:
    rows = db.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND substr(name, 1, 7) != 'sqlite_' ORDER BY rowid"
    )
    return [dict(zip(("type", "name", "table", "sql"), row, strict=True)) for row in rows]


def _rows(db: Database, table: str) -> Iterator[dict[str, Any]]:
    order = ", ".join(f"[{pk}]" for pk in db[table].pks)
    cursor = db.execute(f"SELECT * FROM [{table}] ORDER BY {order}")
    columns = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(columns, values, strict=True))


class _Writer:
    """A zip being written: each member's SHA-256 noted for the manifest."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.sums: dict[str, str] = {}

    def write(self, name: str, stream: IO[bytes]) -> None:
        digest = hashlib.sha256()
        with self.zf.open(name, "w", force_zip64=True) as member:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                member.write(chunk)
        self.sums[name] = digest.hexdigest()

    def write_bytes(self, name: str, data: bytes) -> None:
        if name not in self.sums:
            self.zf.writestr(name, data)
            self.sums[name] = hashlib.sha256(data).hexdigest()


def _encoded(writer: _Writer, table: str, row: dict[str, Any]) -> dict[str, Any]:
    for column, value in row.items():
        if (table, column) in EMPTIED:
            row[column] = None
        elif isinstance(value, bytes):
            # Files are members of their own, named by their SHA-256 (each stored once).
            name = f"files/{hashlib.sha256(value).hexdigest()}"
            writer.write_bytes(name, value)
            row[column] = {FILE_KEY: name}
    return row


def _write_table(writer: _Writer, db: Database, table: str) -> int:
    count = 0
    with tempfile.TemporaryFile() as lines:
        for row in _rows(db, table):
            line = json.dumps(_encoded(writer, table, row), ensure_ascii=False)
            lines.write(line.encode("utf-8") + b"\n")
            count += 1
        lines.seek(0)
        writer.write(f"tables/{table}.jsonl", lines)
    return count


def write_bundle(db: Database, stream: IO[bytes], made_by: str) -> dict[str, Any]:
    """Write the whole archive as a bundle to `stream` (a zip), read in one transaction so it
    is one moment's archive while others write; returns the manifest."""
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        writer = _Writer(zf)
        db.execute("BEGIN")  # one read snapshot for every table
        try:
            manifest = _write_all(writer, db, made_by)
        finally:
            db.execute("ROLLBACK")
        manifest["members"] = writer.sums
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _write_all(writer: _Writer, db: Database, made_by: str) -> dict[str, Any]:
    skipped = left_out(db)
    schema = json.dumps(_schema(db), ensure_ascii=False, indent=1).encode("utf-8")
    writer.write_bytes(SCHEMA, schema)
    tables = {
        table: {"rows": _write_table(writer, db, table), "member": f"tables/{table}.jsonl"}
        for table in table_names(db)
        if table not in skipped
    }
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "created_at": utc_now(),
        "created_by": made_by, "schema_version": schema_version(db),
        "confidential": "holds confidential names and sources: keep it encrypted",
        "tables": tables, "left_out": skipped,
        "emptied": {f"{table}.{column}": why for (table, column), why in EMPTIED.items()},
    }  # fmt: skip


def read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    """The bundle's manifest, after checking every member against its SHA-256 (BundleError
    naming the first member missing, unlisted or changed)."""
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        raise BundleError(f"{MANIFEST} is missing: this is not a Gawahi bundle") from None
    except ValueError:
        raise BundleError(f"{MANIFEST} is not readable JSON") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BundleError(f"{MANIFEST} does not describe a {FORMAT} version {FORMAT_VERSION}")
    sums = manifest.get("members", {})
    present = set(zf.namelist()) - {MANIFEST}
    unlisted = sorted(present - set(sums))
    if unlisted:
        raise BundleError(f"member {unlisted[0]} is not listed in the manifest")
    for name, expected in sums.items():
        if name not in present:
            raise BundleError(f"member {name} is missing")
        with zf.open(name) as member:
            if sha256_file(member) != expected:
                raise BundleError(f"member {name} does not match its SHA-256 in the manifest")
    return manifest


def load_bundle(db: Database, zf: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, int]:
    """Load a checked bundle into `db`, a database with no tables yet: its schema, then its
    rows with the ids they had; returns rows per table. BundleError names what fails."""
    schema = json.loads(zf.read(SCHEMA))
    objects = [item for item in schema if item["type"] != "table"]
    db.execute("PRAGMA foreign_keys = OFF")  # rows arrive table by table, not in key order
    try:
        with write_transaction(db):
            for item in schema:
                if item["type"] == "table":
                    _create(db, item)
            counts = {
                table: _load_table(db, zf, table, info["member"])
                for table, info in manifest["tables"].items()
            }
            for item in objects:  # indexes and triggers once the rows are in: none fires
                _create(db, item)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                table, rowid, parent, _ = broken[0]
                raise BundleError(f"tables/{table}.jsonl: row {rowid} names a missing {parent}")
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    return counts


def _create(db: Database, item: dict[str, str]) -> None:
    sql = item["sql"]
    if not re.match(r"CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|TRIGGER|VIEW)\b", sql, re.IGNORECASE):
        raise BundleError(f"{SCHEMA}: {item['name']} is not a CREATE statement")
    db.execute(sql)


def _load_table(db: Database, zf: zipfile.ZipFile, table: str, member: str) -> int:
    batch: list[dict[str, Any]] = []
    count = 0
    with zf.open(member) as lines:
        for number, line in enumerate(lines, start=1):
            try:
                batch.append(_decoded(zf, table, json.loads(line)))
            except (ValueError, KeyError, TypeError) as error:
                raise BundleError(f"{member}: line {number} cannot be read ({error})") from None
            if len(batch) == BATCH:
                count += _insert(db, table, member, batch)
                batch = []
    return count + _insert(db, table, member, batch)


def _decoded(zf: zipfile.ZipFile, table: str, row: dict[str, Any]) -> dict[str, Any]:
    for column, value in row.items():
        if isinstance(value, dict):
            row[column] = zf.read(value[FILE_KEY])
        elif (table, column) in EMPTIED and value is None:
            row[column] = NO_PASSWORD
    return row


def _insert(db: Database, table: str, member: str, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    columns = list(rows[0])
    listed = ", ".join(f"[{column}]" for column in columns)
    sql = f"INSERT INTO [{table}] ({listed}) VALUES ({', '.join('?' * len(columns))})"
    try:
        db.conn.executemany(sql, [[row[column] for column in columns] for row in rows])
    except (KeyError, ValueError, TypeError) as error:
        raise BundleError(f"{member}: a row does not have the table's columns ({error})") from None
    except sqlite3.Error as error:  # a broken constraint, an unknown column
        raise BundleError(f"{member}: {error}") from None
    return len(rows)
