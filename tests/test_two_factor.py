"""Two-factor sign-in: enrolment, the code step, recovery codes, required roles, admin reset.

Codes are computed with pyotp from the secret the page shows, at a clock the tests move, so no
test waits for real 30-second steps. These tests run with the real default TWO_FACTOR_ROLES.
"""

from __future__ import annotations

import re

import pyotp
import pytest

from archive import audit, throttle, two_factor, users
from views import two_factor as two_factor_views

from .conftest import TEST_PASSWORD, ensure_user

STEP = 30


@pytest.fixture(autouse=True)
def two_factor_roles_off():
    """Overrides conftest's: here reviewers and administrators must enrol, as by default."""


class Clock:
    """The time the store checks codes at, moved by whole 30-second steps."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def tick(self, steps: int = 1) -> None:
        self.now += steps * STEP


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    # Mid-step, so code checks at this moment never straddle a step boundary.
    moving = Clock(1_900_000_000 // STEP * STEP + 10)
    monkeypatch.setattr(two_factor, "clock", moving)
    return moving


def code_for(secret: str, clock: Clock, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now + steps * STEP)


def shown_secret(page: str) -> str:
    return re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def recovery_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code></li>", page)


def sign_in(client, username: str, next_url: str = ""):
    return client.post(
        "/sign-in", data={"username": username, "password": TEST_PASSWORD, "next": next_url}
    )


def enrol(client, clock: Clock) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on from the settings page; the secret and the recovery codes."""
    secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
    page = client.post("/account/two-factor/enrol", data={"code": code_for(secret, clock)})
    assert page.status_code == 200, page.get_data(as_text=True)
    return secret, recovery_codes(page.get_data(as_text=True))


def enrolled(app, role: str, clock: Clock):
    """A signed-in client of a `role` account that has just turned two-factor sign-in on."""
    client = app.test_client()
    assert sign_in(client, ensure_user(app, role)).status_code == 302
    secret, codes = enrol(client, clock)
    clock.tick()
    return client, secret, codes


def audited(app_db, action: str) -> list[dict]:
    return list(app_db["audit_log"].rows_where("action = ?", [action], order_by="audit_id"))


def test_reviewers_and_administrators_must_enrol_by_default(app):
    assert app.config["TWO_FACTOR_ROLES"] == "reviewer,admin"


def test_enrolment_shows_a_local_qr_code_and_the_secret_and_needs_a_right_code(
    app, client_as, app_db, clock
):
    reader = client_as("reader")
    response = reader.get("/account/two-factor")
    page = response.get_data(as_text=True)
    assert "Two-factor sign-in is <strong>off</strong>" in page
    secret = shown_secret(page)
    # The QR code is drawn here, of the account's otpauth address with the secret shown as text.
    uri = two_factor.provisioning_uri(secret, "test-reader")
    assert uri.startswith("otpauth://totp/Gawahi:test-reader?secret=" + secret)
    assert f'src="{two_factor_views.qr_code(uri)}"'.replace("'", "&#39;") in page
    addresses = re.findall(r'(?:src|href|action)="([^"]*)"', page)
    assert not [found for found in addresses if not found.startswith(("/", "#", "data:image"))]
    assert "img-src 'self' data:" in response.headers["Content-Security-Policy"]
    assert shown_secret(reader.get("/account/two-factor").get_data(as_text=True)) == secret

    wrong = reader.post("/account/two-factor/enrol", data={"code": "000000"})
    assert wrong.status_code == 400 and "That code does not match" in wrong.get_data(as_text=True)
    assert app_db["two_factor"].count == 0

    done = reader.post("/account/two-factor/enrol", data={"code": code_for(secret, clock)})
    codes = recovery_codes(done.get_data(as_text=True))
    assert done.status_code == 200 and len(set(codes)) == 10
    assert "only time" in done.get_data(as_text=True)
    stored = app_db["two_factor"].get(users.get_user(app_db, "test-reader")["user_id"])
    assert stored["secret"] == secret
    hashes = " ".join(row["code_hash"] for row in app_db["recovery_codes"].rows)
    assert app_db["recovery_codes"].count == 10 and codes[0] not in hashes
    assert [row["actor"] for row in audited(app_db, "two_factor_enrol")] == ["test-reader"]
    assert "is <strong>on</strong>" in reader.get("/account/two-factor").get_data(as_text=True)


def test_sign_in_asks_for_the_code_before_starting_the_session(app, app_db, clock):
    _, secret, _ = enrolled(app, "reader", clock)
    browser = app.test_client()
    response = sign_in(browser, "test-reader", "/claims/")
    assert response.location == "/sign-in/code"
    assert "authenticator app" in browser.get("/sign-in/code").get_data(as_text=True)
    assert browser.get("/claims/").location.startswith("/sign-in")  # no session yet
    done = browser.post("/sign-in/code", data={"code": code_for(secret, clock)})
    assert done.status_code == 302 and done.location == "/claims/"
    assert "Signed in as" in browser.get("/claims/").get_data(as_text=True)


