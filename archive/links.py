"""Links between entries: the same event, part of an operation, or a follow-up.

A link joins two entries of either category (an abuse report and the attack claim about the same
event, say), each end a (kind, id) pair. Adding or removing a link is a revision of both entries.
Links are retracted with a reason, never deleted: readers see live links, and the history of
both entries says who made and who removed each one, when and why.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from .categories import CATEGORIES, get_category
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_, Message
from .revisions import record_revision
from .validation import check_reason

LINK_TYPES = {
    "same_event": N_("The same event as"),
    "part_of": N_("Part of (an operation or a wider event)"),
    "follow_up": N_("A follow-up of"),
}
# How a link reads at each end: (at the 'from' entry, at the 'to' entry).
RELATIONS = {
    "same_event": ("same_event", "same_event"),
    "part_of": ("part_of", "has_part"),
    "follow_up": ("follow_up_of", "followed_up_by"),
}
RELATION_LABELS = {
    "same_event": N_("Same event as"),
    "part_of": N_("Part of"),
    "has_part": N_("Has part"),
    "follow_up_of": N_("Follow-up of"),
    "followed_up_by": N_("Followed up by"),
}
ORDER = list(RELATION_LABELS)
Entry = tuple[str, int]


def add_link(
    db: Database, kind: str, entry_id: int, link_type: str, other: Entry, actor: str
) -> int:
    """Link entry (kind, entry_id) to `other`, a (kind, id) pair: this one is `link_type`
    (the same event as, part of, a follow-up of) the other. Returns the link's id."""
    if link_type not in LINK_TYPES:
        raise InvalidRecord({"link_type": N_("Choose how the two entries are linked.")})
    other_kind, other_id = other
    if other_kind not in CATEGORIES:
        raise InvalidRecord({"other_kind": N_("Choose an abuse report or an attack claim.")})
    if (kind, entry_id) == (other_kind, other_id):
        raise InvalidRecord({"other_id": N_("An entry cannot be linked to itself.")})
    with write_transaction(db):
        _title(db, kind, entry_id)
        try:
            _title(db, other_kind, other_id)
        except NotFound as error:
            raise InvalidRecord({"other_id": error.args[0]}) from None
        if existing := _live_between(db, (kind, entry_id), other):
            raise InvalidRecord({"other_id": _already(existing, kind, entry_id)})
        ends = [(kind, entry_id), other]
        if link_type == "same_event":
            ends.sort()  # symmetric: one order, so the unique index sees both ways as one
        (from_kind, from_id), (to_kind, to_id) = ends
        row = {"from_kind": from_kind, "from_id": from_id, "to_kind": to_kind, "to_id": to_id,
               "link_type": link_type, "created_at": utc_now(), "created_by": actor}  # fmt: skip
        link_id = db["entry_links"].insert(row).last_pk
        _record(db, _link_row(db, link_id), "link", actor)
    return link_id


def remove_link(
    db: Database, kind: str, entry_id: int, link_id: int, actor: str, reason: str
) -> None:
    """Retract one of an entry's links with a reason: kept, no longer shown; a revision of both
    entries."""
    reason = check_reason(reason, N_("Say why this link is removed."))
    with write_transaction(db):
        link = _link_row(db, link_id)
        if link is None or link["retracted_at"] or not _touches(link, kind, entry_id):
            message = Message("Link %(number)d is not one of this entry's links.", number=link_id)
            raise NotFound(message)
        db.execute(
            "UPDATE entry_links SET retracted_at = ?, retracted_by = ?, retraction_reason = ?"
            " WHERE link_id = ?",
            [utc_now(), actor, reason, link_id],
        )
        _record(db, link, "unlink", actor, reason)


def links_of(db: Database, kind: str, entry_id: int) -> list[dict[str, Any]]:
    """An entry's live links, as read from it (see `links_by_entry`)."""
    return links_by_entry(db, kind, [entry_id])[entry_id]


def links_by_entry(db: Database, kind: str, entry_ids: list[int]) -> dict[int, list[dict]]:
    """Entry id -> its live links, each as read from that entry: the relation ('part_of',
    'has_part'...) and its words, and the other entry's kind, entry_id, title and status."""
    linked: dict[int, list[dict[str, Any]]] = {entry_id: [] for entry_id in entry_ids}
    for start in range(0, len(entry_ids), 500):
        batch = entry_ids[start : start + 500]
        marks = ",".join("?" * len(batch))
        rows = db.query(
            "SELECT * FROM entry_links WHERE retracted_at IS NULL AND ((from_kind = ? AND"
            f" from_id IN ({marks})) OR (to_kind = ? AND to_id IN ({marks}))) ORDER BY link_id",
            [kind, *batch, kind, *batch],
        )
        for row in rows:
            for end in ("from", "to"):
                if row[f"{end}_kind"] == kind and row[f"{end}_id"] in linked:
                    linked[row[f"{end}_id"]].append(_seen_from(row, end))
    _describe_others(db, [link for links in linked.values() for link in links])
    for links in linked.values():
        links.sort(key=lambda link: (ORDER.index(link["relation"]), link["link_id"]))
    return linked


