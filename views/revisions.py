"""Revisions in words: field names, values and text changes as a person reads them, in the
reader's language (what was typed stays as typed)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

import archive
from archive.messages import Message
from forms.common import translated

FIELD_LABELS = {
    "title": _l("Title"),
    "narrative": _l("Narrative"),
    "title_ur": _l("Title in Urdu"),
    "narrative_ur": _l("Summary in Urdu"),
    "date_precision": _l("Date precision"),
    "date_start": _l("Date (first day)"),
    "date_end": _l("Date (last day)"),
    "province": _l("Province"),
    "district": _l("District"),
    "place": _l("Place"),
    "tags": _l("Tags"),
    "status": _l("Status"),
    "retraction_reason": _l("Reason for retraction"),
    "abuse_type": _l("Type of abuse"),
    "victim_count": _l("Number of victims"),
    "perpetrator": _l("Alleged perpetrator"),
    "perpetrator_code": _l("Alleged perpetrator, from the list"),
    "victims": _l("Named victims"),
    "citations": _l("Citations"),
    "group_code": _l("Group making the claim"),
    "spokesperson": _l("Spokesperson"),
    "claim_medium": _l("How the claim was made"),
    "claim_type": _l("Type of attack claimed"),
    "claimed_targets": _l("Targets, as claimed"),
    "claimed_killed": _l("Killed, as claimed"),
    "claimed_injured": _l("Injured, as claimed"),
    "official_response": _l("Official response"),
    "official_killed": _l("Killed, officially"),
    "official_injured": _l("Injured, officially"),
    "official_statement": _l("Official statement"),
    "figures": _l("Figures as reported"),
    "outlet": _l("Outlet or publisher"),
    "url": _l("Web address"),
    "published": _l("Publication date"),
    "accessed": _l("Date accessed"),
    "source_type": _l("Type of source"),
    "language": _l("Language"),
    "body": _l("Text"),
    "sha256": _l("SHA-256"),
    "confidential": _l("Confidential"),
    "links": _l("Linked entries"),
    "merged_into": _l("Merged into source"),
    "merged_from": _l("Merged from source"),
    "fates": _l("What happened to a victim"),
}
ACTIONS = {
    "create": _l("Recorded"),
    "update": _l("Corrected"),
    "retract": _l("Retracted"),
    "cite": _l("Citation added"),
    "uncite": _l("Citation removed"),
    "migrate": _l("Restated after a schema change"),
    "link": _l("Link added"),
    "unlink": _l("Link removed"),
    "merge": _l("Merged"),
    "merge_source": _l("Citation moved to the source kept in a merge"),
    "fate": _l("What happened to a victim recorded"),
    "fate_retract": _l("A record of what happened withdrawn"),
}
LONG_TEXT = 80


def field_label(field: str) -> str:
    """A stored field's name in words."""
    return str(FIELD_LABELS.get(field, field.replace("_", " ").capitalize()))


def action_label(action: str) -> str:
    """A revision's action in words."""
    return str(ACTIONS.get(action, action.capitalize()))


def value_lines(field: str, value: Any) -> list[str]:
    """A stored value as lines of text (one per citation or victim); [] when empty."""
    if value in (None, "", []):
        return []
    if field == "citations":
        return [_citation(c) for c in (value if isinstance(value, list) else [value])]
    if field == "figures":
        from .labels import figure_text  # labels imports this module

        return [figure_text(figure) for figure in value]
    if field == "victims":
        # For readers not cleared, the archive hands over a count instead of the victims.
        return [translated(value)] if isinstance(value, str) else [_victim(v) for v in value]
    if field == "links":
        return [_link(value)]
    if field == "fates":
        return _fate(value)
    if field == "tags":
        return [", ".join(value)]
    if field == "status":
        return [translated(archive.STATUS_LABELS.get(value, value))]
    if field == "confidential":
        return [_("Yes") if value else _("No")]
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
    said = words.get(field, {}).get(value)
    return translated(said) if said else str(value)


def _citation(citation: dict) -> str:
    # A confidential source's citation is masked with a mark, said in the reader's language.
    source, passage, said_by = (
        translated(value) if isinstance(value, Message) else value
        for value in (citation.get("source_id"), citation.get("passage", ""),
                      citation.get("attributed_to"))
    )  # fmt: skip
    if said_by:
        return _(
            "Source #%(number)s: \u201c%(passage)s\u201d (attributed to %(said_by)s)",
            number=source, passage=passage, said_by=said_by,
        )  # fmt: skip
    return _("Source #%(number)s: \u201c%(passage)s\u201d", number=source, passage=passage)


def _link(link: dict) -> str:
    relation = link.get("relation")
    said = (
        translated(archive.RELATION_LABELS[relation])
        if relation in archive.RELATION_LABELS
        else relation
    )
    values = {"relation": said, "number": link.get("entry_id"), "title": link.get("title", "")}
    # The other entry's category as the archive stored it ("Abuse report", "Attack claim").
    if link.get("kind") == "abuse" or link.get("category") == archive.CATEGORIES["abuse"].label:
        return _("%(relation)s abuse report %(number)s: \u201c%(title)s\u201d", **values)
    return _("%(relation)s attack claim %(number)s: \u201c%(title)s\u201d", **values)


VICTIM_NUMBER = re.compile(r"Victim (\d+)")


def _victim_label(label: str) -> str:
    """'Victim 2' as a revision stored it, in the reader's language."""
    if found := VICTIM_NUMBER.fullmatch(str(label)):
        return _("Victim %(number)d", number=int(found.group(1)))
    return translated(str(label))


def _fate(fate: dict) -> list[str]:
    """A fate change: who (by number, never by name), what and when; then its citations."""
    from .labels import entry_date  # labels imports this module

    status = fate["status"]
    said = translated(archive.FATES[status]) if status in archive.FATES else status
    victim = _victim_label(fate["victim"])
    lines = [
        _("%(victim)s: %(status)s, %(date)s", victim=victim, status=said, date=entry_date(fate))
    ]
    citations = fate.get("citations", [])
    if isinstance(citations, str):  # withheld for readers not cleared
        return [*lines, _("Sources: %(withheld)s", withheld=translated(citations))]
    return lines + [_citation(citation) for citation in citations]


def _victim(victim: dict) -> str:
    parts = [str(victim.get(key)) for key in ("name", "age", "occupation") if victim.get(key)]
    if victim.get("confidential", True):
        return _("%(victim)s (confidential)", victim=", ".join(parts))
    return ", ".join(parts)


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
