"""Sources: the documents entries cite, recorded once with their text or file and SHA-256.

A file's text, read by the face with `intake` (the archive imports no file parser), is stored
beside the file in `extracted_text`; `source_text` is what every feature reads as "the text of
a source": the pasted text when there is one, else the text read from the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from . import duplicates
from .db import insert_row, utc_now, write_transaction
from .errors import DuplicateSource, InvalidRecord, NotFound
from .messages import N_, Message
from .queue import enqueue
from .revisions import diff, record_revision
from .validation import SOURCE_LIMITS, check_reason, clean_source, text_problem


@dataclass(frozen=True)
class SourceFile:
    """An uploaded file, kept inside the archive so the entry stands when the web page goes."""

    filename: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        """The file's SHA-256 fingerprint, as hex."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class SourceText:
    """The text read from a source's file: how ("html", "pdf", "text", or "failed" when none
    could be read) and what a reader should know (where reading stopped, or why it failed)."""

    text: str
    method: str
    note: str = ""

    def columns(self) -> dict[str, str]:
        """The `sources` columns that hold it; InvalidRecord when the store would refuse it."""
        problem = text_problem(self.text, SOURCE_LIMITS["body"])
        if problem:
            raise InvalidRecord({"upload": Message("The text read from this file: %(problem)s",
                                                  problem=problem)})  # fmt: skip
        return {"extracted_text": self.text, "text_method": self.method, "text_note": self.note}


def fingerprint(row: dict[str, Any], file: SourceFile | None) -> str | None:
    """The SHA-256 of the source's file, else of its text, else None."""
    if file is not None:
        return file.sha256
    if row.get("body"):
        return hashlib.sha256(row["body"].encode("utf-8")).hexdigest()
    return None


def find_duplicate(
    db: Database,
    url: str | None,
    sha256: str | None,
    body: str | None = None,
    exclude_id: int | None = None,
) -> tuple[int, str, bool] | None:
    """(source_id, what it shares, confidential) of a source already holding the same web
    address or SHA-256, or (given `body`) the same page or text once tidied; or None.

    A source merged into another points to the one kept."""
    found = _exact_duplicate(db, url, sha256, exclude_id)
    if found is None and body is not None:
        found = duplicates.near_duplicate_source(db, url, body, exclude_id)
    if found is None:
        return None
    source_id = _kept_source(db, found[0], exclude_id)
    confidential = db.execute(
        "SELECT confidential FROM sources WHERE source_id = ?", [source_id]
    ).fetchone()[0]
    return source_id, found[1], bool(confidential)


def _exact_duplicate(db: Database, url, sha256, exclude_id) -> tuple[int, str] | None:
    for column, value, what in (("url", url, N_("web address")), ("sha256", sha256, "SHA-256")):
        if value:
            row = db.execute(
                f"SELECT source_id FROM sources WHERE {column} = ? AND source_id IS NOT ?",
                [value, exclude_id],
            ).fetchone()
            if row:
                return row[0], what
    return None


def _kept_source(db: Database, source_id: int, exclude_id: int | None) -> int:
    """The source that `source_id` was merged into, following merges to the end."""
    seen = {source_id}
    while True:
        row = db.execute(
            "SELECT merged_into FROM sources WHERE source_id = ?", [source_id]
        ).fetchone()
        kept = row[0] if row else None
        if kept is None or kept in seen or kept == exclude_id:
            return source_id
        seen.add(kept)
        source_id = kept


def add_source(
    db: Database,
    record: dict[str, Any],
    actor: str,
    file: SourceFile | None = None,
    text: SourceText | None = None,
) -> int:
    """Store a new source and return its id; DuplicateSource if the archive already holds its
    web address, SHA-256, or the same page or text once tidied.

    `text` is what was read from `file`; without it a file's text is read later (at start-up).
    """
    row = clean_source(db, record)
    if file is not None and text is not None:
        row.update(text.columns())
    row["sha256"] = fingerprint(row, file)
    row.update(duplicates.source_keys(row))
    with write_transaction(db):
        duplicate = find_duplicate(db, row["url"], row["sha256"], row["body"])
        if duplicate:
            raise DuplicateSource(*duplicate)
        if file is not None:
            _store_file(db, file)
            row["file_sha256"] = file.sha256
        now = utc_now()
        row.update(created_at=now, created_by=actor, updated_at=now, updated_by=actor)
        source_id = insert_row(db, "sources", row)
        record_revision(db, "source", source_id, "create", actor, diff({}, _revisable(row)))
        enqueue(db, "source", source_id)
    return source_id


def _store_file(db: Database, file: SourceFile) -> None:
    db["source_files"].insert(
        {
            "sha256": file.sha256,
            "filename": file.filename,
            "media_type": file.media_type,
            "size": len(file.content),
            "content": file.content,
        },
        ignore=True,
    )