def test_wrong_code_is_refused_with_a_message_no_session_and_an_audit_row(app, app_db, clock):
    enrolled(app, "reader", clock)
    browser = app.test_client()
    sign_in(browser, "test-reader")
    response = browser.post("/sign-in/code", data={"code": "123456"})
    assert response.status_code == 401
    assert "That code is not right" in response.get_data(as_text=True)
    assert browser.get("/").location == "/sign-in?next=/"
    failed = audited(app_db, "two_factor_failed")[-1]
    assert (failed["subject"], failed["address"]) == ("test-reader", "127.0.0.1")


def test_a_code_is_accepted_once_only(app, clock):
    _, secret, _ = enrolled(app, "reader", clock)
    first, second = app.test_client(), app.test_client()
    code = code_for(secret, clock)
    sign_in(first, "test-reader")
    assert first.post("/sign-in/code", data={"code": code}).status_code == 302
    sign_in(second, "test-reader")
    reused = second.post("/sign-in/code", data={"code": code})
    assert reused.status_code == 401 and "just been used" in reused.get_data(as_text=True)
    assert second.get("/").status_code == 302


@pytest.mark.parametrize(
    ("steps", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)]
)
def test_codes_of_the_adjacent_steps_are_accepted_and_no_further(db, clock, steps, accepted):
    users.add_user(db, "amina", TEST_PASSWORD, "reader", "tests")
    secret = two_factor.new_secret()
    two_factor.enrol(db, "amina", secret, code_for(secret, clock))
    clock.tick(3)
    verdict = two_factor.check_code(db, "amina", code_for(secret, clock, steps))
    assert verdict == ("app" if accepted else "wrong")


def test_recovery_code_signs_in_once_only(app, app_db, clock):
    _, _, codes = enrolled(app, "reader", clock)
    browser = app.test_client()
    sign_in(browser, "test-reader")
    done = browser.post("/sign-in/code", data={"code": codes[3].upper()})
    assert done.status_code == 302
    assert "9 left" in browser.get("/").get_data(as_text=True)
    assert audited(app_db, "two_factor_recovery_used")[-1]["detail"] == '{"left": 9}'
    again = app.test_client()
    sign_in(again, "test-reader")
    refused = again.post("/sign-in/code", data={"code": codes[3]})
    assert refused.status_code == 401 and "That code is not right" in refused.get_data(as_text=True)


def test_wrong_codes_count_towards_the_sign_in_limit(app, app_db, clock):
    # Enrolled in the store: a sign-in in this same second would hide the failures after it.
    secret = two_factor.new_secret()
    two_factor.enrol(app_db, ensure_user(app, "reader"), secret, code_for(secret, clock))
    clock.tick()
    browser = app.test_client()
    sign_in(browser, "test-reader")
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        browser.post("/sign-in/code", data={"code": "000000"})
    response = browser.post("/sign-in/code", data={"code": code_for(secret, clock)})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    assert browser.get("/").status_code == 302


def test_the_code_step_expires(app, clock, monkeypatch):
    _, secret, _ = enrolled(app, "reader", clock)
    monkeypatch.setattr(two_factor_views, "PENDING_SECONDS", -1)
    browser = app.test_client()
    sign_in(browser, "test-reader")
    response = browser.post("/sign-in/code", data={"code": code_for(secret, clock)})
    assert response.location == "/sign-in"
    assert "within five minutes" in browser.get("/sign-in").get_data(as_text=True)
    assert browser.get("/").status_code == 302


def test_reviewer_without_a_second_factor_is_sent_to_enrol_and_opens_nothing_else(app, clock):
    reviewer = app.test_client()
    assert sign_in(reviewer, ensure_user(app, "reviewer")).status_code == 302
    for url in ("/", "/claims/", "/search?q=Kech", "/account/password", "/export/claims.json"):
        assert reviewer.get(url).location == "/account/two-factor", url
    refused = reviewer.get("/search?q=Kech&format=json")
    assert refused.status_code == 403 and "set it up first" in refused.json["reason"]
    page = reviewer.get("/account/two-factor").get_data(as_text=True)
    assert "Your role (reviewer) must sign in with a second factor" in page
    enrol(reviewer, clock)
    assert reviewer.get("/claims/").status_code == 200


def test_a_session_begun_before_enrolment_ends_once_it_is_on(app, app_db, clock):
    elsewhere = app.test_client()
    sign_in(elsewhere, ensure_user(app, "reviewer"))  # a password only: held at enrolment
    enrolled(app, "reviewer", clock)
    live = "SELECT count(*) FROM sessions WHERE ended_at IS NULL"
    before = app_db.execute(live).fetchone()[0]
    assert elsewhere.get("/claims/").location.startswith("/sign-in")
    assert app_db.execute(live).fetchone()[0] == before - 1  # ended on the server too
    assert elsewhere.get("/account/two-factor").location.startswith("/sign-in")


