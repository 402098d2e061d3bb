"""`flask reference ...`: list and extend the pick-lists (types, districts, groups, spellings)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

import archive
from archive import reference
from views.store import get_db

TYPE_TABLES = {"abuse": "abuse_types", "claim": "claim_types", "source": "source_types"}


@click.group("reference")
def reference_cli() -> None:
    """List and extend reference data: types, districts, armed groups, place spellings."""


@reference_cli.command("list")
@click.argument("what", type=click.Choice(["abuse-types", "claim-types", "source-types",
                                            "districts", "groups", "spellings"]))  # fmt: skip
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
    _run(reference.add_type, get_db(), TYPE_TABLES[category], code, label)
    click.echo(f"Added {category} type {code}.")


@reference_cli.command("add-district")
@click.argument("name")
@click.option("--province", required=True, help="The province the district is in.")
@click.option("--alias", "aliases", multiple=True, help="Another name for it (repeatable).")
@with_appcontext
def add_district(name: str, province: str, aliases: tuple[str, ...]) -> None:
    """Add a district, or change its province and aliases."""
    _run(reference.add_district, get_db(), name, province, list(aliases))
    click.echo(f"Saved district {name} ({province}).")


@reference_cli.command("add-group")
@click.argument("code")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another spelling or name (repeatable).")
@with_appcontext
def add_group(code: str, name: str, aliases: tuple[str, ...]) -> None:
    """Add an armed group by abbreviation and name, or change its aliases."""
    _run(reference.add_armed_group, get_db(), code, name, list(aliases))
    click.echo(f"Saved group {code} ({name}).")


@reference_cli.command("add-spelling")
@click.argument("name")
@click.argument("variants", nargs=-1, required=True)
@with_appcontext
def add_spelling(name: str, variants: tuple[str, ...]) -> None:
    """Record other transliterations of a place name, e.g. `add-spelling Kech Turbat Kej`."""
    _run(reference.add_place_spelling, get_db(), name, list(variants))
    click.echo(f"Saved spellings of {name}.")


def _run(function, *args) -> None:
    try:
        function(*args)
    except archive.ArchiveError as error:
        raise click.ClickException(str(error)) from None
