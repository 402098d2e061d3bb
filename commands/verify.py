"""`flask verify`: check the archive against its revisions, audit log and hash chains."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from archive.verify import verify
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


@click.command("verify")
@click.option("--limit", default=50, show_default=True, help="Problems to list at most.")
@with_appcontext
def verify_command(limit: int) -> None:
    """Recompute the hash chains and compare every record with its last revision; exit 1 if
    anything does not match."""
    report = verify(get_db(), limit=limit)
    click.echo("Checked " + ", ".join(f"{n} {LABELS.get(k, k)}" for k, n in report.checked.items()))
    for table, head in report.heads.items():
        # Written down elsewhere, the last hashes show later that no row was cut off the end.
        click.echo(f"Last {LABELS[table][:-1]} hash: {head or '(none yet)'}")
    for problem in report.problems:
        click.echo(problem)
    if report.more:
        click.echo(f"... and {report.more} more.")
    if not report.ok:
        raise click.ClickException("The archive does not match its records (see above).")
    click.echo("OK: every record matches its last revision and both hash chains hold.")
