"""`flask index ...`: rebuild the search index from the archive, and check it is in step."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

import archive
import index as search_index
from index import building
from views.index_building import build_now
from views.search_index import get_ix
from views.store import get_db


@click.group("index")
def index_cli() -> None:
    """Rebuild and check the search index (always derived from the archive)."""


@index_cli.command("rebuild")
@click.option("--procs", default=2, show_default=True, help="Indexing processes.")
@with_appcontext
def rebuild(procs: int) -> None:
    """Index every entry again from the archive, beside the index in use (which answers
    searches meanwhile), then put the new index in its place."""
    db, shared = get_db(), get_ix(current_app.config["INDEX_DIR"])
    if shared.built_for_command:  # this command's start-up just built it: not twice
        shared.built_for_command = False
        counts = (building.entry_count(db), len(archive.source_ids(db)))
        click.echo(_("The index was built from the archive as this command started."))
    else:
        bulk = search_index.BULK_OPTIONS | {"procs": procs}
        label = _("Indexing entries")
        with click.progressbar(length=building.entry_count(db), label=label) as bar:
            counts = build_now(shared, db, progress=bar.update, bulk=bulk)
        if counts is None:
            raise click.ClickException(_busy(shared.rebuilding()))
    click.echo(_("Indexed %(count)d entries.", count=counts[0]))
    click.echo(_("Indexed %(count)d sources.", count=counts[1]))


def _busy(progress: building.Progress | None) -> str:
    if progress:
        return _("Another process is rebuilding the search index (%(percent)d%% done): wait for"
                 " it to finish.", percent=progress.percent)  # fmt: skip
    return _("Another process is rebuilding the search index: wait for it to finish.")


@index_cli.command("merge")
@with_appcontext
def merge() -> None:
    """Merge the index's segments until their count is within its bound (the server does
    this in the background; this is for an archive just built by a command)."""
    shared = get_ix(current_app.config["INDEX_DIR"])
    for label, ix in ((_("Entries"), shared.ix), (_("Sources"), shared.sources_ix)):
        reports = search_index.merge_until_bounded(ix)
        click.echo(_("%(label)s: %(merges)d merges, %(copied)d documents copied, %(segments)d"
                     " segments now.", label=label, merges=len(reports),
                     copied=sum(report.documents for report in reports),
                     segments=len(search_index.segment_sizes(ix))))  # fmt: skip


@index_cli.command("check")
@with_appcontext
def check() -> None:
    """Check every entry is indexed exactly once and nothing else is; exit 1 if not."""
    shared, db = get_ix(current_app.config["INDEX_DIR"]), get_db()
    report = search_index.check(shared.ix, db)
    missing, extra, twice = search_index.check_sources(shared.sources_ix, db)
    # An entry whose change is still queued is not out of step: the next drain applies it.
    absent = [key for key in report.missing if key not in report.queued]
    strays = [key for key in report.extra if key not in report.queued]
    click.echo(_("%(expected)d entries in the archive, %(indexed)d in the index.",
                 expected=report.expected, indexed=report.indexed))  # fmt: skip
    for label, ids in (
        (_("Missing from the index: %(ids)s"), absent),
        (_("In the index but not the archive: %(ids)s"), strays),
        (_("Indexed more than once: %(ids)s"), report.duplicated),
        (_("Sources missing from the index: %(ids)s"), missing),
        (_("Sources in the index but not the archive: %(ids)s"), extra),
        (_("Sources indexed more than once: %(ids)s"), twice),
    ):
        if ids:
            click.echo(label % {"ids": f"{', '.join(ids[:20])}{' …' if len(ids) > 20 else ''}"})
    if report.pending:
        click.echo(_("%(count)d changes are queued: the server applies them when it starts"
                     " and after each request that writes.", count=report.pending))  # fmt: skip
    if absent or strays or report.duplicated or missing or extra or twice:
        raise click.ClickException(_("The index is out of step: run `flask index rebuild`."))
    click.echo(_("The index is in step with the archive."))
