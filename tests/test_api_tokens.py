"""API tokens: made on the account page and shown once, kept hashed, revoked there, audited;
a token acts as its user with the role the account has now, and nothing else signs in to the
API: not a wrong or revoked token, not a deactivated account's, not the session cookie."""

from __future__ import annotations

import hashlib
import re

from app import create_app
from archive import users

from .api_helpers import ABUSE, audit_rows, bearer, counts, make_token, opened
from .conftest import ensure_user

TOKEN = re.compile(r"gawahi_[A-Za-z0-9_-]{40,}")


def made_on_the_page(client, name: str = "nightly sync", days: str = "90") -> str:
    response = client.post("/account/tokens", data={"name": name, "days": days})
    assert response.status_code == 200
    return TOKEN.search(response.get_data(as_text=True)).group()


def test_new_token_is_shown_once_and_kept_only_as_its_hash(app, client_as):
    client = client_as("documenter")
    secret = made_on_the_page(client)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "nightly sync" in page and secret not in page
    with opened(app) as db:
        stored = list(db["api_tokens"].rows)
        assert [row["token_hash"] for row in stored] == [
            hashlib.sha256(secret.encode()).hexdigest()
        ]
        assert not any(secret in str(row) for row in db["audit_log"].rows)
    assert audit_rows(app, "api_token_create")[-1]["actor"] == "test-documenter"


def test_token_answers_as_its_user_and_records_its_last_use(app, client_as):
    client = client_as("reviewer")
    secret = made_on_the_page(client, "laptop")
    response = app.test_client().get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 200
    assert response.json == {"username": "test-reviewer", "role": "reviewer", "token": "laptop"}
    assert "Never" not in client.get("/account/tokens").get_data(as_text=True)


def test_revoked_token_is_refused_with_the_reason_and_audited(app, client_as):
    client = client_as("documenter")
    secret = made_on_the_page(client)
    with opened(app) as db:
        token_id = db["api_tokens"].get(1)["token_id"]
    response = client.post(f"/account/tokens/{token_id}/revoke")
    assert response.status_code == 303
    answer = app.test_client().get("/api/v1/me", headers=bearer(secret))
    assert answer.status_code == 401
    assert "was revoked" in answer.json["error"]["message"]
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert audit_rows(app, "api_token_revoke")[-1]["actor"] == "test-documenter"
    assert "revoked" in audit_rows(app, "api_token_failed")[-1]["detail"]


def test_another_users_token_cannot_be_revoked_by_them_nor_used_once_revoked(app, client_as):
    owner, other = client_as("documenter"), client_as("reviewer")
    secret = made_on_the_page(owner)
    assert other.post("/account/tokens/1/revoke").status_code == 404
    assert app.test_client().get("/api/v1/me", headers=bearer(secret)).status_code == 200
    owner.post("/account/tokens/1/revoke")
    before = counts(app)
    response = app.test_client().post("/api/v1/abuses", headers=bearer(secret), json=ABUSE)
    assert response.status_code == 401 and counts(app) == before


def test_wrong_or_missing_token_is_a_json_401_and_a_wrong_one_is_audited(app):
    client = app.test_client()
    wrong = client.get("/api/v1/abuses", headers=bearer("gawahi_" + "x" * 43))
    assert wrong.status_code == 401 and wrong.is_json
    assert "Unknown API token" in wrong.json["error"]["message"]
    assert audit_rows(app, "api_token_failed")[-1]["detail"] == '{"reason": "unknown token"}'
    for headers in ({}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "}):
        missing = client.get("/api/v1/abuses", headers=headers)
        assert missing.status_code == 401
        assert "Authorization: Bearer" in missing.json["error"]["message"]


def test_deactivated_users_token_fails_until_reactivated(app):
    secret = make_token(app, "documenter")
    with opened(app) as db:
        users.set_active(db, "test-documenter", False, "admin")
    refused = app.test_client().get("/api/v1/me", headers=bearer(secret))
    assert refused.status_code == 401 and "deactivated" in refused.json["error"]["message"]
    with opened(app) as db:
        users.set_active(db, "test-documenter", True, "admin")
    assert app.test_client().get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_role_change_applies_to_tokens_at_once(app):
    secret = make_token(app, "documenter")
    with opened(app) as db:
        users.set_role(db, "test-documenter", "reader", "admin")
    before = counts(app)
    response = app.test_client().post("/api/v1/sources", headers=bearer(secret),
                                      json={"title": "A statement", "body": "Text."})  # fmt: skip
    assert response.status_code == 403
    assert "Your role (reader)" in response.json["error"]["message"]
    assert counts(app) == before


def test_expired_token_is_refused_and_shown_as_expired(app, client_as):
    secret = make_token(app, "reader", days=30)
    with opened(app) as db:
        db.execute("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00+00:00'")
        db.conn.commit()
    response = app.test_client().get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert "expired on 2020-01-01" in response.json["error"]["message"]
    page = client_as("reader").get("/account/tokens").get_data(as_text=True)
    assert "Expired" in page and "Revoke script" not in page


def test_signed_in_browser_cannot_call_the_api_without_a_token(app, client_as):
    browser = client_as("admin")
    before = counts(app)
    for method, path in (("get", "/api/v1/abuses"), ("post", "/api/v1/sources")):
        response = getattr(browser, method)(path, json={"title": "From a page", "body": "x"})
        assert response.status_code == 401
        assert "Set-Cookie" not in response.headers
    assert counts(app) == before


def test_token_call_needs_no_csrf_token_where_forms_do(tmp_path):
    from app import create_app

    strict = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t"})
    secret = make_token(strict, "documenter")
    response = strict.test_client().post(
        "/api/v1/sources", headers=bearer(secret), json={"title": "A statement", "body": "Text."}
    )
    assert response.status_code == 201


def test_token_without_a_name_is_refused_next_to_the_field(app, client_as):
    response = client_as("reader").post("/account/tokens", data={"name": " ", "days": "30"})
    assert response.status_code == 422
    assert "Name the token" in response.get_data(as_text=True)
    with opened(app) as db:
        assert db["api_tokens"].count == 0


def test_tokens_page_is_only_ones_own(app, client_as):
    ensure_user(app, "reviewer")
    make_token(app, "reviewer", name="reviewer's sync")
    page = client_as("reader").get("/account/tokens").get_data(as_text=True)
    assert "reviewer's sync" not in page and "No token yet" in page


def test_failed_calls_from_one_address_are_throttled_not_each_audited(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "test",
                      "SIGN_IN_FREE_FAILURES_PER_ADDRESS": 3})  # fmt: skip
    secret, client = make_token(app, "documenter"), app.test_client()
    wrong = bearer("gawahi_" + "x" * 43)
    assert [client.get("/api/v1/me", headers=wrong).status_code for _ in range(3)] == [401] * 3
    throttled = client.get("/api/v1/me", headers=wrong)
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    assert "Too many failed API calls" in throttled.json["error"]["message"]
    for _ in range(20):
        assert client.get("/api/v1/me", headers=wrong).status_code == 429
    assert len(audit_rows(app, "api_token_failed")) == 3  # not a row for every refused call
    # The owner's live token from the same address is answered all the while.
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    other = client.get("/api/v1/me", headers=wrong, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 401  # another address is not slowed