def update_source(
    db: Database, source_id: int, changes: dict[str, Any], actor: str, reason: str
) -> dict[str, list]:
    """Change a source's details, writing a revision; returns what changed."""
    reason = check_reason(reason, N_("Say why you are making this change."))
    with write_transaction(db):
        before = get_source(db, source_id)
        row = clean_source(db, {**before, **changes})
        row["sha256"] = before["file_sha256"] or fingerprint(row, None)
        row.update(duplicates.source_keys(row))
        # Near-duplicates only when the address or text changes: a pair saved before they were
        # detected can still have its titles corrected (and then be merged).
        moved = (row["url"], row["body"]) != (before["url"], before["body"])
        duplicate = find_duplicate(
            db, row["url"], row["sha256"], row["body"] if moved else None, exclude_id=source_id
        )
        if duplicate:
            raise DuplicateSource(*duplicate)
        changed = diff(_revisable(before), _revisable(row))
        if not changed:
            return {}
        row.update(updated_at=utc_now(), updated_by=actor)
        db["sources"].update(source_id, row)
        record_revision(db, "source", source_id, "update", actor, changed, reason)
        enqueue(db, "source", source_id)
    return changed


def set_source_text(
    db: Database, source_id: int, text: SourceText, actor: str, reason: str
) -> dict[str, list]:
    """Store the text read from a source's file, with a revision; returns what changed."""
    columns = text.columns()
    with write_transaction(db):
        before = get_source(db, source_id)
        changed = diff({key: before[key] for key in columns}, columns)
        if not changed and before["text_method"] is not None:
            return {}
        db["sources"].update(source_id, columns)
        record_revision(db, "source", source_id, "update", actor, changed, reason)
        enqueue(db, "source", source_id)
    return changed


def sources_to_read(db: Database, limit: int = 100) -> list[int]:
    """Ids of sources holding a file whose text has not been read yet, oldest first."""
    rows = db.execute(
        "SELECT source_id FROM sources WHERE text_method IS NULL AND file_sha256 IS NOT NULL"
        " ORDER BY source_id LIMIT ?",
        [limit],
    )
    return [row[0] for row in rows]


def text_of(source: dict[str, Any]) -> str:
    """A source row's text: the pasted text when there is one, else the text read from its file."""
    body = source.get("body") or ""
    return body if body.strip() else source.get("extracted_text") or ""


def source_text(db: Database, source_id: int) -> str:
    """The text of a source, for every feature that reads one (search, intake, import, backup):
    its pasted text when there is one, else the text read from its file; NotFound if none."""
    row = db.execute(
        "SELECT body, extracted_text FROM sources WHERE source_id = ?", [source_id]
    ).fetchone()
    if row is None:
        raise NotFound(Message("There is no source %(number)d.", number=source_id))
    return text_of({"body": row[0], "extracted_text": row[1]})


def _revisable(row: dict[str, Any]) -> dict[str, Any]:
    skip = {"source_id", "created_at", "created_by", "updated_at", "updated_by", "file_sha256",
            "url_key", "text_fingerprint"}  # fmt: skip
    return {key: value for key, value in row.items() if key not in skip}


def get_source(db: Database, source_id: int) -> dict[str, Any]:
    """One source as a dict, with its file's name, type and size when it has one."""
    try:
        source = db["sources"].get(source_id)
    except NotFoundError:
        raise NotFound(Message("There is no source %(number)d.", number=source_id)) from None
    source["file"] = None
    if source["file_sha256"]:
        source["file"] = next(
            db.query(
                "SELECT filename, media_type, size FROM source_files WHERE sha256 = ?",
                [source["file_sha256"]],
            )
        )
    return source


def get_source_file(db: Database, source_id: int) -> SourceFile:
    """The file a source holds; NotFound when it holds none."""
    source = get_source(db, source_id)
    if not source["file_sha256"]:
        raise NotFound(Message("Source %(number)d holds no file.", number=source_id))
    row = db["source_files"].get(source["file_sha256"])
    return SourceFile(row["filename"], row["media_type"], row["content"])


def find_sources(
    db: Database, text: str, limit: int = 20, include_confidential: bool = False
) -> list[dict]:
    """Sources whose title, outlet or URL contains `text`, newest first (for pickers)."""
    like = f"%{text.strip()}%"
    hidden = "" if include_confidential else " AND confidential = 0"
    return list(
        db.query(
            f"""SELECT source_id, title, outlet, published FROM sources
               WHERE (title LIKE ? OR outlet LIKE ? OR url LIKE ?){hidden}
                 AND merged_into IS NULL AND retracted_at IS NULL
               ORDER BY source_id DESC LIMIT ?""",
            [like, like, like, limit],
        )
    )


def sources_by_ids(db: Database, source_ids: list[int]) -> dict[int, dict]:
    """Source id -> the source's title, outlet and date, for many ids in one query."""
    if not source_ids:
        return {}
    marks = ",".join("?" * len(source_ids))
    rows = db.query(
        f"SELECT source_id, title, outlet, url, published, confidential FROM sources"
        f" WHERE source_id IN ({marks})",
        list(source_ids),
    )
    return {row["source_id"]: row for row in rows}


def source_ids(db: Database) -> list[int]:
    """The id of every source, merged and retracted ones included (the search index holds all)."""
    return [row[0] for row in db.execute("SELECT source_id FROM sources ORDER BY source_id")]


def sources_for_index(db: Database, source_ids: list[int]) -> list[dict[str, Any]]:
    """Sources as the search index needs them: id, title, outlet, date and text, in id order."""
    if not source_ids:
        return []
    marks = ",".join("?" * len(source_ids))
    rows = db.query(
        f"SELECT source_id, title, outlet, published, body, extracted_text FROM sources"
        f" WHERE source_id IN ({marks}) ORDER BY source_id",
        list(source_ids),
    )
    return [{**row, "text": text_of(row)} for row in rows]