def _seen_from(row: dict[str, Any], end: str) -> dict[str, Any]:
    other = "to" if end == "from" else "from"
    relation = RELATIONS[row["link_type"]][0 if end == "from" else 1]
    return {
        "link_id": row["link_id"],
        "link_type": row["link_type"],
        "relation": relation,
        "relation_label": RELATION_LABELS[relation],
        "kind": row[f"{other}_kind"],
        "entry_id": row[f"{other}_id"],
        "created_at": row["created_at"],
        "created_by": row["created_by"],
    }


def _describe_others(db: Database, links: list[dict[str, Any]]) -> None:
    """Add the other entry's titles (English and Urdu), status and category label to each link,
    a query a kind."""
    for kind, category in CATEGORIES.items():
        ids = sorted({link["entry_id"] for link in links if link["kind"] == kind})
        found: dict[int, dict] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            rows = db.query(
                f"SELECT {category.pk} AS entry_id, title, title_ur, status FROM {category.table}"
                f" WHERE {category.pk} IN ({','.join('?' * len(batch))})",
                batch,
            )
            found |= {row["entry_id"]: row for row in rows}
        for link in links:
            if link["kind"] == kind:
                row = found.get(
                    link["entry_id"], {"title": N_("(missing)"), "title_ur": "", "status": ""}
                )
                link.update(title=row["title"], title_ur=row["title_ur"], status=row["status"],
                            category=category.label)  # fmt: skip


def _title(db: Database, kind: str, entry_id: int) -> str:
    category = get_category(kind)
    row = db.execute(
        f"SELECT title FROM {category.table} WHERE {category.pk} = ?", [entry_id]
    ).fetchone()
    if row is None:
        if kind == "abuse":
            raise NotFound(Message("There is no abuse report number %(number)d.", number=entry_id))
        raise NotFound(Message("There is no attack claim number %(number)d.", number=entry_id))
    return row[0]


def _link_row(db: Database, link_id: int) -> dict[str, Any] | None:
    rows = list(db["entry_links"].rows_where("link_id = ?", [link_id]))
    return rows[0] if rows else None


def _touches(link: dict[str, Any], kind: str, entry_id: int) -> bool:
    ends = [(link[f"{end}_kind"], link[f"{end}_id"]) for end in ("from", "to")]
    return (kind, entry_id) in ends


def _live_between(db: Database, one: Entry, other: Entry) -> dict[str, Any] | None:
    rows = db["entry_links"].rows_where(
        "retracted_at IS NULL AND ((from_kind = ? AND from_id = ? AND to_kind = ? AND to_id = ?)"
        " OR (from_kind = ? AND from_id = ? AND to_kind = ? AND to_id = ?))",
        [*one, *other, *other, *one],
        limit=1,
    )
    return next(iter(rows), None)


ALREADY = {
    "same_event": N_(
        "These two entries are already linked: as the same event. To link them otherwise, "
        "remove that link first."
    ),
    "part_of": N_(
        "These two entries are already linked: this entry is part of that one. To link them "
        "otherwise, remove that link first."
    ),
    "has_part": N_(
        "These two entries are already linked: that entry is part of this one. To link them "
        "otherwise, remove that link first."
    ),
    "follow_up_of": N_(
        "These two entries are already linked: this entry is a follow-up of that one. To link "
        "them otherwise, remove that link first."
    ),
    "followed_up_by": N_(
        "These two entries are already linked: that entry is a follow-up of this one. To link "
        "them otherwise, remove that link first."
    ),
}


def _already(link: dict[str, Any], kind: str, entry_id: int) -> str:
    end = "from" if (link["from_kind"], link["from_id"]) == (kind, entry_id) else "to"
    relation = RELATIONS[link["link_type"]][0 if end == "from" else 1]
    return ALREADY[relation]


def _record(db: Database, link: dict[str, Any], action: str, actor: str, reason: str = "") -> None:
    """A revision of each entry the link joins, saying what it is linked to (or no longer)."""
    for end in ("from", "to"):
        seen = _seen_from(link, end)
        other = get_category(seen["kind"])
        seen_as = {
            "relation": seen["relation"],
            "kind": seen["kind"],
            "entry_id": seen["entry_id"],
            "title": _title(db, seen["kind"], seen["entry_id"]),
            "category": other.label,
        }
        changes = {"links": [None, seen_as] if action == "link" else [seen_as, None]}
        category = get_category(link[f"{end}_kind"])
        entry_id = link[f"{end}_id"]
        record_revision(db, category.entity, entry_id, action, actor, changes, reason)
