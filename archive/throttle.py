"""Slowing repeated failed sign-ins without ever locking an account's owner out.

Failures are counted from the audit log (so the count holds across processes and restarts) per
account and address together: after a few free ones, each further attempt from that pair waits
twice as long as the last, up to a cap, and a success from the pair starts the count afresh. An
attacker's failures from one address never slow the owner signing in from another. An address
failing over many accounts is slowed as a whole, except for the accounts that have signed in
from it before, so an office behind one NAT address keeps working while a guesser there waits.
Nothing is a hard lock: every wait ends, and a refused attempt does not add to it.

API calls with a wrong, revoked or expired token are slowed the same way, per address: after the
free ones, a further failing call from that address is refused without checking or auditing it
until its wait ends (a live token is always answered), so a guesser cannot fill the audit log.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from .audit import FAILED_SIGN_INS


@dataclass(frozen=True)
class Policy:
    """How many failures are free and how the wait grows after them."""

    free_failures: int = 5  # per account and address together
    free_failures_per_address: int = 20  # over every account, from one address
    first_delay_seconds: int = 30
    max_delay_seconds: int = 15 * 60
    window_hours: int = 24  # failures older than this are forgotten


@dataclass(frozen=True)
class Wait:
    """A refused attempt: how long until the next one, and whether the whole address waits."""

    seconds: int
    per_address: bool


def delay_after(failures: int, free: int, policy: Policy) -> int:
    """Seconds to wait after the last of `failures`: none within `free`, then doubling, capped."""
    if failures < free:
        return 0
    doublings = min(failures - free, 32)  # beyond the cap either way; keeps the number small
    return min(policy.first_delay_seconds * 2**doublings, policy.max_delay_seconds)


def _last_success(db: Database, username: str, address: str) -> str | None:
    return db.execute(
        "SELECT max(at) FROM audit_log WHERE action = 'sign_in'"
        " AND subject = ? COLLATE NOCASE AND address = ?",
        [username, address],
    ).fetchone()[0]


def _failures(db: Database, where: str, params: list[Any], since: str) -> tuple[int, str | None]:
    """Failed sign-ins (wrong passwords or codes) matching `where` after `since`, and the last."""
    return db.execute(
        "SELECT count(*), max(at) FROM audit_log"
        f" WHERE action IN ({', '.join('?' for _ in FAILED_SIGN_INS)}) AND at > ? AND {where}",
        [*FAILED_SIGN_INS, since, *params],
    ).fetchone()


def _remaining(failures: tuple[int, str | None], free: int, policy: Policy, now: datetime) -> int:
    count, last_at = failures
    delay = delay_after(count, free, policy)
    if not delay or last_at is None:
        return 0
    until = datetime.fromisoformat(last_at) + timedelta(seconds=delay)
    return max(0, math.ceil((until - now).total_seconds()))


def wait_before_sign_in(
    db: Database, username: str, address: str, policy: Policy, now: datetime | None = None
) -> Wait | None:
    """How long a sign-in as `username` from `address` must wait, or None to go ahead."""
    now = now or datetime.now(UTC)
    since = (now - timedelta(hours=policy.window_hours)).isoformat(timespec="seconds")
    last_success = _last_success(db, username, address)
    pair = _failures(
        db, "subject = ? COLLATE NOCASE AND address = ?", [username, address],
        max(since, last_success or ""),
    )  # fmt: skip
    seconds = _remaining(pair, policy.free_failures, policy, now)
    if seconds:
        return Wait(seconds, per_address=False)
    if last_success is None:
        per_address = _failures(db, "address = ?", [address], since)
        seconds = _remaining(per_address, policy.free_failures_per_address, policy, now)
        if seconds:
            return Wait(seconds, per_address=True)
    return None


def wait_before_api_failure(
    db: Database, address: str, policy: Policy, now: datetime | None = None
) -> int:
    """Seconds before another failed API call from `address` is looked at (and audited); 0 when
    it may be now."""
    now = now or datetime.now(UTC)
    since = (now - timedelta(hours=policy.window_hours)).isoformat(timespec="seconds")
    failures = db.execute(
        "SELECT count(*), max(at) FROM audit_log"
        " WHERE action = 'api_token_failed' AND address = ? AND at > ?",
        [address, since],
    ).fetchone()
    return _remaining(tuple(failures), policy.free_failures_per_address, policy, now)
