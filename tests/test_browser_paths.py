"""In a real Chromium: what a documentation officer's trial tripped over. Enter saves, Back and
send again saves nothing twice, focus lands where the work is, and an Urdu source with English
paragraphs reads each in its own direction."""

from __future__ import annotations

import re

import pytest

import archive

from .browser import sign_in

pytestmark = pytest.mark.browser

URDU = "لاپتہ افراد کے اہل خانہ نے احتجاج کیا"
ENGLISH = "The families of the disappeared protested in Turbat."
FOCUSED_ID = "() => document.activeElement && document.activeElement.id"


def fill_claim(page, title: str) -> None:
    """The required fields of an attack claim citing the first source in the picker."""
    page.get_by_label("Group making the claim").fill("BLA")
    page.get_by_label("Type of attack claimed").select_option(label="Ambush or armed attack")
    page.locator("#date_start").fill("2025-09-03")
    page.locator("#citations-0-source_id").select_option(index=1)
    page.locator("#citations-0-passage").fill("The BLA said its fighters ambushed a patrol.")
    page.get_by_label("Title", exact=True).fill(title)


def claims_titled(app, title: str) -> int:
    db = archive.open_db(app.config["DATABASE"])
    try:
        return db["attack_claims"].count_where("title = ?", [title])
    finally:
        db.close()


def test_enter_in_a_text_field_saves_the_entry(page, live_server, app):
    from playwright.sync_api import expect

    sign_in(page, live_server)
    page.goto(live_server + "/claims/new")
    fill_claim(page, "Patrol ambushed near Mand")
    page.get_by_label("Title", exact=True).press("Enter")
    expect(page.locator("main")).to_contain_text("Attack claim saved.")
    assert claims_titled(app, "Patrol ambushed near Mand") == 1
    page.goto(live_server + "/abuses/new")
    page.get_by_label("Title", exact=True).fill("Incomplete")
    page.get_by_label("Title", exact=True).press("Enter")
    expect(page.locator(":focus")).to_have_id("error-summary")  # saving was tried
    assert page.locator("[data-row]").count() == 7  # 2 figures, 3 victims, 2 citations: none added


def test_back_and_send_again_saves_one_claim(page, live_server, app):
    from playwright.sync_api import expect

    sign_in(page, live_server)
    page.goto(live_server + "/claims/new")
    fill_claim(page, "Claim sent twice")
    page.get_by_role("button", name="Save the attack claim").click()
    expect(page.locator("main")).to_contain_text("Attack claim saved.")
    saved_at = page.url
    page.go_back()
    expect(page.get_by_test_id("already-saved")).to_contain_text("already saved")
    fill_claim(page, "Claim sent twice")  # what the browser did not fill back in
    page.get_by_role("button", name="Save the attack claim").click()
    expect(page.locator("main")).to_contain_text("already been saved")
    assert page.url == saved_at
    assert claims_titled(app, "Claim sent twice") == 1


@pytest.mark.parametrize("javascript", [True, False])
def test_a_new_row_takes_the_focus(browser, live_server, javascript):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server + "/abuses/new")
    page.get_by_role("button", name="Add another victim").click()
    expect(page.locator(":focus")).to_have_id("victims-3-name")
    page.get_by_role("button", name="Add another citation").click()
    # The source picker, or its search box where JavaScript adds one.
    expect(page.locator(":focus")).to_have_id(re.compile(r"^citations-2-source_id"))
    context.close()


def test_an_empty_sign_in_focuses_the_first_field_in_error(browser, live_server):
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    page.goto(live_server + "/sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator('[aria-invalid="true"]').first).to_be_focused()
    assert page.evaluate(FOCUSED_ID) == "username"


def test_an_urdu_source_reads_its_english_paragraph_left_to_right(page, live_server, app):
    db = archive.open_db(app.config["DATABASE"])
    body = f"{URDU}\n\n{ENGLISH}"
    source_id = archive.add_source(db, {"title": "Protest", "language": "ur", "body": body}, "t")
    db.close()
    sign_in(page, live_server)
    page.goto(f"{live_server}/sources/{source_id}")
    direction = "el => getComputedStyle(el).direction"
    assert page.locator("#source-text p", has_text=URDU).evaluate(direction) == "rtl"
    assert page.locator("#source-text p", has_text=ENGLISH).evaluate(direction) == "ltr"
    page.goto(f"{live_server}/sources/{source_id}/edit")
    box = page.get_by_label("Text of the source")
    assert box.input_value() == body
    assert box.evaluate("el => getComputedStyle(el).unicodeBidi") == "plaintext"
