"""Index documents built from the records the archive hands over.

What goes in: the entry's title and narrative (each with its Urdu version, searched alike), its
descriptive fields, its citations' passages, the titles and outlets of the sources it cites, the
names of its victims marked public, and its victims' current statuses (a facet). What never goes
in: confidential victims' names, any victim's age or occupation, and anything from a
confidential source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

import archive
from archive import actors as archive_actors
from archive import reference as archive_reference

from .analysis import Reference
from .schema import LAST_DATE, UNKNOWN_DATE

# Entry columns whose text is searched as the body, by category.
BODY_COLUMNS = {
    "abuse": ("narrative", "place", "district", "province", "perpetrator", "official_statement"),
    "claim": (
        "narrative",
        "place",
        "district",
        "province",
        "spokesperson",
        "claimed_targets",
        "official_statement",
    ),
}


def doc_id(kind: str, entry_id: int) -> str:
    """The index's id of an entry, such as "abuse:12"."""
    return f"{kind}:{entry_id}"


def parse_doc_id(value: str) -> tuple[str, int]:
    """(kind, entry id) from an index id."""
    kind, _, number = value.partition(":")
    return kind, int(number)


def load_reference(db: Database) -> Reference:
    """Actors' names and place spellings (with district aliases) from the archive."""
    everyone = archive_actors.list_actors(db)
    actors = {actor["code"]: archive_actors.names_of(actor)[1:] for actor in everyone}
    groups = {a["code"]: actors[a["code"]] for a in everyone if a["kind"] == "armed_group"}
    places = {name: list(others) for name, others in archive_reference.place_spellings(db).items()}
    for district in archive_reference.districts(db):
        if district["aliases"]:
            places.setdefault(district["name"], [])
            places[district["name"]] += district["aliases"]
    return Reference(groups=groups, places=places, actors=actors)


def type_labels(db: Database) -> dict[str, dict[str, str]]:
    """Kind -> type code -> label, so "enforced disappearance" finds entries of that type."""
    return {
        kind: archive_reference.type_labels(db, category.type_table)
        for kind, category in archive.CATEGORIES.items()
    }


