"""The audit trail: an append-only log of who did what, when, and from which address.

Sign-ins, user and role changes, exports and edits of reference data are recorded here by the
code that performs them; every revision of an entry or a source is copied in by a trigger on
`revisions`, so no writer can change the archive without leaving a row. The database refuses to
update or delete a row, and every row is a link of a hash chain (see `archive.chain`). Rows about
accounts also hold the account's state after the change (`snapshot`), which `flask verify`
compares with the account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from . import chain
from .db import utc_now, write_transaction
from .messages import N_

# What each action is called on the audit page (translated where shown).
ACTIONS = {
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Sign-in failed"),
    "sign_in_throttled": N_("Sign-in refused (too many failures)"),
    "sign_out": N_("Signed out"),
    "session_end": N_("Session ended"),
    "change": N_("Changed an entry or source"),
    "retract": N_("Retracted an entry"),
    "export": N_("Exported"),
    "user_create": N_("Created a user"),
    "user_role": N_("Changed a role"),
    "user_active": N_("Activated or deactivated a user"),
    "user_password": N_("Changed a password"),
    "user_language": N_("Chose the interface language"),
    "setup_link": N_("Issued the one-time set-up link"),
    "reference_add": N_("Added to reference data"),
    "reference_change": N_("Changed reference data"),
    "two_factor_enrol": N_("Turned on two-factor sign-in"),
    "two_factor_disable": N_("Turned off two-factor sign-in"),
    "two_factor_reset": N_("Reset someone's two-factor sign-in"),
    "two_factor_recovery_codes": N_("Made new recovery codes"),
    "two_factor_recovery_used": N_("Used a recovery code"),
    "two_factor_failed": N_("Wrong or reused sign-in code"),
    "user_state": N_("Recorded an account as it stands (after a schema change)"),
    "verify": N_("Checked the archive's integrity"),
    "bundle_export": N_("Exported the whole archive as a bundle"),
    "bundle_import": N_("Imported a whole-archive bundle"),
    "backup": N_("Backed up the archive"),
    "restore": N_("Restored the archive from a backup"),
    "api_token_create": N_("Made an API token"),
    "api_token_revoke": N_("Revoked an API token"),
    "api_token_failed": N_("API call refused (unknown, revoked or expired token)"),
    "api_write": N_("Changed the archive through the API"),
}
# Both count towards the sign-in limits: a wrong code after the right password is a failure.
FAILED_SIGN_INS = ("sign_in_failed", "two_factor_failed")


def set_address(db: Database, address: str | None) -> None:
    """Tell the connection which address its writes come from (read by the revisions trigger)."""
    # The SQL function is made once a connection and reads the address kept with it: making it
    # anew expires every statement SQLite has prepared on the connection, so each request
    # (which sets the address twice) parsed and planned all its queries again.
    held = getattr(db, "_audit_address", None)
    if held is None:
        held = db._audit_address = [address]
        db.conn.create_function("audit_address", 0, lambda: held[0])
    held[0] = address


def record(
    db: Database,
    action: str,
    actor: str,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    address: str | None = None,
    snapshot: str | None = None,
) -> int:
    """Append one event; the address defaults to the one set on the connection."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    with write_transaction(db):
        if address is None:
            address = db.execute("SELECT audit_address()").fetchone()[0]
        row = {"at": utc_now(), "actor": actor, "action": action, "subject": subject,
               "detail": json.dumps(detail or {}, ensure_ascii=False), "address": address,
               "snapshot": snapshot}  # fmt: skip
        return chain.append(db, "audit_log", row)


@dataclass
class AuditFilters:
    """What the audit log is narrowed to; empty values mean no narrowing. Dates are YYYY-MM-DD."""

    actor: str = ""
    action: str = ""
    since: str = ""
    until: str = ""
    page: int = 1
    per_page: int = 50


def _where(filters: AuditFilters) -> tuple[str, list[Any]]:
    clauses, params = ["1 = 1"], []
    if filters.actor:
        clauses.append("actor = ? COLLATE NOCASE")
        params.append(filters.actor)
    if filters.action:
        clauses.append("action = ?")
        params.append(filters.action)
    if filters.since:
        clauses.append("at >= ?")
        params.append(filters.since)
    if filters.until:
        # "until 2025-09-07" includes that whole day.
        clauses.append("substr(at, 1, 10) <= ?")
        params.append(filters.until)
    return " AND ".join(clauses), params


def events(db: Database, filters: AuditFilters) -> tuple[list[dict[str, Any]], int]:
    """A page of events, newest first, and how many match the filters."""
    where, params = _where(filters)
    offset = (max(filters.page, 1) - 1) * filters.per_page
    rows = db.query(
        f"SELECT * FROM audit_log WHERE {where} ORDER BY audit_id DESC LIMIT ? OFFSET ?",
        [*params, filters.per_page, offset],
    )
    found = [{**row, "detail": json.loads(row["detail"])} for row in rows]
    return found, db["audit_log"].count_where(where, params)


def actors(db: Database) -> list[str]:
    """Every name that appears in the log, for the filter's pick-list."""
    return [row[0] for row in db.execute("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]
