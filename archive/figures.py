"""Figures as reported: how many were killed, injured, missing, taken hostage or detained, how
exact the number is, and who gives it, for abuse reports and attack claims alike.

Reports rarely give exact numbers ("more than a dozen bodies"), and a group's claim is not an
official count: each figure keeps its qualifier and who gives it, and reads in plain words
("at least 13 killed (official)"). Figures are retracted, never deleted or rewritten, like
citations: a corrected list keeps the rows that did not change and retracts the others.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlite_utils import Database

from .categories import Category, get_category
from .dates import Say, english
from .db import insert_row, utc_now
from .errors import InvalidRecord
from .messages import N_, Message

# What is counted. "victims" holds counts that do not say how people were harmed (the single
# "number of victims" abuse reports had before figures).
FIGURE_KINDS = {
    "killed": N_("Killed"),
    "injured": N_("Injured"),
    "missing": N_("Missing or abducted"),
    "hostages": N_("Taken hostage"),
    "detained": N_("Detained"),
    "victims": N_("Victims, harm not said"),
}
QUALIFIERS = {
    "exact": N_("Exactly"),
    "at_least": N_("At least, more than"),
    "approximately": N_("Approximately, about"),
    "unknown": N_("Number not given"),
}
GIVERS = {
    "group": N_("Claimed by the group"),
    "official": N_("Officials"),
    "media": N_("Media"),
    "family": N_("Family or witnesses"),
    "documenter": N_("Our own documentation"),
    "unknown": N_("Not said"),
}
# Who gives a figure, as the words in brackets after it.
GIVER_WORDS = {
    "group": N_("claimed by the group"),
    "official": N_("official"),
    "media": N_("media"),
    "family": N_("family or witnesses"),
    "documenter": N_("documenting organisation"),
    "unknown": N_("source not said"),
}
# Who gives them, as the heading over their figures on an entry's page.
GIVER_HEADINGS = {
    "group": N_("As claimed by the group"),
    "official": N_("Official figures"),
    "media": N_("Reported by the media"),
    "family": N_("From family or witnesses"),
    "documenter": N_("Our own documentation"),
    "unknown": N_("Source not said"),
}
FIGURE_FIELDS = ("kind", "count", "qualifier", "given_by", "citation_id")
# What is counted, as words after a number (one, more): for the charts' totals.
KIND_WORDS = {
    "killed": (N_("killed"), N_("killed")),
    "injured": (N_("injured"), N_("injured")),
    "missing": (N_("missing or abducted"), N_("missing or abducted")),
    "hostages": (N_("hostage"), N_("hostages")),
    "detained": (N_("detained"), N_("detained")),
    "victims": (N_("victim"), N_("victims")),
}
# Kinds counted as people named by a noun: "an unknown number of hostages".
NOUNS = ("hostages", "victims")
# A figure's words as whole phrases, so a translation can order them: kind -> qualifier ->
# (for one, for more); "unknown" (no number given) -> the phrase.
PHRASES: dict[str, dict[str, Any]] = {
    "killed": {
        "exact": (N_("%(count)s killed"), N_("%(count)s killed")),
        "at_least": (N_("at least %(count)s killed"), N_("at least %(count)s killed")),
        "approximately": (N_("approximately %(count)s killed"),
                          N_("approximately %(count)s killed")),
        "unknown": N_("an unknown number killed"),
    },
    "injured": {
        "exact": (N_("%(count)s injured"), N_("%(count)s injured")),
        "at_least": (N_("at least %(count)s injured"), N_("at least %(count)s injured")),
        "approximately": (N_("approximately %(count)s injured"),
                          N_("approximately %(count)s injured")),
        "unknown": N_("an unknown number injured"),
    },
    "missing": {
        "exact": (N_("%(count)s missing or abducted"), N_("%(count)s missing or abducted")),
        "at_least": (N_("at least %(count)s missing or abducted"),
                     N_("at least %(count)s missing or abducted")),
        "approximately": (N_("approximately %(count)s missing or abducted"),
                          N_("approximately %(count)s missing or abducted")),
        "unknown": N_("an unknown number missing or abducted"),
    },
    "hostages": {
        "exact": (N_("%(count)s hostage"), N_("%(count)s hostages")),
        "at_least": (N_("at least %(count)s hostage"), N_("at least %(count)s hostages")),
        "approximately": (N_("approximately %(count)s hostage"),
                          N_("approximately %(count)s hostages")),
        "unknown": N_("an unknown number of hostages"),
    },
    "detained": {
        "exact": (N_("%(count)s detained"), N_("%(count)s detained")),
        "at_least": (N_("at least %(count)s detained"), N_("at least %(count)s detained")),
        "approximately": (N_("approximately %(count)s detained"),
                          N_("approximately %(count)s detained")),
        "unknown": N_("an unknown number detained"),
    },
    "victims": {
        "exact": (N_("%(count)s victim"), N_("%(count)s victims")),
        "at_least": (N_("at least %(count)s victim"), N_("at least %(count)s victims")),
        "approximately": (N_("approximately %(count)s victim"),
                          N_("approximately %(count)s victims")),
        "unknown": N_("an unknown number of victims"),
    },
}  # fmt: skip
# Far above any real count: past it is a typing slip.
MAX_COUNT = 10_000_000


def describe(figure: dict[str, Any], say: Say = english) -> str:
    """A figure in plain words: "at least 13 killed (official)", "an unknown number of
    hostages (media)"; `say` (gettext) gives them in another language."""
    kind, count = figure["kind"], figure.get("count")
    giver = figure["given_by"]
    given_by = say(GIVER_WORDS[giver]) if giver in GIVER_WORDS else giver
    phrases = PHRASES.get(kind)
    if phrases is None:  # a kind no longer known: its code, as stored
        words = kind if count is None else f"{count:,} {kind}"
    elif count is None:
        words = say(phrases["unknown"])
    else:
        one, many = phrases.get(figure.get("qualifier", ""), phrases["exact"])
        words = say(one if count == 1 else many, count=f"{count:,}")
    return say(N_("%(figure)s (%(given_by)s)"), figure=words, given_by=given_by)


