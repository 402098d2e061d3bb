"""`flask import FILE --mapping NAME`: import a spreadsheet, with a dry run and a report.

`flask import mappings` lists the saved mappings, `flask import load-mapping FILE.json` saves
one, `flask import show-mapping NAME` prints one as JSON. Rows are written as `console:<user>`
and the imported entries are indexed in bulk (docs/importing.md): by a helper process while
the rows are stored, committed to the index once the last row is in (`index.RunIndexer`).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click
from click_default_group import DefaultGroup
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from tqdm import tqdm

import archive
import index as search_index
from archive import import_files, imports, mappings
from archive.messages import N_
from forms.common import translated
from views.search_index import get_ix
from views.store import get_db

from .users import console_actor

# The outcome of a row, as the summary counts it.
ACTION_WORDS = {"created": N_("created"), "updated": N_("updated"), "unchanged": N_("unchanged"),
                "skipped": N_("skipped"), "refused": N_("refused")}  # fmt: skip


@click.group("import", cls=DefaultGroup, default="file", default_if_no_args=False)
def import_cli() -> None:
    """Import a spreadsheet (CSV, XLSX, JSON Lines) with a saved mapping; manage mappings."""


@import_cli.command("file")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", "mapping_name", required=True, help="The saved mapping to use.")
@click.option("--dry-run", is_flag=True, help="Say what would happen to each row; change nothing.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the row-by-row report to this CSV file.")  # fmt: skip
@click.option("--encoding", default=None, help="The CSV file's encoding (default UTF-8).")
@with_appcontext
def import_file(
    path: Path, mapping_name: str, dry_run: bool, report: Path | None, encoding: str | None
) -> None:
    """Import FILE with a saved mapping: each row becomes an entry citing its source, or is
    refused with the reason (row and column); an unfinished import of the same file resumes."""
    db = get_db()
    try:
        mapping = mappings.get_mapping(db, mapping_name)
        table = import_files.open_table(path, encoding)
        summary = _run(db, table, mapping, dry_run)
    except (archive.ArchiveError, imports.MappingDoesNotFit) as error:
        raise click.ClickException(_reason(error)) from None
    if report:
        report.write_text(imports.report_csv(summary.outcomes), encoding="utf-8")
        click.echo(_("Report written to %(path)s.", path=report))
    _summarise(summary, dry_run)


def _run(db, table, mapping, dry_run: bool) -> imports.Summary:
    if dry_run:
        return _store(db, table, mapping, dry_run)
    shared = get_ix(current_app.config["INDEX_DIR"])
    # The entries are indexed by a helper process on the other core while the rows are
    # stored (index.RunIndexer); what is left is indexed once the last row is in.
    with (
        search_index.import_helpers(db) as pool,
        search_index.RunIndexer(
            shared.ix, db, pool, sources_ix=shared.sources_ix, rows=table.rows_total
        ) as indexer,
    ):
        summary = _store(db, table, mapping, dry_run, written=indexer.written)
        if summary.run_id is not None:
            _index(summary, indexer, shared.sources_ix)
    return summary


def _store(db, table, mapping, dry_run: bool, written=None) -> imports.Summary:
    label = _("Trying rows") if dry_run else _("Importing rows")
    started = time.perf_counter()
    with tqdm(total=table.rows_total, desc=label, unit="row", dynamic_ncols=True) as bar:
        summary = imports.run_import(
            db, table, mapping, console_actor(), dry_run, progress=bar.update, written=written
        )
    stored = time.perf_counter() - started
    click.echo(_("%(rows)s rows in %(seconds).1f s (%(rate)s).", rows=f"{len(summary.outcomes):,}",
                 seconds=stored, rate=_rate(summary, stored)))  # fmt: skip
    return summary


def _index(summary: imports.Summary, indexer, sources_ix) -> None:
    started = time.perf_counter()
    with tqdm(total=summary.counts["created"] + summary.counts["updated"],
              desc=_("Indexing entries"), unit="entry", dynamic_ncols=True) as bar:  # fmt: skip
        indexed = indexer.finish(summary.run_id, sources_ix, progress=bar.update)
    seconds = time.perf_counter() - started
    click.echo(_("Indexed %(count)s entries in %(seconds).1f s.", count=f"{indexed:,}",
                 seconds=seconds))  # fmt: skip


def _rate(summary: imports.Summary, seconds: float) -> str:
    if seconds <= 0:
        return "-"
    return _("%(rate)s rows/s", rate=f"{len(summary.outcomes) / seconds:,.0f}")


def _summarise(summary: imports.Summary, dry_run: bool) -> None:
    counts = ", ".join(
        f"{summary.counts[a]:,} {_(ACTION_WORDS[a])}" for a in imports.ACTIONS if summary.counts[a]
    )
    if dry_run:
        click.echo(_("Rows that would be: %(counts)s.", counts=counts or _("none")))
    else:
        click.echo(_("Rows: %(counts)s.", counts=counts or _("none")))
    for outcome in [o for o in summary.outcomes if o.action == "refused"][:10]:
        message = translated(outcome.message)
        if outcome.columns:
            click.echo(_("Row %(row)s, column %(columns)s: %(message)s", row=outcome.row,
                         columns=outcome.columns, message=message))  # fmt: skip
        else:
            click.echo(_("Row %(row)s: %(message)s", row=outcome.row, message=message))
    for field, values in summary.unmatched.items():
        shown = ", ".join(f"{value!r} ({count})" for value, count in values.most_common(8))
        click.echo(_("Not in the reference data, %(field)s: %(values)s", field=field,
                     values=shown))  # fmt: skip
    if dry_run:
        click.echo(_("Dry run: nothing was changed."))


def _reason(error: Exception) -> str:
    """Why the store refused, in the console's language when it marked its message."""
    return translated(error.args[0]) if len(error.args) == 1 else str(error)


@import_cli.command("mappings")
@with_appcontext
def list_mappings() -> None:
    """List the saved import mappings."""
    for mapping in mappings.list_mappings(get_db()):
        shipped = _(" (ships with Gawahi)") if mapping["shipped"] else ""
        click.echo(f"{mapping['name']}{shipped}\t{mapping['description']}")


@import_cli.command("load-mapping")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def load_mapping(path: Path) -> None:
    """Save the mapping in a JSON file (replacing one of the same name)."""
    try:
        name = mappings.save_mapping(get_db(), mappings.load_mapping_file(path), console_actor())
    except archive.InvalidRecord as error:
        raise click.ClickException(_reason(error)) from None
    click.echo(_("Saved the mapping %(name)r.", name=name))


@import_cli.command("show-mapping")
@click.argument("name")
@with_appcontext
def show_mapping(name: str) -> None:
    """Print a saved mapping as JSON (to edit and load again)."""
    try:
        spec = mappings.get_mapping(get_db(), name)
    except archive.NotFound as error:
        raise click.ClickException(_reason(error)) from None
    click.echo(json.dumps(spec, ensure_ascii=False, indent=1))
