"""The sign-in throttle: growing waits per account and address, never a lock on the owner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from archive import audit, throttle, users

from .conftest import TEST_PASSWORD, ensure_user

ATTACKER, OWNER, OFFICE = "198.51.100.66", "192.0.2.10", "203.0.113.5"


def attempt(app, username: str, password: str, address: str):
    """One sign-in from a fresh browser at `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.post("/sign-in", data={"username": username, "password": password})


def test_attackers_failures_from_one_address_do_not_stop_the_owner_elsewhere(app):
    ensure_user(app, "reader")
    answers = [attempt(app, "test-reader", f"guess {n}", ATTACKER).status_code for n in range(20)]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
    assert attempt(app, "test-reader", TEST_PASSWORD, ATTACKER).status_code == 429
    assert attempt(app, "test-reader", TEST_PASSWORD, OWNER).status_code == 302


def test_failures_over_made_up_usernames_do_not_lock_a_different_account(app):
    """An office behind one NAT address: a guesser there must not shut its staff out."""
    ensure_user(app, "reader")
    ensure_user(app, "documenter")
    assert attempt(app, "test-reader", TEST_PASSWORD, OFFICE).status_code == 302  # known here
    for n in range(20):  # SIGN_IN_FREE_FAILURES_PER_ADDRESS
        assert attempt(app, f"made-up-{n}", "a wrong guess", OFFICE).status_code == 401
    refused = attempt(app, "made-up-next", "a wrong guess", OFFICE)
    assert refused.status_code == 429  # the guessing address is slowed...
    assert "from your address" in refused.get_data(as_text=True)
    assert attempt(app, "test-reader", TEST_PASSWORD, OFFICE).status_code == 302  # ...not staff
    assert attempt(app, "test-documenter", TEST_PASSWORD, OWNER).status_code == 302


def test_refusal_says_how_long_to_wait_and_is_audited(app, app_db):
    ensure_user(app, "reader")
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        attempt(app, "test-reader", "a wrong guess", ATTACKER)
    response = attempt(app, "test-reader", TEST_PASSWORD, ATTACKER)
    page = response.get_data(as_text=True)
    assert response.status_code == 429 and response.headers["Retry-After"] in ("29", "30")
    assert "Wait 30 seconds, then try again" in page or "Wait 29 seconds" in page
    assert "up to 15 minutes" in page
    row = list(app_db["audit_log"].rows_where("action = 'sign_in_throttled'"))[-1]
    assert (row["subject"], row["address"]) == ("test-reader", ATTACKER)


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [(0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900), (11, 900), (10**6, 900)],
)
def test_wait_doubles_after_the_free_failures_up_to_the_cap(failures, seconds):
    assert throttle.delay_after(failures, 5, throttle.Policy()) == seconds


def fail(db, username: str, address: str, seconds_ago: float, times: int = 1) -> None:
    at = (datetime.now(UTC) - timedelta(seconds=seconds_ago)).isoformat(timespec="seconds")
    # Through the audit module (its rows are hash-chained), as if written `seconds_ago`.
    with mock.patch.object(audit, "utc_now", return_value=at):
        for _ in range(times):
            audit.record(db, "sign_in_failed", username, username, address=address)


def wait(db, username: str = "amina", address: str = ATTACKER) -> int:
    found = throttle.wait_before_sign_in(db, username, address, throttle.Policy())
    return found.seconds if found else 0


def test_wait_is_counted_from_the_last_failure_and_ends(db):
    fail(db, "amina", ATTACKER, seconds_ago=10, times=5)
    assert 19 <= wait(db) <= 20
    assert wait(db, "Amina") == wait(db)  # the same account whatever the case
    assert wait(db, address=OWNER) == 0
    fail(db, "amina", ATTACKER, seconds_ago=10)  # a sixth: 60 s from the last one
    assert 49 <= wait(db) <= 50
    fail(db, "bilal", ATTACKER, seconds_ago=31, times=5)  # 30 s from the last: over
    assert wait(db, "bilal") == 0


def test_old_failures_are_forgotten_and_a_success_starts_afresh(db):
    fail(db, "amina", ATTACKER, seconds_ago=25 * 3600, times=50)
    assert wait(db) == 0
    fail(db, "amina", ATTACKER, seconds_ago=5, times=5)
    assert wait(db) > 0
    users.add_user(db, "amina", "a long pass phrase", "reader", "console")
    from archive import sessions

    sessions.start(db, users.get_user(db, "amina"), ATTACKER, "")
    assert wait(db) == 0


def test_refused_attempts_do_not_lengthen_the_wait(app):
    ensure_user(app, "reader")
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        attempt(app, "test-reader", "a wrong guess", ATTACKER)
    for _ in range(10):
        response = attempt(app, "test-reader", "a wrong guess", ATTACKER)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) <= 30
