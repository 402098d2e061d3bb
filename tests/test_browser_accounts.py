"""In a real Chromium: a reader signs in, is refused an admin page, and signs out."""

from __future__ import annotations

import pytest

from .browser import sign_in

pytestmark = pytest.mark.browser


def test_reader_signs_in_is_refused_admin_pages_and_signs_out(page, live_server):
    page.goto(live_server + "/claims/")
    assert "/sign-in" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()
    username = sign_in(page, live_server, role="reader")
    page.goto(live_server + "/claims/")
    assert f"Signed in as {username}" in page.inner_text("header")
    response = page.goto(live_server + "/admin/users")
    assert response.status == 403
    assert "Your role (reader) does not allow this" in page.inner_text("main")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/sign-in" in url)
    assert "You are signed out." in page.inner_text("main")
    page.goto(live_server + "/claims/")
    assert "/sign-in" in page.url


def test_wrong_password_shows_the_message_by_the_field(page, live_server):
    sign_in(page, live_server, role="reader")  # creates the account
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("test-reader")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert "do not match an active account" in page.inner_text("main")
    assert page.get_by_label("Password").get_attribute("aria-invalid") == "true"