def clean_figures(figures: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Figures as the store keeps them; blank rows dropped; InvalidRecord naming the figure."""
    cleaned = []
    for number, figure in enumerate(figures or [], start=1):
        if _blank(figure):
            continue
        problem, row = _clean_figure(figure)
        if problem:
            raise InvalidRecord(
                {"figures": Message(problem, number=number, limit=f"{MAX_COUNT:,}")}
            )
        cleaned.append(row)
    return cleaned


def _blank(figure: dict[str, Any]) -> bool:
    return not any(figure.get(name) not in (None, "") for name in FIGURE_FIELDS)


def _clean_figure(figure: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    row = {name: figure.get(name) or None for name in ("kind", "qualifier", "given_by")}
    row["count"] = figure.get("count")
    row["citation_id"] = figure.get("citation_id") or None
    if row["kind"] not in FIGURE_KINDS:
        return N_(
            "Figure %(number)d: say what is counted (killed, injured, missing, hostages, detained)."
        ), row
    if row["qualifier"] not in QUALIFIERS:
        return N_(
            "Figure %(number)d: say how exact the number is (exactly, at least, approximately, "
            "not given)."
        ), row
    if row["given_by"] not in GIVERS:
        return N_("Figure %(number)d: say who gives this figure."), row
    if row["count"] in (None, ""):
        row["count"] = None
        if row["qualifier"] != "unknown":
            return N_("Figure %(number)d: give the number, or choose 'Number not given'."), row
        return None, row
    if row["qualifier"] == "unknown":
        return N_(
            "Figure %(number)d: leave the number empty when it is not given, or say how exact "
            "it is."
        ), row
    try:
        row["count"] = int(row["count"])
    except (TypeError, ValueError):
        row["count"] = -1
    if not 0 <= row["count"] <= MAX_COUNT:
        return N_("Figure %(number)d: give the number as a whole number from 0 to %(limit)s."), row
    return None, row


def figures_of(db: Database, category: Category, entry_id: int) -> list[dict[str, Any]]:
    """An entry's live figures, each with its plain words (`text`), in reading order."""
    return figures_by_entry(db, category.kind, [entry_id])[entry_id]


def figures_by_entry(db: Database, kind: str, entry_ids: list[int]) -> dict[int, list[dict]]:
    """Entry id -> its live figures with their plain words, for many entries in few queries."""
    pk = get_category(kind).pk
    found: dict[int, list[dict[str, Any]]] = {entry_id: [] for entry_id in entry_ids}
    for start in range(0, len(entry_ids), 500):
        batch = entry_ids[start : start + 500]
        rows = db.query(
            f"SELECT {pk} AS entry_id, figure_id, {', '.join(FIGURE_FIELDS)} FROM figures"
            f" WHERE {pk} IN ({','.join('?' * len(batch))}) AND retracted_at IS NULL"
            " ORDER BY figure_id",
            batch,
        )
        for row in rows:
            found[row.pop("entry_id")].append({**row, "text": describe(row)})
    for figures in found.values():
        figures.sort(key=_reading_order)
    return found


def _reading_order(figure: dict[str, Any]) -> tuple:
    givers, kinds = list(GIVERS), list(FIGURE_KINDS)
    return givers.index(figure["given_by"]), kinds.index(figure["kind"]), figure["figure_id"]


def grouped(figures: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(who gives them, figures) in reading order: a claim's figures "as claimed" apart from
    official ones and from the media's."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for figure in figures:
        groups.setdefault(figure["given_by"], []).append(figure)
    return [(GIVER_HEADINGS[giver], groups[giver]) for giver in GIVERS if giver in groups]


def add_figures(
    db: Database, category: Category, entry_id: int, figures: list[dict], actor: str
) -> None:
    """Store cleaned figures of a new entry (inside the caller's transaction)."""
    if any(figure.get("citation_id") is not None for figure in figures):
        _check_citations(db, category, entry_id, figures)
    now = utc_now()
    for figure in figures:
        row = {category.pk: entry_id, **figure, "created_at": now, "created_by": actor}
        insert_row(db, "figures", row)


def replace_figures(
    db: Database, category: Category, entry_id: int, figures: list[dict], actor: str, reason: str
) -> dict[str, list]:
    """Make the entry's live figures `figures` (cleaned): unchanged rows stay, the others are
    retracted with `reason`, new ones added; returns {"figures": [old, new]} or {}."""
    live = figures_of(db, category, entry_id)
    old = [{name: figure[name] for name in FIGURE_FIELDS} for figure in live]
    if Counter(map(_key, old)) == Counter(map(_key, figures)):
        return {}
    wanted = Counter(map(_key, figures))
    for figure in live:
        key = _key(figure)
        if wanted[key]:
            wanted[key] -= 1
            continue
        db.execute(
            "UPDATE figures SET retracted_at = ?, retracted_by = ?, retraction_reason = ?"
            " WHERE figure_id = ?",
            [utc_now(), actor, reason, figure["figure_id"]],
        )
    kept = Counter(map(_key, old)) & Counter(map(_key, figures))
    new = []
    for figure in figures:
        if kept[_key(figure)]:
            kept[_key(figure)] -= 1
        else:
            new.append(figure)
    add_figures(db, category, entry_id, new, actor)
    return {"figures": [old, figures]}


def _key(figure: dict[str, Any]) -> tuple:
    return tuple(figure.get(name) for name in FIGURE_FIELDS)


def _check_citations(db: Database, category: Category, entry_id: int, figures: list[dict]):
    cited = {
        row[0]
        for row in db.execute(
            f"SELECT citation_id FROM citations WHERE {category.pk} = ? AND retracted_at IS NULL",
            [entry_id],
        )
    }
    for number, figure in enumerate(figures, start=1):
        citation_id = figure.get("citation_id")
        if citation_id is not None and citation_id not in cited:
            message = Message(
                "Figure %(number)d: the citation it rests on is not one of this entry's.",
                number=number,
            )
            raise InvalidRecord({"figures": message})
