"""`flask index ...`: rebuild the search index from the archive, and check it is in step."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

import archive
import index as search_index
from views.search_index import get_ix
from views.store import get_db


@click.group("index")
def index_cli() -> None:
    """Rebuild and check the search index (always derived from the archive)."""


@index_cli.command("rebuild")
@click.option("--procs", default=2, show_default=True, help="Indexing processes.")
@with_appcontext
def rebuild(procs: int) -> None:
    """Index every entry again from the archive, replacing what the index held."""
    db = get_db()
    total = sum(len(archive.entry_ids(db, kind)) for kind in archive.CATEGORIES)
    bulk = search_index.BULK_OPTIONS | {"procs": procs}
    ix = get_ix(current_app.config["INDEX_DIR"]).ix
    with click.progressbar(length=total, label=_("Indexing entries")) as bar:
        count = search_index.rebuild(ix, db, progress=bar.update, bulk=bulk)
    sources = search_index.rebuild_sources(get_ix(current_app.config["INDEX_DIR"]).sources_ix, db)
    click.echo(_("Indexed %(count)d entries.", count=count))
    click.echo(_("Indexed %(count)d sources.", count=sources))


@index_cli.command("check")
@with_appcontext
def check() -> None:
    """Check every entry is indexed exactly once and nothing else is; exit 1 if not."""
    shared, db = get_ix(current_app.config["INDEX_DIR"]), get_db()
    report = search_index.check(shared.ix, db)
    missing, extra, twice = search_index.check_sources(shared.sources_ix, db)
    click.echo(_("%(expected)d entries in the archive, %(indexed)d in the index.",
                 expected=report.expected, indexed=report.indexed))  # fmt: skip
    for label, ids in (
        (_("Missing from the index: %(ids)s"), report.missing),
        (_("In the index but not the archive: %(ids)s"), report.extra),
        (_("Indexed more than once: %(ids)s"), report.duplicated),
        (_("Sources missing from the index: %(ids)s"), missing),
        (_("Sources in the index but not the archive: %(ids)s"), extra),
        (_("Sources indexed more than once: %(ids)s"), twice),
    ):
        if ids:
            click.echo(label % {"ids": f"{', '.join(ids[:20])}{' …' if len(ids) > 20 else ''}"})
    if report.pending:
        click.echo(_("%(count)d changes are queued and will be applied shortly.",
                     count=report.pending))  # fmt: skip
    if not report.ok or missing or extra or twice:
        raise click.ClickException(_("The index is out of step: run `flask index rebuild`."))
    click.echo(_("The index is in step with the archive."))
