"""Second factors: TOTP secrets (RFC 6238, via pyotp), the last time step used, recovery codes.

A code from an authenticator app is accepted in its own 30-second step or the one before or
after (clocks drift), and only once: the step of the last accepted code is stored and no code of
that step or an earlier one is accepted again. Recovery codes are stored as salted SHA-256
hashes and each works once. Every enrolment, turning off, reset, recovery-code use and wrong code
leaves an audit row.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Literal

import pyotp
from sqlite_utils import Database

from . import audit
from .db import utc_now, write_transaction
from .errors import InvalidRecord, NotFound
from .messages import N_
from .users import get_user

ISSUER = "Gawahi"
RECOVERY_CODE_COUNT = 10
# Twelve letters and digits from base32 (no 0, 1, 8 or 9 to misread): 60 bits, shown as 4-4-4.
RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
# The adjacent step on either side is accepted too.
VALID_WINDOW = 1
# Where codes read the time (tests move it).
clock = time.time

Verdict = Literal["app", "recovery", "reused", "wrong"]


def new_secret() -> str:
    """A fresh random base32 secret (160 bits) for an authenticator app."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// address a QR code carries, naming the archive and the account."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code `code` is, within the window around now; else None."""
    totp = pyotp.TOTP(secret)
    digits = "".join((code or "").split())
    if not (digits.isdigit() and len(digits) == totp.digits):
        return None
    now_step = totp.timecode(clock())
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if hmac.compare_digest(digits, totp.generate_otp(step)):
            return step
    return None


def _row(db: Database, user_id: int) -> dict | None:
    # A plain query: asked on every page, and db["two_factor"] first reads the schema thrice.
    return next(db.query("SELECT * FROM two_factor WHERE user_id = ?", [user_id]), None)


def is_enrolled(db: Database, user_id: int) -> bool:
    """True when the account has turned on two-factor sign-in."""
    return _row(db, user_id) is not None


def enrolled_user_ids(db: Database) -> set[int]:
    """The ids of every account with two-factor sign-in on (for the users page)."""
    return {row["user_id"] for row in db.query("SELECT user_id FROM two_factor")}


def enrol(db: Database, username: str, secret: str, code: str) -> list[str]:
    """Turn on two-factor sign-in once `code` proves the app holds `secret`; the recovery codes."""
    step = _matching_step(secret, code)
    if step is None:
        raise InvalidRecord({"code": N_("That code does not match. Type the six digits the app "
                                        "shows now (they change every 30 seconds).")})  # fmt: skip
    user = get_user(db, username)
    with write_transaction(db):
        if _row(db, user["user_id"]) is not None:
            raise InvalidRecord({"code": N_("Two-factor sign-in is already on for this account.")})
        db["two_factor"].insert(
            {"user_id": user["user_id"], "secret": secret, "last_counter": step,
             "enrolled_at": utc_now()}
        )  # fmt: skip
        codes = _store_recovery_codes(db, user["user_id"])
        audit.record(db, "two_factor_enrol", user["username"], user["username"])
    return codes


def _new_recovery_code() -> str:
    letters = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(12))
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def _normalise(code: str) -> str:
    return "".join(char for char in (code or "").lower() if char.isalnum())


def _hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{_normalise(code)}".encode()).hexdigest()


def _store_recovery_codes(db: Database, user_id: int) -> list[str]:
    """Replace the account's recovery codes with new ones; only their hashes are kept."""
    db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user_id])
    codes, now = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)], utc_now()
    for code in codes:
        salt = secrets.token_hex(16)
        db["recovery_codes"].insert(
            {"user_id": user_id, "salt": salt, "code_hash": _hash(salt, code), "created_at": now}
        )
    return codes


def new_recovery_codes(db: Database, username: str) -> list[str]:
    """Ten new recovery codes for an enrolled account; the old ones stop working."""
    user = get_user(db, username)
    with write_transaction(db):
        if _row(db, user["user_id"]) is None:
            raise NotFound(N_("Two-factor sign-in is not on for this account."))
        codes = _store_recovery_codes(db, user["user_id"])
        audit.record(db, "two_factor_recovery_codes", user["username"], user["username"])
    return codes


def recovery_codes_left(db: Database, username: str) -> int:
    """How many of the account's recovery codes are still unused."""
    user_id = get_user(db, username)["user_id"]
    return db["recovery_codes"].count_where("user_id = ? AND used_at IS NULL", [user_id])


def check_code(db: Database, username: str, code: str) -> Verdict:
    """Check a code from the app or a recovery code, spending it; wrong and reused ones audited."""
    user = get_user(db, username)
    row = _row(db, user["user_id"])
    if row is None:
        raise NotFound(N_("Two-factor sign-in is not on for this account."))
    step = _matching_step(row["secret"], code)
    if step is not None:
        verdict: Verdict = "app" if _spend_step(db, user["user_id"], step) else "reused"
    else:
        verdict = "recovery" if _spend_recovery_code(db, user, code) else "wrong"
    if verdict in ("reused", "wrong"):
        audit.record(db, "two_factor_failed", user["username"], user["username"],
                     {"reason": verdict})  # fmt: skip
    return verdict


def _spend_step(db: Database, user_id: int, step: int) -> bool:
    """Record `step` as used; False when it (or a later one) was used already."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE two_factor SET last_counter = ? WHERE user_id = ? AND last_counter < ?",
            [step, user_id, step],
        )
    return cursor.rowcount == 1


def _spend_recovery_code(db: Database, user: dict, code: str) -> bool:
    """Mark the matching unused recovery code used; False when none matches."""
    if len(_normalise(code)) != 12:
        return False
    with write_transaction(db):
        unused = db["recovery_codes"].rows_where(
            "user_id = ? AND used_at IS NULL", [user["user_id"]]
        )
        match = next(
            (row for row in unused if hmac.compare_digest(row["code_hash"],
                                                          _hash(row["salt"], code))),
            None,
        )  # fmt: skip
        if match is None:
            return False
        db["recovery_codes"].update(match["code_id"], {"used_at": utc_now()})
        left = db["recovery_codes"].count_where(
            "user_id = ? AND used_at IS NULL", [user["user_id"]]
        )
        audit.record(db, "two_factor_recovery_used", user["username"], user["username"],
                     {"left": left})  # fmt: skip
    return True


def turn_off(db: Database, username: str, actor: str, action: str = "two_factor_disable") -> bool:
    """Remove the account's secret and recovery codes; False when it had none. Audited."""
    user = get_user(db, username)
    with write_transaction(db):
        if _row(db, user["user_id"]) is None:
            return False
        db.execute("DELETE FROM recovery_codes WHERE user_id = ?", [user["user_id"]])
        db.execute("DELETE FROM two_factor WHERE user_id = ?", [user["user_id"]])
        audit.record(db, action, actor, user["username"])
    return True


def reset(db: Database, username: str, actor: str) -> bool:
    """An administrator removes someone's second factor (a lost phone); False when none was on."""
    return turn_off(db, username, actor, action="two_factor_reset")
