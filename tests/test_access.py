"""Every route against every role: allowed, 403, or sent to sign in, as views/access.py says.

The table is views/access.py's ACCESS; a route missing from it fails here, so each new page or
action must be classified there (one line: endpoint -> lowest role allowed).
"""

from __future__ import annotations

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from archive.users import ROLES, role_at_least
from views.access import ACCESS, ANYONE, API_ENTRY_CALLS, TOKEN

from .conftest import signed_in_client

# Values for URL arguments: demo content has entries and sources with id 1.
SAMPLE_VALUES = {"username": "test-reader", "token": "not-a-token", "filename": "style.css"}


def routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, sample URL) for every rule of the app."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            values = {
                arg: 1 if isinstance(rule._converters[arg], IntegerConverter)
                else SAMPLE_VALUES.get(arg, "x")
                for arg in rule.arguments
            }  # fmt: skip
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
            found.append((rule.endpoint, method, url_for(rule.endpoint, **values)))
    return found


def test_every_route_is_classified_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - ACCESS.keys()) == [], "add these endpoints to views/access.ACCESS"
    assert sorted(ACCESS.keys() - endpoints) == [], "these ACCESS entries match no route"


def test_access_table_agrees_with_role_required_decorators(app):
    for endpoint, view in app.view_functions.items():
        if hasattr(view, "minimum_role"):
            assert ACCESS[endpoint] == view.minimum_role, endpoint


def stored_counts(app) -> dict[str, int]:
    import archive

    db = archive.open_db(app.config["DATABASE"])
    try:
        return {table: db[table].count for table in ("revisions", "users", "audit_log")}
    finally:
        db.close()


def verdict(response) -> str:
    """What the visitor got: 'sign-in' (sent to sign in), 'forbidden' (403), or 'allowed'."""
    if response.status_code == 401 or (
        response.status_code == 302 and response.location.startswith("/sign-in?")
    ):
        return "sign-in"
    return "forbidden" if response.status_code == 403 else "allowed"


def expected(needed: str, role: str | None) -> str:
    if needed == TOKEN:
        return "sign-in"  # the session cookie never reaches the API, whatever the role
    if needed == ANYONE:
        return "allowed"
    if role is None:
        return "sign-in"
    return "allowed" if role_at_least(role, needed) else "forbidden"


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_exactly_what_the_table_allows(app, role):
    wrong = []
    for endpoint, method, url in routes(app):
        client = app.test_client() if role is None else signed_in_client(app, role)
        before = stored_counts(app)
        response = client.open(url, method=method)
        response.close()
        got, want = verdict(response), expected(ACCESS.get(endpoint, "admin"), role)
        if got != want:
            wrong.append(f"{method} {url} ({endpoint}): {got}, expected {want}")
        if got != "allowed":
            assert stored_counts(app) == before, f"{method} {url} wrote while refusing"
    assert wrong == []


def test_forbidden_page_says_why_in_plain_words(client_as):
    response = client_as("reader").get("/admin/users")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Your role (reader) does not allow this" in page and "Nothing was changed" in page


def test_anonymous_api_client_gets_a_json_401(anonymous):
    response = anonymous.get("/claims/?format=json")
    assert response.status_code == 401
    assert response.json["reason"] == "Sign in first."


def test_anonymous_visitor_sees_only_the_sign_in_page(anonymous):
    response = anonymous.get("/claims/1")
    assert response.status_code == 302 and response.location == "/sign-in?next=/claims/1"
    page = anonymous.get(response.location).get_data(as_text=True)
    assert "Sign in" in page
    assert "Khadkucha" not in page and 'href="/claims/' not in page
    assert anonymous.get("/no-such-page").status_code == 302


# What each endpoint must require, written out by hand: the guard reads ACCESS, so only a
# second, independent statement of intent catches a line of ACCESS loosened by mistake.
INTENDED = {
    "accounts.sign_in": ANYONE, "accounts.setup": ANYONE, "static": ANYONE,
    "i18n.switch": ANYONE,
    "accounts.sign_out": "reader", "accounts.password": "reader", "home.index": "reader",
    "accounts.sign_out_everywhere": "reader", "accounts.sessions": "reader",
    "abuses.index": "reader", "abuses.show": "reader", "abuses.history": "reader",
    "claims.index": "reader", "claims.show": "reader", "claims.history": "reader",
    "sources.index": "reader", "sources.show": "reader", "sources.history": "reader",
    "sources.download": "reader", "search.results": "reader", "exports.download": "reader",
    "sources.new": "documenter", "sources.edit": "documenter", "sources.lookup": "documenter",
    "intake.review": "documenter", "intake.decide": "documenter",
    "sources.merge": "reviewer", "sources.retract": "reviewer",
    "abuses.new": "documenter", "abuses.edit": "documenter", "abuses.retract": "documenter",
    "abuses.fate": "documenter",
    "abuses.withdraw_fate": "documenter",
    "claims.new": "documenter", "claims.edit": "documenter", "claims.retract": "documenter",
    "abuses.link": "documenter", "abuses.unlink": "documenter",
    "claims.link": "documenter", "claims.unlink": "documenter",
    "imports.upload": "documenter", "imports.mapping": "documenter", "imports.report": "documenter",
    "imports.report_csv": "documenter", "imports.run": "documenter",
    "imports.progress": "documenter", "imports.status": "documenter",
    "admin.users": "admin", "admin.create_user": "admin", "admin.set_role": "admin",
    "admin.set_active": "admin", "admin.audit": "admin", "admin.user_sessions": "admin",
    "admin.end_session": "admin", "admin.end_all_sessions": "admin",
    "reference.index": "admin",
    "reference.list": "admin", "reference.add": "admin", "reference.edit": "admin",
    "two_factor.code": ANYONE, "two_factor.manage": "reader", "two_factor.enrol": "reader",
    "two_factor.disable": "reader", "two_factor.recovery_codes": "reader",
    "two_factor.reset": "admin",
    "admin.verify": "admin",
    "patterns.charts": "reader", "patterns.download": "reader", "patterns.summary": "reader",
    "tokens.index": "reader", "tokens.revoke": "reader",
    "api.openapi": ANYONE, "api.me": TOKEN, "api.search": TOKEN,
    "api.sources_list": TOKEN, "api.sources_get": TOKEN, "api.sources_create": TOKEN,
    **{f"api.abuses_{call}": TOKEN for call in API_ENTRY_CALLS},
    **{f"api.claims_{call}": TOKEN for call in API_ENTRY_CALLS},
}  # fmt: skip


def test_access_table_says_what_was_intended():
    assert ACCESS == INTENDED


def test_the_kept_header_follows_each_reader_role_and_page(client_as):
    """The header's links are kept between requests (views/field_markup.py): per role and
    page, so what an administrator was shown never reaches a reader."""
    admin, reader = client_as("admin"), client_as("reader")
    assert "Audit log" in admin.get("/search?q=Mastung").get_data(as_text=True)
    assert "Add a source" in admin.get("/search?q=Mastung").get_data(as_text=True)
    page = reader.get("/search?q=Mastung").get_data(as_text=True)
    assert "Audit log" not in page and "Add a source" not in page
    assert 'aria-current="page">Abuse reports' not in page
    listed = reader.get("/abuses/").get_data(as_text=True)
    assert '<a href="/abuses/" aria-current="page">Abuse reports</a>' in listed
    urdu = admin.get("/search?q=Mastung", headers={"Accept-Language": "ur"}).get_data(True)
    assert "Audit log" not in urdu and "Add a source" not in urdu
