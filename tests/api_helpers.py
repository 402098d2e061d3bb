"""Helpers for the API tests: tokens for users of each role, and what the store holds."""

from __future__ import annotations

import archive
from archive import api_tokens, users

from .conftest import ensure_user

ABUSE = {"title": "Student taken from a bus in Turbat", "abuse_type": "enforced_disappearance",
         "date_precision": "day", "date_start": "2025-06-02", "district": "Kech"}  # fmt: skip
CLAIM = {"title": "BLA claims an attack on a convoy near Kalat", "group_code": "BLA",
         "claim_type": "armed_attack", "date_precision": "day", "date_start": "2025-08-15",
         "district": "Kalat"}  # fmt: skip


def make_token(app, role: str, name: str = "script", days: int | None = 90) -> str:
    """A new API token of the test user with `role` (created on first use)."""
    username = ensure_user(app, role)
    with opened(app) as db:
        user = users.get_user(db, username)
        _, secret = api_tokens.create_token(db, user["user_id"], name, username, days)
    return secret


def bearer(secret: str) -> dict[str, str]:
    """The header a call carries its token in."""
    return {"Authorization": f"Bearer {secret}"}


class opened:
    """The app's own SQLite file, opened for one `with` block."""

    def __init__(self, app):
        self.db = archive.open_db(app.config["DATABASE"])

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        self.db.close()


def counts(app) -> dict[str, int]:
    """Rows in the tables a refused call must leave alone."""
    tables = ("abuse_reports", "attack_claims", "sources", "citations", "entry_links",
              "revisions", "victims", "figures")  # fmt: skip
    with opened(app) as db:
        return {table: db[table].count for table in tables}


def audit_rows(app, action: str) -> list[dict]:
    """The audit log's rows of one action, oldest first."""
    with opened(app) as db:
        return list(db["audit_log"].rows_where("action = ?", [action], order_by="audit_id"))