def test_optional_roles_turn_it_off_with_password_and_code_required_roles_cannot(
    app, app_db, clock
):
    reader, secret, _ = enrolled(app, "reader", clock)
    wrong = {"password": "not my password", "code": code_for(secret, clock)}
    assert "not your password" in reader.post("/account/two-factor/disable", data=wrong).text
    no_code = reader.post("/account/two-factor/disable", data={"password": TEST_PASSWORD,
                                                               "code": "000000"})  # fmt: skip
    assert no_code.status_code == 400 and "That code is not right" in no_code.text
    assert app_db["two_factor"].count == 1
    right = {"password": TEST_PASSWORD, "code": code_for(secret, clock)}
    assert reader.post("/account/two-factor/disable", data=right).status_code == 303
    assert app_db["two_factor"].count == 0 and app_db["recovery_codes"].count == 0
    assert audited(app_db, "two_factor_disable")[-1]["actor"] == "test-reader"
    assert sign_in(app.test_client(), "test-reader").location == "/"

    reviewer, secret, _ = enrolled(app, "reviewer", clock)
    right = {"password": TEST_PASSWORD, "code": code_for(secret, clock)}
    refused = reviewer.post("/account/two-factor/disable", data=right)
    assert refused.status_code == 403 and "cannot be turned off" in refused.text
    assert app_db["two_factor"].count == 1


def test_new_recovery_codes_replace_the_old_ones(app, app_db, clock):
    reader, secret, old = enrolled(app, "reader", clock)
    page = reader.post("/account/two-factor/recovery-codes", data={"code": code_for(secret, clock)})
    new = recovery_codes(page.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert "old recovery codes no longer work" in page.get_data(as_text=True)
    assert two_factor.check_code(app_db, "test-reader", old[0]) == "wrong"
    assert two_factor.check_code(app_db, "test-reader", new[0]) == "recovery"
    assert audited(app_db, "two_factor_recovery_codes")[-1]["actor"] == "test-reader"


def test_administrator_resets_someones_second_factor(app, app_db, clock):
    enrolled(app, "reviewer", clock)
    admin, _, _ = enrolled(app, "admin", clock)
    listing = admin.get("/admin/users").get_data(as_text=True)
    assert "Reset two-factor of test-reviewer" in listing
    assert admin.post("/admin/users/test-reviewer/two-factor").status_code == 303
    assert "signs in with a password only" in admin.get("/admin/users").get_data(as_text=True)
    row = audited(app_db, "two_factor_reset")[-1]
    assert (row["actor"], row["subject"]) == ("test-admin", "test-reviewer")
    reviewer = app.test_client()
    assert sign_in(reviewer, "test-reviewer").location == "/"  # no code asked: enrol again
    assert reviewer.get("/").location == "/account/two-factor"


def test_only_administrators_reset_a_second_factor(app, app_db, clock):
    enrolled(app, "reader", clock)
    other, _, _ = enrolled(app, "documenter", clock)
    assert other.post("/admin/users/test-reader/two-factor").status_code == 403
    assert app_db["two_factor"].count == 2


def test_console_command_resets_a_second_factor(app, app_db, clock):
    enrolled(app, "admin", clock)
    result = app.test_cli_runner().invoke(args=["users", "reset-two-factor", "test-admin"])
    assert result.exit_code == 0 and "second factor is removed" in result.output
    assert app_db["two_factor"].count == 0
    assert audited(app_db, "two_factor_reset")[-1]["actor"].startswith("console")


def test_failed_codes_are_counted_with_failed_passwords(db):
    users.add_user(db, "amina", TEST_PASSWORD, "reader", "tests")
    audit.record(db, "sign_in_failed", "amina", "amina", address="192.0.2.1")
    audit.record(db, "two_factor_failed", "amina", "amina", address="192.0.2.1")
    policy = throttle.Policy(free_failures=2, free_failures_per_address=2)
    assert throttle.wait_before_sign_in(db, "amina", "192.0.2.1", policy) is not None
    assert throttle.wait_before_sign_in(db, "someone", "192.0.2.1", policy).per_address


def test_a_reset_between_password_and_code_asks_for_the_password_again(app, app_db, clock):
    _, secret, _ = enrolled(app, "reader", clock)
    browser = app.test_client()
    sign_in(browser, "test-reader")
    two_factor.reset(app_db, "test-reader", "test-admin")
    response = browser.post("/sign-in/code", data={"code": code_for(secret, clock)})
    assert response.location == "/sign-in"
    assert browser.get("/").status_code == 302


def test_forms_sent_after_it_was_turned_off_elsewhere_change_nothing(app, app_db, clock):
    reader, secret, _ = enrolled(app, "reader", clock)
    two_factor.reset(app_db, "test-reader", "test-admin")
    form = {"password": TEST_PASSWORD, "code": code_for(secret, clock)}
    for url in ("/account/two-factor/disable", "/account/two-factor/recovery-codes"):
        assert reader.post(url, data=form).status_code == 303
    assert "is not on for your account" in reader.get("/account/two-factor").text
    assert app_db["recovery_codes"].count == 0
