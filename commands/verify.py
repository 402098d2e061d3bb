"""`flask verify`: check the archive against its revisions, audit log and hash chains, and the
search index against the archive."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

import archive
import index as search_index
from archive.verify import verify
from views.search_index import drain, get_ix
from views.store import get_db

LABELS = {
    "revisions": "revisions",
    "audit_log": "audit rows",
    "abuse_reports": "abuse reports",
    "attack_claims": "attack claims",
    "sources": "sources",
    "users": "users",
    "source_files": "stored files",
}


def index_report(db) -> search_index.CheckReport:
    """The index compared with the archive, once what is queued has been applied (if it can)."""
    shared = get_ix(current_app.config["INDEX_DIR"])
    drain(db, shared)
    return search_index.check(shared.ix, db)


def _echo_index(report: search_index.CheckReport) -> None:
    counts = ", ".join(
        f"{indexed} of {expected} {archive.CATEGORIES[kind].plural.lower()}"
        for kind, (expected, indexed) in report.per_kind.items()
    )
    click.echo(f"Search index holds {counts}.")
    if report.pending:
        click.echo(f"{report.pending} changes are still queued for the index (the server is"
                   " writing): those entries are not counted as problems.")  # fmt: skip


@click.command("verify")
@click.option("--limit", default=50, show_default=True, help="Problems to list at most.")
@with_appcontext
def verify_command(limit: int) -> None:
    """Recompute the hash chains, compare every record with its last revision, check every
    entry cites a source, every stored file its SHA-256 and the search index the archive;
    exit 1 if anything does not match."""
    db = get_db()
    report = verify(db, limit=limit)
    indexed = index_report(db)
    report.add(indexed.problems())
    click.echo("Checked " + ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in report.checked.items()))
    _echo_index(indexed)
    for table, head in report.heads.items():
        # Written down elsewhere, the last hashes show later that no row was cut off the end.
        click.echo(f"Last {LABELS[table][:-1]} hash: {head or '(none yet)'}")
    for problem in report.problems:
        click.echo(problem)
    if report.more:
        click.echo(f"... and {report.more} more.")
    if not report.ok:
        raise click.ClickException("The archive does not match its records (see above).")
    click.echo(
        "OK: every record matches its last revision, both hash chains hold, every entry cites"
        " a source, every stored file matches its SHA-256 and the index is in step."
    )
