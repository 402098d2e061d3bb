"""Accounts and the audit log in the store: hashing, roles, the set-up token, append-only rows."""

from __future__ import annotations

import sqlite3

import pytest

import archive
from archive import audit, users


def actions(db) -> list[str]:
    return [row["action"] for row in db.query("SELECT action FROM audit_log ORDER BY audit_id")]


def test_password_is_stored_as_an_scrypt_hash_never_in_clear(db):
    users.add_user(db, "amina", "a long pass phrase", "reader", "console")
    stored = db["users"].get(1)["password_hash"]
    assert stored.startswith("scrypt:") and "a long pass phrase" not in stored
    assert users.authenticate(db, "Amina", "a long pass phrase")["username"] == "amina"
    assert users.authenticate(db, "amina", "a wrong pass phrase") is None
    assert users.authenticate(db, "nobody", "a long pass phrase") is None


def test_production_cost_is_werkzeugs_scrypt_default():
    from werkzeug.security import generate_password_hash

    assert generate_password_hash("x", method="scrypt").startswith("scrypt:32768:8:1$")


@pytest.mark.parametrize(
    ("username", "password", "role", "field"),
    [
        ("a", "a long pass phrase", "reader", "username"),
        ("bad name!", "a long pass phrase", "reader", "username"),
        ("amina", "short", "reader", "password"),
        ("amina", "a long pass phrase", "owner", "role"),
    ],
)
def test_bad_account_is_refused_and_nothing_written(db, username, password, role, field):
    with pytest.raises(archive.InvalidRecord) as error:
        users.add_user(db, username, password, role, "console")
    assert field in error.value.errors
    assert db["users"].count == 0


def test_usernames_are_unique_whatever_the_case(db):
    users.add_user(db, "amina", "a long pass phrase", "reader", "console")
    with pytest.raises(archive.InvalidRecord):
        users.add_user(db, "AMINA", "a long pass phrase", "reader", "console")


def test_deactivated_user_cannot_sign_in_and_is_never_deleted(db):
    users.add_user(db, "root", "a long pass phrase", "admin", "console")
    users.add_user(db, "amina", "a long pass phrase", "reader", "root")
    users.set_active(db, "amina", False, "root")
    assert users.authenticate(db, "amina", "a long pass phrase") is None
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        db.execute("DELETE FROM users WHERE username = 'amina'")


def test_last_active_admin_keeps_the_role(db):
    users.add_user(db, "root", "a long pass phrase", "admin", "console")
    with pytest.raises(archive.InvalidRecord):
        users.set_role(db, "root", "reader", "root")
    with pytest.raises(archive.InvalidRecord):
        users.set_active(db, "root", False, "root")
    assert db["users"].get(1)["role"] == "admin"


def test_role_changes_are_attributed_and_audited(db):
    users.add_user(db, "root", "a long pass phrase", "admin", "console")
    users.add_user(db, "amina", "a long pass phrase", "reader", "root")
    users.set_role(db, "amina", "reviewer", "root")
    row = users.get_user(db, "amina")
    assert row["role"] == "reviewer" and row["updated_by"] == "root"
    assert actions(db) == ["user_create", "user_create", "user_role"]


def test_change_password_needs_the_current_one(db):
    users.add_user(db, "amina", "a long pass phrase", "reader", "console")
    with pytest.raises(archive.InvalidRecord):
        users.change_password(db, "amina", "wrong guess here", "a newer pass phrase")
    users.change_password(db, "amina", "a long pass phrase", "a newer pass phrase")
    assert users.authenticate(db, "amina", "a newer pass phrase")
    assert actions(db)[-1] == "user_password"


def test_setup_token_is_stored_hashed_and_works_once(db):
    token = users.issue_setup_token(db)
    assert token and db["setup_tokens"].count == 1
    assert token not in str(list(db["setup_tokens"].rows))
    assert not users.setup_token_valid(db, "guess")
    users.create_first_admin(db, token, "root", "a long pass phrase")
    assert users.get_user(db, "root")["role"] == "admin"
    with pytest.raises(archive.NotFound):
        users.create_first_admin(db, token, "again", "a long pass phrase")
    assert users.issue_setup_token(db) is None


def test_every_revision_is_audited_with_the_connections_address(db):
    audit.set_address(db, "203.0.113.9")
    source_id = archive.add_source(db, {"title": "Report"}, "amina")
    archive.update_source(db, source_id, {"title": "Report, revised"}, "bilal", "typo")
    rows = list(db.query("SELECT * FROM audit_log ORDER BY audit_id"))
    assert [(r["actor"], r["action"], r["address"]) for r in rows] == [
        ("amina", "change", "203.0.113.9"),
        ("bilal", "change", "203.0.113.9"),
    ]
    revision_ids = [r["revision_id"] for r in db.query("SELECT revision_id FROM revisions")]
    assert [r["revision_id"] for r in rows] == revision_ids


def test_a_kept_connection_audits_each_users_address_in_turn(db):
    # A server keeps a connection from one request to the next, setting the address each time.
    for address in ("203.0.113.9", None, "198.51.100.7"):
        audit.set_address(db, address)
        archive.add_source(db, {"title": f"Report from {address}"}, "amina")
    rows = list(db.query("SELECT address FROM audit_log ORDER BY audit_id"))
    assert [r["address"] for r in rows] == ["203.0.113.9", None, "198.51.100.7"]


def test_retraction_is_audited_as_a_retraction(db, source_id):
    report_id = archive.add_entry(
        db, "abuse", {"abuse_type": "enforced_disappearance", "title": "Taken", "status":
                      "alleged", "date_precision": "unknown"},
        [{"source_id": source_id, "passage": "He was taken."}], "amina",
    )  # fmt: skip
    archive.retract_entry(db, "abuse", report_id, "Duplicate", "bilal")
    last = next(iter(db.query("SELECT * FROM audit_log ORDER BY audit_id DESC LIMIT 1")))
    assert (last["actor"], last["action"], last["subject"]) == (
        "bilal",
        "retract",
        "abuse_report 1",
    )


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_audit_log_refuses_update_and_delete(db, sql):
    audit.record(db, "export", "amina", "claims", {"format": "csv"})
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(sql)
    assert db["audit_log"].get(1)["actor"] == "amina"


def test_audit_filters_by_actor_action_and_date(db):
    audit.record(db, "export", "amina", "claims")
    audit.record(db, "sign_in", "bilal", "bilal")
    found, total = audit.events(db, audit.AuditFilters(actor="AMINA"))
    assert total == 1 and found[0]["action"] == "export"
    assert audit.events(db, audit.AuditFilters(action="sign_in"))[1] == 1
    assert audit.events(db, audit.AuditFilters(until="2000-01-01"))[1] == 0
    assert audit.events(db, audit.AuditFilters(since="2000-01-01"))[1] == 2


def test_unknown_audit_action_is_refused(db):
    with pytest.raises(ValueError):
        audit.record(db, "delete_everything", "amina")
