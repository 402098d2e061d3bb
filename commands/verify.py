"""`flask verify`: check the archive against its revisions, audit log and hash chains, and the
search index against the archive."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import index as search_index
from archive.verify import verify
from views.search_index import drain, get_ix
from views.store import get_db

# What each count is of, and whose last hash each chain line shows.
LABELS = {
    "revisions": _l("%(count)d revisions"),
    "audit_log": _l("%(count)d audit rows"),
    "abuse_reports": _l("%(count)d abuse reports"),
    "attack_claims": _l("%(count)d attack claims"),
    "sources": _l("%(count)d sources"),
    "users": _l("%(count)d users"),
    "source_files": _l("%(count)d stored files"),
}
LAST_HASH = {
    "revisions": _l("Last revision hash: %(hash)s"),
    "audit_log": _l("Last audit row hash: %(hash)s"),
}
INDEX_COUNTS = {
    "abuse": _l("%(indexed)d of %(expected)d abuse reports"),
    "claim": _l("%(indexed)d of %(expected)d attack claims"),
}


def index_report(db) -> search_index.CheckReport:
    """The index compared with the archive, once what is queued has been applied (if it can)."""
    shared = get_ix(current_app.config["INDEX_DIR"])
    drain(db, shared)
    return search_index.check(shared.ix, db)


def _echo_index(report: search_index.CheckReport) -> None:
    counts = ", ".join(
        INDEX_COUNTS[kind] % {"indexed": indexed, "expected": expected}
        for kind, (expected, indexed) in report.per_kind.items()
    )
    click.echo(_("Search index holds %(counts)s.", counts=counts))
    if report.pending:
        click.echo(_("%(count)d changes are still queued for the index (the server is "
                     "writing): those entries are not counted as problems.",
                     count=report.pending))  # fmt: skip


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
    counts = (LABELS[k] % {"count": n} if k in LABELS else f"{n} {k}"
              for k, n in report.checked.items())  # fmt: skip
    click.echo(_("Checked %(counts)s", counts=", ".join(counts)))
    _echo_index(indexed)
    for table, head in report.heads.items():
        # Written down elsewhere, the last hashes show later that no row was cut off the end.
        click.echo(LAST_HASH[table] % {"hash": head or _("(none yet)")})
    for problem in report.problems:
        click.echo(problem)
    if report.more:
        click.echo(_("... and %(count)d more.", count=report.more))
    if not report.ok:
        raise click.ClickException(_("The archive does not match its records (see above)."))
    click.echo(
        _("OK: every record matches its last revision, both hash chains hold, every entry cites"
          " a source, every stored file matches its SHA-256 and the index is in step.")
    )  # fmt: skip
