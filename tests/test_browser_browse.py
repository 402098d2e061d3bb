"""In a real Chromium: a newcomer browses the demo content."""

from __future__ import annotations

import pytest

from .browser import sign_in

pytestmark = pytest.mark.browser


def test_newcomer_browses_from_home_to_a_claim_and_its_source(page, live_server):
    sign_in(page, live_server, role="reader")
    page.goto(live_server + "/")
    assert page.locator('[data-testid="count-claim"]').inner_text() == "6"
    assert page.locator('[data-testid="count-abuse"]').inner_text() == "3"
    page.get_by_role("link", name="Attack claims").first.click()
    page.get_by_role("link", name="BLF claims clash with security forces near Khadkucha").click()
    assert "Claimed by Balochistan Liberation Front (BLF)" in page.inner_text("main")
    page.get_by_role("link", name="Baloch armed groups claim attacks").click()
    abuses = page.locator('[data-testid="cited-abuse"]').inner_text()
    assert "Umar Dor" in abuses
    page.screenshot(path="test-artifacts/source-page.png", full_page=True)


def test_page_is_readable_on_a_phone(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    tab = context.new_page()
    tab.goto(live_server + "/abuses/")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()
