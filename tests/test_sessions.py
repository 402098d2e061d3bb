"""Server-side sessions: ending one on the server signs its browser out, copies of the cookie too.

Two test clients model two browsers (or a browser and someone holding a copy of its cookie).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

from app import create_app
from archive import users

from .conftest import TEST_PASSWORD, ensure_user, signed_in_client


def audit_rows(app_db, action: str) -> list[dict]:
    return list(app_db["audit_log"].rows_where("action = ?", [action], order_by="audit_id"))


def browser(app, address: str = "127.0.0.1", agent: str = "Firefox/128.0 (test)"):
    """A new test client that looks like one browser at one address."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    return client


def sign_in(client, username: str, password: str = TEST_PASSWORD):
    return client.post("/sign-in", data={"username": username, "password": password})


def copy_of(app, client):
    """Another client holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def signed_out(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/sign-in")


def test_copied_cookie_is_refused_after_sign_out(app, client_as, app_db):
    reader = client_as("reader")
    thief = copy_of(app, reader)
    assert thief.get("/").status_code == 200
    assert reader.post("/sign-out").status_code == 302
    assert signed_out(thief.get("/"))
    assert signed_out(thief.get("/claims/"))
    assert audit_rows(app_db, "sign_out")[-1]["subject"] == "test-reader"


def test_cookie_carries_only_a_random_token_stored_hashed(app, client_as, app_db):
    reader = client_as("reader")
    serializer = app.session_interface.get_signing_serializer(app)
    token = serializer.loads(reader.get_cookie("session").value)["_user_id"]
    user_id = users.get_user(app_db, "test-reader")["user_id"]
    assert len(token) >= 40 and not token.startswith(f"{user_id}:")
    stored = app_db["sessions"].rows_where("user_id = ?", [user_id])
    assert [row["token_hash"] for row in stored] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in str(list(app_db["sessions"].rows))


def test_sign_out_everywhere_ends_another_clients_session(app, client_as, app_db):
    laptop, phone = client_as("reader"), client_as("reader")
    response = phone.post("/sign-out/everywhere")
    assert response.status_code == 302
    page = phone.get(response.location).get_data(as_text=True)
    assert "signed out everywhere (2 sessions ended)" in page
    assert signed_out(laptop.get("/")) and signed_out(phone.get("/"))
    ended = audit_rows(app_db, "session_end")
    assert [row["detail"] for row in ended][-2:] == [
        '{"session": 1, "reason": "signed out everywhere"}',
        '{"session": 2, "reason": "signed out everywhere"}',
    ]


def test_own_sessions_page_lists_each_browser(app):
    ensure_user(app, "reader")
    laptop = browser(app, "192.0.2.10", "Firefox/128.0 (laptop)")
    sign_in(laptop, "test-reader")
    sign_in(browser(app, "198.51.100.20", "Chromium/130 (phone)"), "test-reader")
    page = laptop.get("/account/sessions").get_data(as_text=True)
    assert "Firefox/128.0 (laptop)" in page and "192.0.2.10" in page
    assert "Chromium/130 (phone)" in page and "198.51.100.20" in page
    assert page.count("(this browser)") == 1


def test_admin_sees_and_ends_a_users_session(app, client, app_db):
    ensure_user(app, "reader")
    office, home = browser(app, "192.0.2.10", "Firefox/128.0 (office)"), browser(app, "192.0.2.99")
    sign_in(office, "test-reader")
    sign_in(home, "test-reader")
    page = client.get("/admin/users/test-reader/sessions").get_data(as_text=True)
    assert "Firefox/128.0 (office)" in page and "192.0.2.10" in page and "192.0.2.99" in page
    assert "2 in use" in client.get("/admin/users").get_data(as_text=True)
    office_id = next(app_db["sessions"].rows_where("address = '192.0.2.10'"))["session_id"]
    response = client.post(f"/admin/users/test-reader/sessions/{office_id}/end")
    assert response.status_code == 303
    assert signed_out(office.get("/"))
    assert home.get("/").status_code == 200
    row = audit_rows(app_db, "session_end")[-1]
    assert (row["actor"], row["subject"]) == ("test-admin", "test-reader")
    assert "ended by an administrator" in row["detail"]
    assert "1 in use" in client.get("/admin/users").get_data(as_text=True)


def test_admin_cannot_end_another_users_session_through_a_wrong_name(app, client, client_as):
    reader = client_as("reader")
    client.post("/admin/users/test-admin/sessions/2/end")  # session 2 is the reader's
    assert reader.get("/").status_code == 200


def test_admin_ends_all_sessions_of_a_user(app, client, client_as):
    first, second = client_as("reader"), client_as("reader")
    response = client.post("/admin/users/test-reader/sessions/end")
    assert response.status_code == 303
    assert signed_out(first.get("/")) and signed_out(second.get("/"))
    assert sign_in(app.test_client(), "test-reader").status_code == 302  # may sign in again


def test_role_change_takes_effect_on_the_next_request(app, client, client_as, app_db):
    documenter = client_as("documenter")
    assert documenter.get("/sources/new", follow_redirects=True).status_code == 200
    user_id = users.get_user(app_db, "test-documenter")["user_id"]
    client.post("/admin/users/test-documenter/role", data={f"r{user_id}-role": "reader"})
    assert documenter.get("/sources/new").status_code == 403
    client.post("/admin/users/test-documenter/role", data={f"r{user_id}-role": "admin"})
    assert documenter.get("/admin/users").status_code == 200


def test_deactivation_ends_sessions_for_good(app, client_as, app_db):
    reader = client_as("reader")
    users.set_active(app_db, "test-reader", False, "tests")
    assert signed_out(reader.get("/"))
    users.set_active(app_db, "test-reader", True, "tests")
    assert signed_out(reader.get("/"))  # reactivating does not revive the old session
    assert "the account was deactivated" in audit_rows(app_db, "session_end")[-1]["detail"]


def test_password_change_ends_the_other_sessions_on_the_server(app, client_as, app_db):
    reader, elsewhere = client_as("reader"), client_as("reader")
    thief = copy_of(app, elsewhere)
    new = {"new_password": "a brand new phrase", "confirm": "a brand new phrase"}
    reader.post("/account/password", data={"current_password": TEST_PASSWORD, **new})
    assert reader.get("/").status_code == 200
    assert signed_out(elsewhere.get("/")) and signed_out(thief.get("/"))
    assert "the password was changed" in audit_rows(app_db, "session_end")[-1]["detail"]


def test_idle_session_ends_on_the_server_too(app, client_as, app_db):
    reader = client_as("reader")
    thief = copy_of(app, reader)
    app_db.execute("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'")
    app_db.conn.commit()
    assert signed_out(thief.get("/"))
    assert signed_out(reader.get("/"))
    row = audit_rows(app_db, "session_end")[-1]
    assert row["actor"] == "system" and "idle" in row["detail"]


def test_using_a_session_keeps_it_alive(app, client_as, app_db):
    reader = client_as("reader")
    app_db.execute("UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00+00:00'")
    app_db.conn.commit()
    app.config["PERMANENT_SESSION_LIFETIME"] = app.permanent_session_lifetime * 10**6
    assert reader.get("/").status_code == 200
    assert next(app_db["sessions"].rows)["last_seen_at"] > "2000-01-01T00:00:00+00:00"


def test_an_unchanged_cookie_is_sent_again_when_its_idle_time_restarts_not_on_every_page(
    app, client_as, app_db
):
    reader = client_as("reader")
    reader.get("/")  # the first page after sign-in keeps a form token in the session
    assert "Set-Cookie" not in reader.get("/search?q=anything").headers
    # Two minutes later the server notes the session was used, and so does the cookie.
    app_db.execute("UPDATE sessions SET last_seen_at = ?", [_ago(timedelta(minutes=2))])
    app_db.conn.commit()
    answer = reader.get("/search?q=anything")
    assert "session=" in answer.headers["Set-Cookie"]
    # The cookie's idle half hour ends when the server's does: both count from that page.
    expires = parsedate_to_datetime(answer.headers["Set-Cookie"].split("Expires=")[1].split(";")[0])
    seen = datetime.fromisoformat(next(app_db["sessions"].rows)["last_seen_at"])
    assert abs(expires - (seen + app.permanent_session_lifetime)) <= timedelta(seconds=2)
    assert reader.get("/search?q=anything").status_code == 200


def test_a_changed_session_is_sent_at_once(app, client_as):
    reader = client_as("reader")
    reader.get("/")
    page = reader.post("/language", data={"language": "ur", "next": "/"})
    assert "session=" in page.headers["Set-Cookie"]
    assert 'lang="ur"' in reader.get("/search?q=anything").get_data(as_text=True)


def test_an_idle_cookie_still_signs_out(app, client_as, app_db):
    reader = client_as("reader")
    reader.get("/")
    app_db.execute("UPDATE sessions SET last_seen_at = ?", [_ago(timedelta(minutes=31))])
    app_db.conn.commit()
    assert signed_out(reader.get("/search?q=anything"))


def _ago(delta: timedelta) -> str:
    return (datetime.now(UTC) - delta).isoformat(timespec="seconds")


@pytest.mark.parametrize(
    ("trusted", "address", "secure"),
    [(0, "127.0.0.1", False), (1, "203.0.113.9", True)],
)
def test_forwarded_headers_count_only_behind_trusted_proxies(tmp_path, trusted, address, secure):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False, "TRUSTED_PROXIES": trusted})  # fmt: skip
    ensure_user(app, "reader")
    proxied = app.test_client()
    proxied.environ_base.update(HTTP_X_FORWARDED_FOR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    response = sign_in(proxied, "test-reader")
    assert ("Secure" in response.headers["Set-Cookie"]) is secure
    admin = signed_in_client(app, "admin")
    page = admin.get("/admin/users/test-reader/sessions").get_data(as_text=True)
    assert address in page
    assert ("203.0.113.9" in page) is bool(trusted)
