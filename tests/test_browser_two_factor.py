"""In a real Chromium: a reader turns on two-factor sign-in from the QR page, then signs in
with a code computed from the key the page shows."""

from __future__ import annotations

import time

import pyotp
import pytest

from .browser import sign_in
from .conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_reader_turns_on_two_factor_and_signs_in_with_a_code(page, live_server):
    username = sign_in(page, live_server, role="reader")
    page.get_by_role("link", name="Two-factor sign-in").click()
    qr_code = page.get_by_test_id("qr-code")
    # Drawn on the page itself: the strict Content-Security-Policy lets it show.
    assert qr_code.evaluate("img => img.complete && img.naturalWidth > 0")
    totp = pyotp.TOTP(page.get_by_test_id("secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(totp.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert "Two-factor sign-in is on" in page.inner_text("main")

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code")
    assert page.evaluate("document.activeElement.name") == "code"
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    assert "That code is not right" in page.inner_text("main")
    assert page.get_by_label("Code").get_attribute("aria-invalid") == "true"
    # The code of the next step: the current one was spent turning it on.
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in" not in url)
    assert f"Signed in as {username}" in page.inner_text("header")
