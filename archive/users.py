"""Staff accounts: usernames, scrypt password hashes, roles, and the first administrator's link.

Every change to an account is written with the name of who made it and leaves an audit row that
holds the account's new state (its snapshot), which `flask verify` compares with the account.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database
from werkzeug.security import check_password_hash, generate_password_hash

from . import audit, sessions, snapshots
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_, Message

# The interface languages an account may choose: English and Urdu.
LANGUAGES = ("en", "ur")

# Lowest first: each role may do everything the roles before it may.
# Each role's name is marked for the catalogue, as pages show it (`|translated`).
ROLES = (N_("reader"), N_("documenter"), N_("reviewer"), N_("admin"))
ROLE_LABELS = {
    "reader": N_("Reader: searches and reads; sees no confidential field"),
    "documenter": N_("Documenter: also adds and edits entries and sources"),
    "reviewer": N_("Reviewer: also corroborates and verifies; sees confidential fields"),
    "admin": N_("Administrator: also manages users, reference data and the audit log"),
}
MIN_PASSWORD_LENGTH = 10
# scrypt at Werkzeug's default cost (n=2**15, r=8, p=1); each hash records its own parameters.
PASSWORD_METHOD = "scrypt"
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@functools.cache
def _dummy_hash() -> str:
    """A hash to check an unknown name's password against, so both answers take as long (made
    at first use, not at every start: scrypt takes a seventh of a CPU second, which a CLI
    command would pay for nothing)."""
    return generate_password_hash("not a password", method="scrypt")


def role_at_least(role: str, minimum: str) -> bool:
    """True when `role` is `minimum` or a higher role."""
    return ROLES.index(role) >= ROLES.index(minimum)


def _check_role(role: str) -> str:
    if role not in ROLES:
        choices = ", ".join(ROLES)
        raise InvalidRecord({"role": Message("Choose one of: %(choices)s.", choices=choices)})
    return role


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not 2 <= len(name) <= 40 or not set(name.lower()) <= USERNAME_CHARS:
        raise InvalidRecord(
            {"username": N_("Use 2 to 40 letters, digits, dots, dashes or underscores.")}
        )
    return name


def _hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise InvalidRecord(
            {
                "password": Message(
                    "Use at least %(count)d characters; a phrase is best.",
                    count=MIN_PASSWORD_LENGTH,
                )
            }
        )
    return generate_password_hash(password, method=PASSWORD_METHOD)


def add_user(db: Database, username: str, password: str, role: str, actor: str) -> int:
    """Create an active account and return its id; InvalidRecord if the name is taken."""
    name, role = _check_username(username), _check_role(role)
    password_hash = _hash_password(password)
    now = utc_now()
    with write_transaction(db):
        if _row(db, name) is not None:
            raise InvalidRecord(
                {"username": Message("There is already a user called %(name)s.", name=name)}
            )
        row = {"username": name, "password_hash": password_hash, "role": role, "active": 1}
        row.update(password_changed_at=_changed_now(), created_at=now, created_by=actor)
        row.update(updated_at=now, updated_by=actor)
        user_id = db["users"].insert(row).last_pk
        # An archive with an account no longer needs its set-up link.
        db.execute("DELETE FROM setup_tokens")
        audit.record(db, "user_create", actor, name, {"role": role}, snapshot=state(db, user_id))
    return user_id


def _row(db: Database, username: str) -> dict[str, Any] | None:
    rows = db["users"].rows_where("username = ? COLLATE NOCASE", [(username or "").strip()])
    return next(iter(rows), None)


def get_user(db: Database, username: str) -> dict[str, Any]:
    """One account by name (any case); NotFound when there is none."""
    row = _row(db, username)
    if row is None:
        raise NotFound(Message("There is no user %(name)s.", name=username))
    return row


def get_user_by_id(db: Database, user_id: int) -> dict[str, Any] | None:
    """One account by id, or None."""
    return next(iter(db["users"].rows_where("user_id = ?", [user_id])), None)


def list_users(db: Database) -> list[dict[str, Any]]:
    """Every account, active ones first, by name; without password hashes."""
    return list(
        db.query(
            "SELECT user_id, username, role, active, created_at, created_by, updated_at,"
            " updated_by FROM users ORDER BY active DESC, username COLLATE NOCASE"
        )
    )


def count_users(db: Database) -> int:
    """How many accounts exist, active or not."""
    return db["users"].count


def authenticate(db: Database, username: str, password: str) -> dict[str, Any] | None:
    """The active account matching name and password, else None (timing alike either way)."""
    row = _row(db, username)
    if row is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(row["password_hash"], password or "") or not row["active"]:
        return None
    return row


def state(db: Database, user_id: int) -> str:
    """An account's snapshot, as the JSON its audit rows hold."""
    return snapshots.dumps(snapshots.user_state(db["users"].get(user_id)))


