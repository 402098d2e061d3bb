"""`flask export-bundle`, `import-bundle`, `backup` and `restore`: the whole archive out and in.

A bundle is the archive as JSON Lines and files (no passwords, no second-factor secrets), for
moving or keeping it in a readable form; a backup is a consistent copy of the SQLite file for
getting it back as it was. Both hold confidential names: see docs/backups.md.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

import archive
import index as search_index
from archive import backups
from forms.common import translated
from views.search_index import get_ix
from views.store import get_db

from .users import console_actor


def _data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def _rebuild_index(db) -> None:
    """The index is derived: made again from what was just put in place."""
    shared = get_ix(current_app.config["INDEX_DIR"])
    count, _sources = search_index.rebuild_all(shared.ix, shared.sources_ix, db)
    click.echo(_("Search index rebuilt: %(count)d entries.", count=count))


def _reason(error: archive.ArchiveError) -> str:
    """Why the store refused, in the console's language when it marked its message."""
    return translated(error.args[0]) if len(error.args) == 1 else str(error)


def _refused(error: archive.ArchiveError) -> click.ClickException:
    reason = _reason(error)
    return click.ClickException(_("Refused: %(reason)s Nothing was changed.", reason=reason))


@click.command("export-bundle")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_bundle(dest: Path) -> None:
    """Write the whole archive to DEST (a .zip): every table as JSON Lines, stored files, and a
    manifest of SHA-256 sums. It holds confidential names: store it encrypted."""
    manifest = backups.export_bundle(get_db(), dest, console_actor())
    rows = sum(table["rows"] for table in manifest["tables"].values())
    click.echo(_("Wrote %(dest)s: %(tables)d tables, %(rows)d rows, %(members)d members.",
                 dest=dest, tables=len(manifest["tables"]), rows=rows,
                 members=len(manifest["members"])))  # fmt: skip
    left_out = "; ".join(f"{t} ({why})" for t, why in manifest["left_out"].items())
    click.echo(_("Left out: %(tables)s", tables=left_out))
    click.echo(_("It holds confidential names and sources: keep it encrypted (docs/backups.md)."))


@click.command("import-bundle")
@click.argument("src", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_bundle(src: Path) -> None:
    """Load the bundle SRC into this archive, which must be unused; every member is checked
    against the manifest first. Accounts come back without passwords."""
    db = get_db()
    try:
        counts = backups.import_bundle(src, db, _data_dir(), console_actor())
    except archive.ArchiveError as error:
        raise _refused(error) from None
    click.echo(_("Imported %(rows)d rows into %(tables)d tables.", rows=sum(counts.values()),
                 tables=len(counts)))  # fmt: skip
    _rebuild_index(db)
    accounts = db["users"].count
    if accounts:
        click.echo(_("Accounts without a password yet: %(count)d. Give each one with `flask "
                     "users set-password NAME`.", count=accounts))  # fmt: skip


@click.command("backup")
@click.argument("dest_dir", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup(dest_dir: Path) -> None:
    """Copy the archive, consistently even while it is in use, into a new dated folder under
    DEST_DIR, with a manifest of SHA-256 sums. The search index is not copied (it is rebuilt)."""
    try:
        folder = backups.backup(get_db(), dest_dir, console_actor())
    except archive.ArchiveError as error:
        raise click.ClickException(_reason(error)) from None
    manifest = backups.check_backup(folder)
    database = manifest["files"][backups.DATABASE]
    click.echo(_("Backed up to %(folder)s: %(size)d bytes, sha256 %(sha256)s, %(files)d stored "
                 "files; every hash checked.", folder=folder, size=database["size"],
                 sha256=database["sha256"], files=len(manifest["stored_files"])))  # fmt: skip


@click.command("restore")
@click.argument("src_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace an archive in use (it is kept aside).")
@with_appcontext
def restore(src_dir: Path, replace: bool) -> None:
    """Restore the backup in SRC_DIR into this data folder after checking every hash; an
    archive in use is replaced only with --replace. Then the search index is rebuilt."""
    db = get_db()
    try:
        kept = backups.restore(src_dir, db, _data_dir(), console_actor(), replace)
    except archive.ArchiveError as error:
        raise _refused(error) from None
    if kept:
        click.echo(_("The archive it replaced is kept in %(folder)s.", folder=kept))
    click.echo(_("Restored %(folder)s.", folder=src_dir))
    _rebuild_index(db)
    click.echo(_("Run `flask verify` to check it."))


COMMANDS = (export_bundle, import_bundle, backup, restore)
