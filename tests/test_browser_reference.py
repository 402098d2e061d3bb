"""In a real Chromium: an administrator adds a claim type and an alias on the reference pages;
a documenter then picks the type, and a researcher finds an old entry by the new alias."""

from __future__ import annotations

import pytest

from .browser import sign_in

pytestmark = pytest.mark.browser


def test_admin_adds_a_type_and_an_alias_that_others_use_at_once(browser, live_server):
    admin = browser.new_context().new_page()
    sign_in(admin, live_server, role="admin")
    admin.get_by_role("link", name="Reference data").click()
    admin.get_by_role("link", name="Claim types").click()
    admin.get_by_label("Code").fill("hijacking")
    admin.get_by_label("Label").fill("Hijacking")
    admin.get_by_role("button", name="Add the claim type").click()
    assert "Added the claim type hijacking." in admin.locator(".flash").inner_text()

    documenter = browser.new_context().new_page()
    sign_in(documenter, live_server, role="documenter")
    documenter.goto(live_server + "/claims/new")
    documenter.get_by_label("Type of attack claimed").select_option(label="Hijacking")

    # The demo's September source names Koh Pusht Giab; nothing calls it "Pusht Giab hills".
    admin.goto(live_server + "/search?q=%22Pusht+Giab+hills%22")
    assert admin.get_by_test_id("search-count-claim").inner_text() == "0"
    admin.goto(live_server + "/admin/reference/places")
    admin.get_by_label("Place", exact=True).fill("Koh Pusht Giab")
    admin.get_by_label("Other spellings").fill("Pusht Giab hills")
    admin.get_by_role("button", name="Add the place").click()
    admin.goto(live_server + "/search?q=%22Pusht+Giab+hills%22")
    assert admin.get_by_test_id("search-count-claim").inner_text() == "1"