def load_record(
    db: Database, kind: str, entry_id: int, labels: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    """An entry as the index needs it: only public victims' names, no confidential source."""
    records = load_records(db, kind, [entry_id], labels or type_labels(db))
    if not records:
        raise archive.NotFound(f"There is no {kind} {entry_id}.")
    return records[0]


def load_records(
    db: Database, kind: str, entry_ids: list[int], labels: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    """Many entries as the index needs them, in a few queries, in the order of `entry_ids`."""
    entries = archive.entries_by_ids(db, kind, entry_ids)
    cited = archive.citations_by_entry(db, kind, [entry["entry_id"] for entry in entries])
    type_column = archive.get_category(kind).type_column
    ids = [entry["entry_id"] for entry in entries]
    public = (
        archive.victims_by_report(db, ids, include_confidential=False) if kind == "abuse" else {}
    )
    fates = archive.current_statuses(db, ids) if kind == "abuse" else {}
    for entry in entries:
        entry["citations"] = cited[entry["entry_id"]]
        entry["type_label"] = labels[kind].get(entry[type_column], entry[type_column])
        entry["public_names"] = [victim["name"] for victim in public.get(entry["entry_id"], [])]
        entry["fates"] = fates.get(entry["entry_id"], [])
    return entries


def entry_texts(record: dict[str, Any]) -> dict[str, str]:
    """The searchable text of an entry by part (snippets are cut from `snippet_texts`)."""
    labels, details = _details(record)
    body = [*labels, _narratives(record), *details, " ".join(record.get("tags") or [])]
    body += record.get("public_names") or []
    citations = record.get("citations", [])
    return {
        "title": _titles(record),
        "body": "\n".join(part for part in body if part),
        "passages": "\n".join(f"{c['passage']}\n{c['attributed_to']}" for c in citations),
        "sources": "\n".join(f"{c['source_title']}\n{c['source_outlet'] or ''}" for c in citations),
    }


def snippet_texts(record: dict[str, Any]) -> dict[str, str]:
    """The same text as `entry_texts`, as a snippet shows it: the narrative apart from the
    entry's other details, and each detail, passage and source kept apart by a dot, so that
    they do not run together into one sentence on the page."""
    labels, details = _details(record)
    citations = record.get("citations", [])
    names = record.get("public_names") or []
    return {
        "title": _titles(record),
        "narrative": _narratives(record),
        "details": _apart([*labels, *details, ", ".join(record.get("tags") or []), *names]),
        "passages": _apart(_with(c["passage"], c["attributed_to"]) for c in citations),
        "sources": _apart(_with(c["source_title"], c["source_outlet"]) for c in citations),
    }


def _titles(record: dict[str, Any]) -> str:
    """The title and, when there is one, the Urdu title: a search finds the entry by either."""
    return "\n".join(part for part in (record["title"], record.get("title_ur")) if part)


def _narratives(record: dict[str, Any]) -> str:
    """The narrative and, when there is one, the Urdu summary, as paragraphs apart."""
    parts = (record.get("narrative"), record.get("narrative_ur"))
    return "\n\n".join(part for part in parts if part)


def _details(record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(the entry's type, group or perpetrator's code, its other columns but the narrative).

    The code stands for the actor: the actor's other names are added by `build_document`.
    """
    columns = [column for column in BODY_COLUMNS[record["kind"]] if column != "narrative"]
    code = record.get("group_code") or record.get("perpetrator_code") or ""
    labels = [record.get("type_label", ""), code]
    return labels, [str(record.get(column) or "") for column in columns]


def _apart(parts: Iterable[str]) -> str:
    return " · ".join(part.strip() for part in parts if part and part.strip())


def _with(text: str, detail: str | None) -> str:
    return f"{text} ({detail})" if detail else text


def build_document(record: dict[str, Any], ref: Reference) -> dict[str, Any]:
    """The fields Whoosh indexes for one entry record (from `load_record`)."""
    kind = record["kind"]
    texts = entry_texts(record)
    groups = _groups(record)
    start = _date_number(record["date_start"])
    # Every other name of an actor or place the text mentions: BLA finds Baloch Liberation
    # Army, CTD finds Counter Terrorism Department, and each the other.
    aliases = ref.expansions(" ".join(texts.values()))
    return {
        "doc_id": doc_id(kind, record["entry_id"]),
        "title": texts["title"],
        "text": "\n".join([texts["body"], texts["passages"], texts["sources"], *aliases]),
        "kind": kind,
        "entry_type": record.get("abuse_type") or record.get("claim_type"),
        "district": record.get("district") or "",
        "group": ",".join(groups),
        "perpetrator": _perpetrator(record, ref),
        "status": record["status"],
        "fate": ",".join(record.get("fates") or []),
        "outlet": ",".join(
            {_keyword(c["source_outlet"]) for c in record.get("citations", [])} - {""}
        ),
        "year": (record["date_start"] or "")[:4] or "unknown",
        "date_start": start or UNKNOWN_DATE,
        "date_end": _date_number(record["date_end"] or record["date_start"]) or UNKNOWN_DATE,
        "date_oldest": start or LAST_DATE,
    }


def _groups(record: dict[str, Any]) -> list[str]:
    """The claimant of a claim (only claims: who is alleged to have done something in an abuse
    report is its perpetrator, a facet of its own)."""
    return [record["group_code"]] if record["kind"] == "claim" else []


def _perpetrator(record: dict[str, Any], ref: Reference) -> str:
    """An abuse report's alleged perpetrator: the actor's code when it names one (by code, or
    by words that are one of an actor's names), else the report's own words."""
    if record["kind"] != "abuse":
        return ""
    words = (record.get("perpetrator") or "").strip()
    return record.get("perpetrator_code") or (ref.canonical_actor(words) if words else "")


def _keyword(text: str | None) -> str:
    # Commas separate the values of a keyword field.
    return " ".join((text or "").replace(",", " ").split())


def _date_number(value: str | None) -> int:
    return int(value.replace("-", "")) if value else 0
