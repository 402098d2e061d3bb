"""Signing in and out, passwords, sessions, the limiter, the set-up link and the admin pages."""

from __future__ import annotations

import re

import pytest

import archive
from app import create_app
from archive import users

from .conftest import TEST_PASSWORD, ensure_user


def audit_rows(app_db, action: str) -> list[dict]:
    return list(app_db["audit_log"].rows_where("action = ?", [action], order_by="audit_id"))


def sign_in(client, username: str, password: str = TEST_PASSWORD):
    return client.post("/sign-in", data={"username": username, "password": password})


def test_sign_in_lands_on_the_page_asked_for_and_is_audited(app, anonymous, app_db):
    ensure_user(app, "reader")
    response = anonymous.post(
        "/sign-in",
        data={"username": "test-reader", "password": TEST_PASSWORD, "next": "/claims/"},
    )
    assert response.status_code == 302 and response.location == "/claims/"
    assert "Signed in as" in anonymous.get("/claims/").get_data(as_text=True)
    row = audit_rows(app_db, "sign_in")[-1]
    assert (row["actor"], row["address"]) == ("test-reader", "127.0.0.1")


@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "/\t/evil.example", "/\\evil.example", "https://evil.example/",
     "/\n/x", " /claims/", "javascript:alert(1)"],
)  # fmt: skip
def test_sign_in_never_redirects_off_site(app, anonymous, target):
    ensure_user(app, "reader")
    response = anonymous.post(
        "/sign-in", data={"username": "test-reader", "password": TEST_PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.location == "/"
    assert anonymous.get("/sign-in", query_string={"next": target}).location == "/"


def test_wrong_password_is_refused_with_one_message_and_logged(app, anonymous, app_db):
    ensure_user(app, "reader")
    for username in ("test-reader", "nobody"):
        response = sign_in(anonymous, username, "not the password")
        assert response.status_code == 401
        assert "do not match an active account" in response.get_data(as_text=True)
    assert [row["actor"] for row in audit_rows(app_db, "sign_in_failed")] == [
        "test-reader",
        "nobody",
    ]
    assert anonymous.get("/").status_code == 302


def test_deactivated_account_cannot_sign_in(app, anonymous, app_db):
    ensure_user(app, "admin")
    ensure_user(app, "reader")
    users.set_active(app_db, "test-reader", False, "test-admin")
    assert sign_in(anonymous, "test-reader").status_code == 401


def test_deactivation_ends_a_running_session(app, client_as, app_db):
    reader = client_as("reader")
    assert reader.get("/").status_code == 200
    users.set_active(app_db, "test-reader", False, "tests")
    assert reader.get("/").status_code == 302


def test_sign_out_ends_the_session_and_is_audited(client, app_db):
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert client.get("/").location == "/sign-in?next=/"
    assert audit_rows(app_db, "sign_out")[-1]["actor"] == "test-admin"


def test_repeated_failures_slow_the_account_from_that_address(app, anonymous, app_db):
    ensure_user(app, "reader")
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        sign_in(anonymous, "test-reader", "a wrong guess")
    response = sign_in(anonymous, "test-reader")  # even the right password waits, briefly
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    # The first wait is 30 s from the last failure; a slow machine may already be a second in.
    assert re.search(r"Wait (29|30) seconds", response.get_data(as_text=True))
    assert audit_rows(app_db, "sign_in_throttled")[-1]["actor"] == "test-reader"
    assert anonymous.get("/").status_code == 302
    ensure_user(app, "documenter")
    assert sign_in(app.test_client(), "test-documenter").status_code == 302


def test_repeated_failures_from_one_address_slow_that_address(app, anonymous):
    app.config["SIGN_IN_FREE_FAILURES_PER_ADDRESS"] = 3
    for name in ("guess1", "guess2", "guess3"):
        sign_in(anonymous, name, "a wrong guess")
    ensure_user(app, "reader")
    assert sign_in(anonymous, "test-reader").status_code == 429
    other = app.test_client()
    response = other.post(
        "/sign-in",
        data={"username": "test-reader", "password": TEST_PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 302


def test_session_cookie_is_httponly_samesite_and_expires(app, anonymous):
    ensure_user(app, "reader")
    cookie = sign_in(anonymous, "test-reader").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(app):
    ensure_user(app, "reader")
    client = app.test_client()
    response = client.post(
        "/sign-in",
        data={"username": "test-reader", "password": TEST_PASSWORD},
        base_url="https://gawahi.example",
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_session_expires_after_inactivity(app, client_as, monkeypatch):
    reader = client_as("reader")
    assert reader.get("/").status_code == 200
    import itsdangerous.timed

    idle = app.permanent_session_lifetime.total_seconds() + 60
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + idle)
    assert reader.get("/").location == "/sign-in?next=/"


def test_user_changes_own_password_and_other_sessions_end(app, client_as, app_db):
    reader, elsewhere = client_as("reader"), client_as("reader")
    new = {"new_password": "a brand new phrase", "confirm": "a brand new phrase"}
    refused = reader.post("/account/password", data={"current_password": "wrong guess!", **new})
    assert "not your current password" in refused.get_data(as_text=True)
    response = reader.post("/account/password", data={"current_password": TEST_PASSWORD, **new})
    assert response.status_code == 302
    assert reader.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert users.authenticate(app_db, "test-reader", "a brand new phrase")
    assert audit_rows(app_db, "user_password")[-1]["actor"] == "test-reader"


def setup_link(caplog) -> str:
    return re.search(r"/setup/[\w-]+", caplog.text).group(0)


def test_first_start_prints_a_one_time_setup_link(tmp_path, caplog):
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False})
    link = setup_link(caplog)
    client = app.test_client()
    assert "first administrator" in client.get(link).get_data(as_text=True)
    form = {"username": "amina", "password": "a long pass phrase", "confirm": "a long pass phrase"}
    response = client.post(link, data=form)
    assert response.status_code == 302 and response.location == "/admin/users"
    assert "amina" in client.get("/admin/users").get_data(as_text=True)
    assert app.test_client().get(link).status_code == 404
    caplog.clear()
    create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x"})
    assert "/setup/" not in caplog.text


def test_setup_link_refuses_a_guessed_token(app, anonymous):
    assert anonymous.get("/setup/guessed").status_code == 404


def test_admin_creates_user_changes_role_and_deactivates(client, app_db):
    page = client.post(
        "/admin/users",
        data={"username": "bilal", "password": "a long pass phrase", "role": "documenter"},
    )
    assert page.status_code == 302
    bilal = users.get_user(app_db, "bilal")
    assert bilal["role"] == "documenter" and bilal["created_by"] == "test-admin"
    prefix = f"r{bilal['user_id']}-"
    client.post("/admin/users/bilal/role", data={f"{prefix}role": "reviewer"})
    client.post("/admin/users/bilal/active", data={f"a{bilal['user_id']}-active": "0"})
    bilal = users.get_user(app_db, "bilal")
    assert bilal["role"] == "reviewer" and not bilal["active"]
    events = [(r["action"], r["actor"], r["subject"], r["address"])
              for r in app_db["audit_log"].rows_where("subject = 'bilal'")]  # fmt: skip
    assert events == [
        ("user_create", "test-admin", "bilal", "127.0.0.1"),
        ("user_role", "test-admin", "bilal", "127.0.0.1"),
        ("user_active", "test-admin", "bilal", "127.0.0.1"),
    ]


def test_bad_new_user_gets_a_message_by_the_field_and_nothing_is_written(client, app_db):
    before = app_db["users"].count
    response = client.post(
        "/admin/users", data={"username": "x y", "password": "short", "role": "reader"}
    )
    assert response.status_code == 400
    assert "at least 10 characters" in response.get_data(as_text=True)
    assert app_db["users"].count == before


def audit_table(client, url: str) -> str:
    return client.get(url).get_data(as_text=True).split('data-testid="audit"')[1]


def test_audit_log_page_filters_by_actor_action_and_date(client, app, app_db):
    ensure_user(app, "reader")
    sign_in(app.test_client(), "test-reader", "a wrong guess")
    table = audit_table(client, "/admin/audit?action=sign_in_failed")
    assert "Sign-in failed" in table and "test-reader" in table and "Signed in<" not in table
    assert "test-reader" not in audit_table(client, "/admin/audit?actor=demo")
    assert "Nothing matches" in client.get("/admin/audit?until=2000-01-01").get_data(as_text=True)
    assert "YYYY-MM-DD" in client.get("/admin/audit?since=yesterday").get_data(as_text=True)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_audit_log_cannot_be_changed_through_the_app(client, app, app_db, method):
    before = app_db["audit_log"].count
    assert client.open("/admin/audit", method=method).status_code == 405
    assert app_db["audit_log"].count == before
    writable = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "audit" in rule.rule and rule.methods - {"GET", "HEAD", "OPTIONS"}
    ]
    assert writable == []


def test_changes_made_through_a_request_carry_its_address(app, client):
    from views.store import get_db

    with app.test_request_context(environ_base={"REMOTE_ADDR": "198.51.100.4"}):
        db = get_db()
        archive.add_source(db, {"title": "Testimony"}, "test-admin")
        row = next(db["audit_log"].rows_where("action = 'change'", order_by="audit_id desc"))
    assert (row["actor"], row["address"]) == ("test-admin", "198.51.100.4")
    assert "Testimony" not in str(row["detail"])


def test_sign_in_form_needs_its_csrf_token(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "TESTING": True})
    ensure_user(app, "reader")
    client = app.test_client()
    refused = sign_in(client, "test-reader")
    assert refused.status_code == 400 and "Nothing was saved" in refused.get_data(as_text=True)
    form = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = client.post(
        "/sign-in",
        data={"username": "test-reader", "password": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.post("/sign-out").status_code == 400  # sign-out is a form too
