"""In a real Chromium: a researcher searches the demo content from the header's search box."""

from __future__ import annotations

import pytest

from .browser import sign_in

pytestmark = pytest.mark.browser

SEARCHES = [
    ("Mastung", "claim", "BLF claims clash with security forces near Khadkucha"),
    ("Mastung", "abuse", "Shelling of civilian areas in Umar Dor"),
    ("BLF", "claim", "BLF claims clash with security forces near Khadkucha"),
    ('"enforced disappearance"', "abuse", "Abductions and killings of Baloch activists"),
    ("mass grave", "abuse", "Mass graves discovered in several districts"),
]


def test_searches_from_the_header_find_the_right_entries_in_the_right_category(page, live_server):
    sign_in(page, live_server, role="reader")
    page.goto(live_server + "/")
    for text, kind, title in SEARCHES:
        page.get_by_label("Search", exact=True).first.fill(text)
        page.get_by_label("Search", exact=True).first.press("Enter")
        page.wait_for_url("**/search?q=*")
        assert title in page.locator(f'[data-testid="results-{kind}"]').inner_text()
        other = "claim" if kind == "abuse" else "abuse"
        assert title not in page.locator(f'[data-testid="results-{other}"]').inner_text()
    page.screenshot(path="test-artifacts/search-mass-grave.png", full_page=True)


def test_a_facet_click_narrows_and_the_url_can_be_bookmarked(page, live_server):
    sign_in(page, live_server, role="reader")
    page.goto(live_server + "/search?q=Mastung")
    page.locator('[data-testid="facet-group"]').get_by_role("link", name="BLF", exact=False).click()
    assert "group=BLF" in page.url
    assert page.locator('[data-testid="search-count-claim"]').inner_text() == "1"
    page.goto(page.url)  # the bookmark gives the same page
    assert "Khadkucha" in page.locator('[data-testid="results-claim"]').inner_text()
