"""Revisions in words: field names, values and text changes as a person reads them."""

from __future__ import annotations

import difflib
import re
from typing import Any

import archive
from archive.figures import describe as describe_figure

FIELD_LABELS = {
    "title": "Title", "narrative": "Narrative", "date_precision": "Date precision",
    "date_start": "Date (first day)", "date_end": "Date (last day)", "province": "Province",
    "district": "District", "place": "Place", "tags": "Tags", "status": "Status",
    "retraction_reason": "Reason for retraction", "abuse_type": "Type of abuse",
    "victim_count": "Number of victims", "perpetrator": "Alleged perpetrator",
    "perpetrator_code": "Alleged perpetrator, from the list",
    "victims": "Named victims", "citations": "Citations", "group_code": "Group making the claim",
    "spokesperson": "Spokesperson", "claim_medium": "How the claim was made",
    "claim_type": "Type of attack claimed", "claimed_targets": "Targets, as claimed",
    "claimed_killed": "Killed, as claimed", "claimed_injured": "Injured, as claimed",
    "official_response": "Official response", "official_killed": "Killed, officially",
    "official_injured": "Injured, officially", "official_statement": "Official statement",
    "figures": "Figures as reported",
    "outlet": "Outlet or publisher", "url": "Web address", "published": "Publication date",
    "accessed": "Date accessed", "source_type": "Type of source", "language": "Language",
    "body": "Text", "sha256": "SHA-256", "confidential": "Confidential",
    "links": "Linked entries",
    "merged_into": "Merged into source", "merged_from": "Merged from source",
    "fates": "What happened to a victim",
}  # fmt: skip
ACTIONS = {
    "create": "Recorded",
    "update": "Corrected",
    "retract": "Retracted",
    "cite": "Citation added",
    "uncite": "Citation removed",
    "migrate": "Restated after a schema change",
    "link": "Link added",
    "unlink": "Link removed",
    "merge": "Merged",
    "merge_source": "Citation moved to the source kept in a merge",
    "fate": "What happened to a victim recorded",
    "fate_retract": "A record of what happened withdrawn",
}
LONG_TEXT = 80


def field_label(field: str) -> str:
    """A stored field's name in words."""
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def action_label(action: str) -> str:
    """A revision's action in words."""
    return ACTIONS.get(action, action.capitalize())


def value_lines(field: str, value: Any) -> list[str]:
    """A stored value as lines of text (one per citation or victim); [] when empty."""
    if value in (None, "", []):
        return []
    if field == "citations":
        return [_citation(c) for c in (value if isinstance(value, list) else [value])]
    if field == "figures":
        return [describe_figure(figure) for figure in value]
    if field == "victims":
        # For readers not cleared, the archive hands over a count instead of the victims.
        return [value] if isinstance(value, str) else [_victim(victim) for victim in value]
    if field == "links":
        return [_link(value)]
    if field == "fates":
        return _fate(value)
    if field == "tags":
        return [", ".join(value)]
    if field == "status":
        return [archive.STATUS_LABELS.get(value, value)]
    if field == "confidential":
        return ["Yes" if value else "No"]
    return [_in_words(field, value)]


def _in_words(field: str, value: Any) -> str:
    """A stored code as the words the forms show (a type, a precision, a group), else as is."""
    from .labels import actor_label, type_label  # labels imports this module

    kinds = {"abuse_type": "abuse", "claim_type": "claim", "source_type": "source"}
    if field in kinds:
        return type_label(kinds[field], value)
    if field in ("group_code", "perpetrator_code"):
        return actor_label(value)
    words = {
        "date_precision": archive.PRECISIONS,
        "claim_medium": archive.CLAIM_MEDIUMS,
        "official_response": archive.OFFICIAL_RESPONSES,
    }
    return str(words.get(field, {}).get(value, value))


def _citation(citation: dict) -> str:
    said = f" (attributed to {citation['attributed_to']})" if citation.get("attributed_to") else ""
    return f"Source #{citation.get('source_id')}: \u201c{citation.get('passage', '')}\u201d{said}"


def _link(link: dict) -> str:
    relation = archive.RELATION_LABELS.get(link.get("relation"), link.get("relation"))
    category = str(link.get("category", "")).lower()
    return f"{relation} {category} {link.get('entry_id')}: \u201c{link.get('title', '')}\u201d"


def _fate(fate: dict) -> list[str]:
    """A fate change: who (by number, never by name), what and when; then its citations."""
    when = archive.describe_date(fate["date_precision"], fate["date_start"], fate["date_end"])
    lines = [f"{fate['victim']}: {archive.FATES.get(fate['status'], fate['status'])}, {when}"]
    citations = fate.get("citations", [])
    if isinstance(citations, str):  # withheld for readers not cleared
        return [*lines, f"Sources: {citations}"]
    return lines + [_citation(citation) for citation in citations]


def _victim(victim: dict) -> str:
    parts = [str(victim.get(key)) for key in ("name", "age", "occupation") if victim.get(key)]
    mark = " (confidential)" if victim.get("confidential", True) else ""
    return ", ".join(parts) + mark


def text_changes(before: Any, after: Any) -> list[tuple[str, str]] | None:
    """Word-level changes between two long texts as (op, words): op is '', 'del' or 'ins'.

    None when either side is not a long text, so short values show as before and after.
    """
    if not (isinstance(before, str) and isinstance(after, str)):
        return None
    if max(len(before), len(after)) < LONG_TEXT:
        return None
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            pieces.append(("", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("del", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("ins", "".join(new[j1:j2])))
    return pieces
