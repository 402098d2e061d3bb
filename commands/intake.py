"""`flask intake suggest FILE`: the drafts intake suggests for an article, printed, never saved.

For testing the engine and for batch work: it reads the file as the source page would
(intake.extract), matches it against this archive's reference data, and prints the drafts as
text or as one JSON object `{"drafts": [...]}`.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from archive.messages import N_
from archive.reference import vocabulary
from forms.common import translated
from intake.drafts import Draft
from intake.extract import NoText, Unreadable, extract_text
from views.store import get_db

# Files of the shared corpus begin with their publication date: " date 2025-09-07".
DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b")
NOTHING = N_("No suggestions: intake found no reported event in this text that it can draft.")


@click.group("intake")
def intake_cli() -> None:
    """Suggest draft entries from an article's text (nothing is saved)."""


@intake_cli.command("suggest")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The article's publication date, YYYY-MM-DD: 'on Tuesday' is read from it.",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain text for reading, or one JSON object.")  # fmt: skip
@with_appcontext
def suggest(file: Path, published: datetime | None, output: str) -> None:
    """Print the drafts suggested for FILE (text, HTML or PDF); saves nothing."""
    try:
        extracted = extract_text(file.read_bytes(), file.name)
    except (NoText, Unreadable) as error:
        reason = translated(error.args[0]) if len(error.args) == 1 else str(error)
        raise click.ClickException(reason) from None
    day = published.date() if published else _dated(extracted.text)
    # Imported here, not at the start of every `flask` command (a third of a second).
    from intake.suggest import suggest_drafts

    drafts = suggest_drafts(extracted.text, vocabulary(get_db()), day)
    if output == "json":
        data: dict = {"drafts": [draft.to_json() for draft in drafts]}
        if not drafts:
            data["message"] = _(NOTHING)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif not drafts:
        click.echo(_(NOTHING))
    else:
        for number, draft in enumerate(drafts, start=1):
            click.echo(_as_text(number, draft))


def _dated(text: str) -> date | None:
    match = DATE_LINE.match(text)
    try:
        return date.fromisoformat(match[1]) if match else None
    except ValueError:
        return None


def _as_text(number: int, draft: Draft) -> str:
    """A draft in a few plain lines, in the console's language (the article's words as found)."""
    category = _("Attack claim") if draft.category == "claim" else _("Abuse report")
    if draft.category == "claim":
        who = _("group: %(name)s", name=draft.group_name or draft.group)
    else:
        named = draft.perpetrator_name or draft.perpetrator or _("not named")
        who = _("alleged perpetrator: %(name)s", name=named)
    when = draft.date or _("unknown")
    if draft.date_end:
        when = _("%(first)s to %(last)s", first=when, last=draft.date_end)
    figures = "; ".join(f.words or f"{f.count} {f.kind}" for f in draft.figures) or _("none")
    lines = [
        f"{number}. {category}: {draft.title}",
        "   " + _("type: %(type)s; %(who)s", type=draft.type, who=who),
        "   "
        + _(
            "where: %(place)s, district %(district)s",
            place=draft.place or "-",
            district=draft.district or _("not known"),
        ),
        "   " + _("when: %(when)s (%(precision)s)", when=when, precision=draft.date_precision),
        "   " + _("figures: %(figures)s", figures=figures),
        "   " + _("attributed to: %(who)s", who=draft.attributed_to or "-"),
        "   " + _("passage: %(passage)s", passage=draft.passage),
    ]
    if draft.linked_to is not None:
        lines.append("   " + _("same event as draft %(number)d", number=draft.linked_to + 1))
    return "\n".join(lines) + "\n"
