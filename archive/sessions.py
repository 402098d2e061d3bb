"""Signed-in sessions kept on the server: one row per sign-in, found by a hash of its token.

The browser's cookie carries only a random token; this table says whose session it is, when it
started and was last seen, from which address and browser, and when and why it ended. Ending a
session marks its row, so a copied cookie stops working at once. Rows are ended, never deleted,
and every start and end leaves an audit row.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from . import audit
from .db import utc_now, write_transaction
from .messages import N_

# Why a session ended, as the audit log and the session lists say it (kept in English in the
# log, whose rows never change; the audit page says it in the reader's language).
REASONS = {
    "sign_out": N_("signed out"),
    "everywhere": N_("signed out everywhere"),
    "admin": N_("ended by an administrator"),
    "password": N_("the password was changed"),
    "deactivated": N_("the account was deactivated"),
    "idle": N_("idle for longer than the session lifetime"),
}
# Last-seen times are written at most this often, so reading pages rarely writes.
TOUCH_SECONDS = 60
USER_AGENT_LENGTH = 300


def _token_hash(token: str) -> str:
    # The token is 32 random bytes, so one SHA-256 keeps a read copy of the table unusable.
    return hashlib.sha256(token.encode()).hexdigest()


def _ago(delta: timedelta) -> str:
    return (datetime.now(UTC) - delta).isoformat(timespec="seconds")


def start(db: Database, user: dict[str, Any], address: str, user_agent: str) -> tuple[str, int]:
    """Open a session for `user`; return its token (for the cookie only) and its id. Audited."""
    token, now = secrets.token_urlsafe(32), utc_now()
    row = {
        "token_hash": _token_hash(token), "user_id": user["user_id"], "started_at": now,
        "last_seen_at": now, "address": address, "last_address": address,
        "user_agent": (user_agent or "")[:USER_AGENT_LENGTH],
    }  # fmt: skip
    with write_transaction(db):
        session_id = db["sessions"].insert(row).last_pk
        detail = {"session": session_id}
        audit.record(db, "sign_in", user["username"], user["username"], detail, address=address)
    return token, session_id


def find(db: Database, token: str, idle: timedelta) -> dict[str, Any] | None:
    """The live session holding `token`, with its account's name, role and state, and whether
    the account has two-factor sign-in on (`two_factor`, asked on every page); else None.

    A session idle for longer than `idle` is ended here (and audited) instead of returned.
    """
    row = next(
        db.query(
            "SELECT sessions.*, username, role, active, language,"
            " EXISTS (SELECT 1 FROM two_factor WHERE two_factor.user_id = sessions.user_id)"
            " AS two_factor FROM sessions JOIN users USING (user_id) WHERE token_hash = ?",
            [_token_hash(token or "")],
        ),
        None,
    )
    if row is None or row["ended_at"] is not None or not row["active"]:
        return None
    if row["last_seen_at"] < _ago(idle):
        _end(db, [row], "idle", "system", address=row["last_address"])
        return None
    return row


def touch(db: Database, row: dict[str, Any], address: str) -> bool:
    """Note that the session `row` was used now, from `address` (at most once a minute);
    whether it was noted (its idle time starts anew)."""
    if row["last_seen_at"] >= _ago(timedelta(seconds=TOUCH_SECONDS)) and (
        address == row["last_address"]
    ):
        return False
    with write_transaction(db):
        db.execute(
            "UPDATE sessions SET last_seen_at = ?, last_address = ? WHERE session_id = ?",
            [utc_now(), address, row["session_id"]],
        )
    return True


def _live(db: Database, where: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT sessions.*, username FROM sessions JOIN users USING (user_id)"
            f" WHERE ended_at IS NULL AND {where} ORDER BY session_id",
            params,
        )
    )


def _end(
    db: Database, rows: list[dict[str, Any]], reason: str, actor: str, address: str | None = None
) -> int:
    """Mark each session row ended and audit it: 'sign_out' for one's own, else 'session_end'."""
    action = "sign_out" if reason == "sign_out" else "session_end"
    with write_transaction(db):
        for row in rows:
            db.execute(
                "UPDATE sessions SET ended_at = ?, ended_by = ?, end_reason = ?"
                " WHERE session_id = ? AND ended_at IS NULL",
                [utc_now(), actor, reason, row["session_id"]],
            )
            detail = {"session": row["session_id"], "reason": REASONS[reason]}
            audit.record(db, action, actor, row["username"], detail, address=address)
    return len(rows)


def end(db: Database, session_id: int, reason: str, actor: str, user_id: int | None = None) -> bool:
    """End one live session (of `user_id`, when given); False when there is no such session."""
    where, params = "session_id = ?", [session_id]
    if user_id is not None:
        where, params = f"{where} AND user_id = ?", [*params, user_id]
    return bool(_end(db, _live(db, where, params), reason, actor))


def end_all(db: Database, user_id: int, reason: str, actor: str, keep: int | None = None) -> int:
    """End every live session of an account (all but `keep`, when given); how many ended."""
    where, params = "user_id = ? AND session_id IS NOT ?", [user_id, keep]
    return _end(db, _live(db, where, params), reason, actor)


def end_idle(db: Database, idle: timedelta) -> int:
    """End (and audit) every session unused for longer than `idle`; how many ended."""
    rows = _live(db, "last_seen_at < ?", [_ago(idle)])
    with write_transaction(db):
        for row in rows:
            _end(db, [row], "idle", "system", address=row["last_address"])
    return len(rows)


def active(db: Database, user_id: int, idle: timedelta) -> list[dict[str, Any]]:
    """An account's sessions still in use, newest first: started, last seen, address, browser."""
    rows = _live(db, "user_id = ? AND last_seen_at >= ?", [user_id, _ago(idle)])
    return rows[::-1]


def count_active(db: Database, idle: timedelta) -> dict[int, int]:
    """How many sessions in use each account has (accounts with none are absent)."""
    rows = db.execute(
        "SELECT user_id, count(*) FROM sessions WHERE ended_at IS NULL AND last_seen_at >= ?"
        " GROUP BY user_id",
        [_ago(idle)],
    )
    return dict(rows.fetchall())
