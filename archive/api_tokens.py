"""API tokens: long random secrets a user makes for scripts, kept only as their SHA-256.

A token is shown once, when it is made. It acts as its user with the role the account has at the
moment of each call, so a changed role applies at once and a deactivated account's tokens stop
working. Tokens are revoked, never deleted; making, revoking and every refused use are audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from . import audit, throttle
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound, TokenRefused, TokenThrottled
from .messages import N_, Message
from .throttle import Policy
from .validation import text_problem

# Marks the secret as Gawahi's, so a leaked one is recognised (and found by secret scanners).
PREFIX = "gawahi_"
NAME_LIMIT = 100
# Days a new token lasts; None: until revoked.
LIFETIMES = (30, 90, 365, None)
# A token's last use is written at most this often, so reads do not each take the write lock.
LAST_USED_EVERY = timedelta(minutes=1)
UNKNOWN = "Unknown API token. Check that the whole token was copied, or make a new one."
LISTED = "token_id, user_id, name, created_at, expires_at, last_used_at, revoked_at, revoked_by"


def token_hash(secret: str) -> str:
    """The SHA-256 (hex) the archive keeps instead of the token: 32 random bytes need no salt."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def create_token(
    db: Database, user_id: int, name: str, actor: str, days: int | None = 90
) -> tuple[int, str]:
    """Make a token for `user_id`, lasting `days` (None: until revoked); returns its id and the
    secret, which is never stored and cannot be shown again."""
    name = _check_name(name)
    if days not in LIFETIMES:
        raise InvalidRecord({"days": N_("Choose how long the token lasts from the list.")})
    secret = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires = (now + timedelta(days=days)).isoformat(timespec="seconds") if days else None
    row = {"user_id": user_id, "name": name, "token_hash": token_hash(secret),
           "created_at": now.isoformat(timespec="seconds"), "expires_at": expires}  # fmt: skip
    with write_transaction(db):
        token_id = db["api_tokens"].insert(row).last_pk
        detail = {"token": name, "token_id": token_id, "expires_at": expires}
        audit.record(db, "api_token_create", actor, _owner(db, user_id), detail)
    return token_id, secret


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidRecord(
            {"name": N_("Name the token after what will use it, e.g. 'nightly sync'.")}
        )
    if problem := text_problem(name, NAME_LIMIT):
        raise InvalidRecord({"name": problem})
    return name


def _owner(db: Database, user_id: int) -> str:
    row = db.execute("SELECT username FROM users WHERE user_id = ?", [user_id]).fetchone()
    return row[0] if row else ""


def tokens_of(db: Database, user_id: int) -> list[dict[str, Any]]:
    """A user's tokens, newest first, each saying whether it has `expired`; never hashes."""
    now = utc_now()
    rows = db.query(
        f"SELECT {LISTED} FROM api_tokens WHERE user_id = ? ORDER BY token_id DESC", [user_id]
    )
    return [
        {**row, "expired": bool(row["expires_at"]) and row["expires_at"] <= now} for row in rows
    ]


def revoke_token(db: Database, user_id: int, token_id: int, actor: str) -> None:
    """Revoke one of `user_id`'s tokens: from now on every call with it is refused."""
    with write_transaction(db):
        rows = list(db.query(f"SELECT {LISTED} FROM api_tokens WHERE token_id = ? AND user_id = ?",
                             [token_id, user_id]))  # fmt: skip
        if not rows:
            raise NotFound(Message("You have no API token number %(number)d.", number=token_id))
        if rows[0]["revoked_at"]:
            raise InvalidRecord({"token": N_("This token is already revoked.")})
        db.execute(
            "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE token_id = ?",
            [utc_now(), actor, token_id],
        )
        detail = {"token": rows[0]["name"], "token_id": token_id}
        audit.record(db, "api_token_revoke", actor, _owner(db, user_id), detail)


def authenticate(
    db: Database, secret: str, address: str | None = None, policy: Policy | None = None
) -> dict[str, Any]:
    """The token's use: its id and name and its user's id, name and current role; TokenRefused
    (audited, with the reason) when it is unknown, revoked or expired, or the account is off.
    Given a throttle `policy`, TokenThrottled (not audited) when `address` has failed too often
    lately (archive/throttle.py)."""
    row = _token_row(db, secret)
    problem = UNKNOWN if row is None else _refusal(row)
    if problem and policy is not None:
        seconds = throttle.wait_before_api_failure(db, address or "", policy)
        if seconds:
            raise TokenThrottled(seconds)
    if row is None:
        audit.record(db, "api_token_failed", "unknown", "", {"reason": "unknown token"},
                     address=address)  # fmt: skip
        raise TokenRefused(UNKNOWN)
    if problem:
        detail = {"token": row["name"], "token_id": row["token_id"], "reason": problem}
        audit.record(db, "api_token_failed", row["username"], row["username"], detail,
                     address=address)  # fmt: skip
        raise TokenRefused(f"This API token ({row['name']}) {problem}.")
    _note_use(db, row)
    return {key: row[key] for key in ("token_id", "name", "user_id", "username", "role")}


def _token_row(db: Database, secret: str) -> dict[str, Any] | None:
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    rows = db.query(
        "SELECT t.token_id, t.name, t.expires_at, t.revoked_at, t.last_used_at, u.user_id,"
        " u.username, u.role, u.active FROM api_tokens t JOIN users u ON u.user_id = t.user_id"
        " WHERE t.token_hash = ?",
        [token_hash(secret)],
    )
    return next(iter(rows), None)


def _refusal(row: dict[str, Any]) -> str | None:
    if row["revoked_at"]:
        return f"was revoked on {row['revoked_at'][:10]}"
    if row["expires_at"] and row["expires_at"] <= utc_now():
        return f"expired on {row['expires_at'][:10]}"
    if not row["active"]:
        return f"belongs to {row['username']}, whose account is deactivated"
    return None


def _note_use(db: Database, row: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    last = row["last_used_at"]
    if last and datetime.fromisoformat(last) > now - LAST_USED_EVERY:
        return
    with write_transaction(db):
        db.execute(
            "UPDATE api_tokens SET last_used_at = ? WHERE token_id = ?",
            [now.isoformat(timespec="seconds"), row["token_id"]],
        )
