"""`flask reference ...`: list and extend the pick-lists (types, districts, actors, spellings).

Every change is audited as made by `console:<user>`, and the entries it affects are indexed again
at once, as after a change on the admin pages.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import archive
from archive import actors, audit, reference
from views import search_index
from views.store import get_db

from .users import console_actor, refusal

TYPE_TABLES = {"abuse": "abuse_types", "claim": "claim_types", "source": "source_types"}
ADDED_TYPE = {
    "abuse": _l("Added abuse type %(code)s."),
    "claim": _l("Added claim type %(code)s."),
    "source": _l("Added source type %(code)s."),
}
LISTS = ("abuse-types", "claim-types", "source-types", "districts", "groups", "actors", "spellings")


@click.group("reference")
def reference_cli() -> None:
    """List and extend reference data: types, districts, actors, place spellings."""


@reference_cli.command("list")
@click.argument("what", type=click.Choice(LISTS))
@with_appcontext
def list_reference(what: str) -> None:
    """Print one list of reference data."""
    db = get_db()
    if what.endswith("-types"):
        for code, label in reference.type_labels(db, what.replace("-", "_")).items():
            click.echo(f"{code}\t{label}")
    elif what == "districts":
        for district in reference.districts(db):
            click.echo(
                f"{district['name']}\t{district['province']}\t{', '.join(district['aliases'])}"
            )
    elif what == "groups":
        for group in reference.armed_groups(db):
            click.echo(f"{group['code']}\t{group['name']}\t{', '.join(group['aliases'])}")
    elif what == "actors":
        for actor in actors.list_actors(db):
            others = ", ".join(actor["aliases"] + actor["transliterations"])
            click.echo(f"{actor['code']}\t{actor['kind']}\t{actor['name']}\t{others}")
    else:
        for name, variants in reference.place_spellings(db).items():
            click.echo(f"{name}\t{', '.join(variants)}")


@reference_cli.command("add-type")
@click.argument("category", type=click.Choice(sorted(TYPE_TABLES)))
@click.argument("code")
@click.argument("label")
@with_appcontext
def add_type(category: str, code: str, label: str) -> None:
    """Add a type of abuse, claim or source: `add-type abuse sexual_violence "Sexual violence"`."""
    _run(reference.add_type, get_db(), TYPE_TABLES[category], code, label, console_actor())
    click.echo(ADDED_TYPE[category] % {"code": code})


@reference_cli.command("add-district")
@click.argument("name")
@click.option("--province", required=True, help="The province the district is in.")
@click.option("--alias", "aliases", multiple=True, help="Another name for it (repeatable).")
@with_appcontext
def add_district(name: str, province: str, aliases: tuple[str, ...]) -> None:
    """Add a district, or change its province and aliases."""
    _run(reference.add_district, get_db(), name, province, list(aliases), console_actor())
    click.echo(_("Saved district %(name)s (%(province)s).", name=name, province=province))


@reference_cli.command("add-group")
@click.argument("code")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another spelling or name (repeatable).")
@with_appcontext
def add_group(code: str, name: str, aliases: tuple[str, ...]) -> None:
    """Add an armed group by abbreviation and name, or change its aliases."""
    _run(reference.add_armed_group, get_db(), code, name, list(aliases), console_actor())
    click.echo(_("Saved group %(code)s (%(name)s).", code=code, name=name))


@reference_cli.command("add-spelling")
@click.argument("name")
@click.argument("variants", nargs=-1, required=True)
@with_appcontext
def add_spelling(name: str, variants: tuple[str, ...]) -> None:
    """Record other transliterations of a place name, e.g. `add-spelling Kech Turbat Kej`."""
    _run(reference.add_place_spelling, get_db(), name, list(variants), console_actor())
    click.echo(_("Saved spellings of %(name)s.", name=name))


@reference_cli.command("add-actor")
@click.argument("code")
@click.argument("name")
@click.option("--kind", type=click.Choice(sorted(actors.KINDS)), required=True,
              help="armed_group, state (a force or agency) or organisation.")  # fmt: skip
@click.option(
    "--alias", "aliases", multiple=True, help="Another name or abbreviation (repeatable)."
)
@click.option("--transliteration", "transliterations", multiple=True,
              help="A spelling in another script, e.g. Urdu (repeatable).")  # fmt: skip
@with_appcontext
def add_actor(code: str, name: str, kind: str, aliases: tuple, transliterations: tuple) -> None:
    """Add an actor (a group, a state force or agency, an organisation), or change its names."""
    record = {"code": code, "kind": kind, "name": name, "aliases": list(aliases),
              "transliterations": list(transliterations)}  # fmt: skip
    _run(actors.save_actor, get_db(), record, console_actor())
    click.echo(_("Saved actor %(code)s (%(name)s).", code=code, name=name))


def _run(function, db, *args) -> None:
    # Audit rows of console changes say where they came from.
    audit.set_address(db, "console")
    try:
        function(db, *args)
    except archive.ArchiveError as error:
        raise click.ClickException(refusal(error)) from None
    # Index the entries the change queued now (a busy index leaves them to the server).
    search_index.drain(db, search_index.get_ix())