def _update(db: Database, username: str, changes: dict[str, Any], actor: str) -> dict[str, Any]:
    row = get_user(db, username)
    db["users"].update(row["user_id"], {**changes, "updated_at": utc_now(), "updated_by": actor})
    return {**row, "state": state(db, row["user_id"])}


def change_password(
    db: Database,
    username: str,
    current: str,
    new: str,
    actor: str | None = None,
    keep_session: int | None = None,
) -> None:
    """Change a password after checking the current one (users changing their own).

    Every session of the account ends except `keep_session`, the one asking.
    """
    if authenticate(db, username, current) is None:
        raise InvalidRecord({"current_password": N_("That is not your current password.")})
    set_password(db, username, new, actor or username, keep_session)


def set_password(
    db: Database, username: str, password: str, actor: str, keep_session: int | None = None
) -> None:
    """Set a new password; every session of the account ends (but `keep_session`)."""
    password_hash = _hash_password(password)
    with write_transaction(db):
        row = _update(
            db,
            username,
            {"password_hash": password_hash, "password_changed_at": _changed_now()},
            actor,
        )
        audit.record(db, "user_password", actor, row["username"], snapshot=row["state"])
        sessions.end_all(db, row["user_id"], "password", actor, keep=keep_session)


def set_role(db: Database, username: str, role: str, actor: str) -> None:
    """Give an account another role; the last active administrator keeps theirs."""
    _check_role(role)
    with write_transaction(db):
        row = get_user(db, username)
        if row["role"] == role:
            return
        if row["role"] == "admin" and row["active"]:
            _keep_an_admin(db, "role")
        changed = _update(db, username, {"role": role}, actor)
        audit.record(db, "user_role", actor, row["username"], {"from": row["role"], "to": role},
                     snapshot=changed["state"])  # fmt: skip


def set_language(db: Database, username: str, language: str | None, actor: str) -> None:
    """Keep the interface language an account chose (None: follow the browser's)."""
    if language is not None and language not in LANGUAGES:
        raise InvalidRecord(
            {"language": Message("Choose one of: %(choices)s.", choices=", ".join(LANGUAGES))}
        )
    with write_transaction(db):
        row = get_user(db, username)
        if row.get("language") == language:
            return
        changed = _update(db, username, {"language": language}, actor)
        audit.record(db, "user_language", actor, row["username"], {"language": language},
                     snapshot=changed["state"])  # fmt: skip


def set_active(db: Database, username: str, active: bool, actor: str) -> None:
    """Deactivate (sign-in refused, record kept) or reactivate an account."""
    with write_transaction(db):
        row = get_user(db, username)
        if bool(row["active"]) == active:
            return
        if not active and row["role"] == "admin":
            _keep_an_admin(db, "active")
        changed = _update(db, username, {"active": int(active)}, actor)
        audit.record(db, "user_active", actor, row["username"], {"active": active},
                     snapshot=changed["state"])  # fmt: skip
        if not active:
            sessions.end_all(db, row["user_id"], "deactivated", actor)


def _keep_an_admin(db: Database, field: str) -> None:
    if db["users"].count_where("role = 'admin' AND active = 1") <= 1:
        raise InvalidRecord({field: N_("This is the last active administrator: appoint another.")})


def _changed_now() -> str:
    # Microseconds, so two changes within the same second stay distinct and in order.
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _token_hash(token: str) -> str:
    # The token is 32 random bytes, so one SHA-256 is enough to keep it unusable if read.
    return hashlib.sha256(token.encode()).hexdigest()


def issue_setup_token(db: Database) -> str | None:
    """A fresh one-time set-up link token when the archive has no user (else None)."""
    with write_transaction(db):
        if count_users(db):
            return None
        token = secrets.token_urlsafe(32)
        db.execute("DELETE FROM setup_tokens")
        db["setup_tokens"].insert({"token_hash": _token_hash(token), "created_at": utc_now()})
        audit.record(db, "setup_link", "console")
    return token


def setup_token_valid(db: Database, token: str) -> bool:
    """True while `token` is the current set-up token and no user exists."""
    found = db["setup_tokens"].count_where("token_hash = ?", [_token_hash(token or "")])
    return bool(found) and not count_users(db)


def create_first_admin(db: Database, token: str, username: str, password: str) -> int:
    """Use the one-time token to create the first administrator; NotFound if it is spent."""
    with write_transaction(db):
        if not setup_token_valid(db, token):
            raise NotFound(N_("This set-up link has been used or replaced."))
        return add_user(db, username, password, "admin", _check_username(username))
