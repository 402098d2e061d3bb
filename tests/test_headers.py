"""Security headers on every response: pages, sign-in, static files, 403, 404 and 500."""

from __future__ import annotations

import re

import pytest

from app import create_app
from views.security import CONTENT_SECURITY_POLICY

from .conftest import signed_in_client

EXPECTED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def assert_secure_headers(response) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    response.close()


def test_policy_forbids_inline_scripts_and_other_origins():
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "http" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("anonymous", "/sign-in", 200),
        ("anonymous", "/", 302),
        ("anonymous", "/static/style.css", 200),
        ("anonymous", "/setup/guess", 404),
        ("reader", "/", 200),
        ("reader", "/claims/1/history", 200),
        ("reader", "/admin/users", 403),
        ("reader", "/claims/9999", 404),
        ("reader", "/claims/?page=x", 400),
        ("admin", "/admin/audit", 200),
    ],
)
def test_every_response_carries_the_security_headers(app, client_as, who, url, status):
    client = app.test_client() if who == "anonymous" else client_as(who)
    response = client.get(url)
    assert response.status_code == status
    assert_secure_headers(response)


def test_pages_are_not_cached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_a_500_is_plain_and_carries_the_headers(tmp_path):
    def broken():
        raise RuntimeError("SELECT secret FROM victims")

    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False})
    app.add_url_rule("/broken", "broken", broken)  # unclassified: admin-only
    assert app.test_client().get("/broken").status_code == 302
    response = signed_in_client(app, "admin").get("/broken")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "SELECT" not in page and "Traceback" not in page
    assert_secure_headers(response)


def test_pages_hold_no_inline_script_or_style(client_as):
    for url in ("/", "/admin/users", "/admin/audit", "/account/password"):
        page = client_as("admin").get(url).get_data(as_text=True)
        # Our own scripts load from /static (the CSP allows only those); none is written inline.
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", page)
        assert "style=" not in page and " on" + "click" not in page
