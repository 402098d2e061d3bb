"""In a real Chromium: a documentation officer records a disappearance, then, from a second
source years later, that the victim was found dead; "still missing" stops listing it."""

from __future__ import annotations

import pytest

import archive

from .browser import serve, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def served(empty_app):
    """The app without demo content, with two sources to cite, served over HTTP."""
    db = archive.open_db(empty_app.config["DATABASE"])
    try:
        first = archive.add_source(db, {"title": "VBMP statement", "outlet": "VBMP",
                                        "body": "Zahid was taken."}, "tester")  # fmt: skip
        second = archive.add_source(db, {"title": "Body found in Turbat", "outlet": "Dawn",
                                         "body": "His body was found."}, "tester")  # fmt: skip
    finally:
        db.close()
    with serve(empty_app) as base_url:
        yield base_url, first, second


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def record_fate(page, what: str, day: str, source_id: int, passage: str) -> None:
    page.get_by_role("link", name="Record what happened to this person").click()
    page.get_by_label(what, exact=True).check()
    page.locator("#date_start").fill(day)
    page.locator("#source_id").select_option(str(source_id))
    page.get_by_label("Passage quoted from the source").fill(passage)
    page.get_by_role("button", name="Save what happened").click()


def test_a_disappearance_found_dead_leaves_the_still_missing_list(tab, served):
    from playwright.sync_api import expect

    base_url, first, second = served
    page = tab
    sign_in(page, base_url, "documenter")
    page.goto(base_url + "/abuses/new")
    page.get_by_label("Type of abuse").select_option(label="Enforced disappearance")
    page.get_by_label("Title", exact=True).fill("Student taken from Turbat bazaar")
    page.locator("#date_start").fill("2019-05-01")
    page.locator("#citations-0-source_id").select_option(str(first))
    page.locator("#citations-0-passage").fill("Zahid was taken.")
    page.locator("#victims-0-name").fill("Zahid Open")
    page.locator("#victims-0-public").check()
    page.get_by_role("button", name="Save the abuse report").click()
    expect(page.locator("main")).to_contain_text("Abuse report saved.")
    report_url = page.url

    record_fate(page, "Missing", "2019-05-01", first, "Zahid was taken.")
    expect(page.locator("main")).to_contain_text("Recorded.")
    expect(page.get_by_test_id("fate-now")).to_have_text("Missing, 1 May 2019")

    page.goto(base_url + "/abuses/")
    page.get_by_label("Victims now").select_option(label="Still missing")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("main")).to_contain_text("Student taken from Turbat bazaar")
    still_missing = page.url

    page.goto(report_url)
    record_fate(page, "Found dead", "2025-03-14", second, "His body was found.")
    expect(page.get_by_test_id("fate-now")).to_have_text("Found dead, 14 March 2025")
    history = page.get_by_role("list", name="What happened to Victim 1, oldest first")
    expect(history.locator("li")).to_have_count(2)
    expect(history).to_contain_text("VBMP statement")
    expect(history).to_contain_text("Body found in Turbat")

    page.goto(still_missing)
    expect(page.locator("main")).to_contain_text("No abuse reports match these filters.")
    page.goto(base_url + "/search?fate=missing")
    expect(page.get_by_test_id("search-count-abuse")).to_have_text("0")
    page.goto(base_url + "/search?q=Zahid")
    expect(page.get_by_test_id("search-count-abuse")).to_have_text("1")
