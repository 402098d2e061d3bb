"""In a real Chromium: a documentation officer turns the seed article of 2025-09-07 into a source
and two cited entries, one in each category, and corrects one of them."""

from __future__ import annotations

import hashlib
import os
import re

import pytest

from .browser import serve, sign_in
from .conftest import SEED_2025_09_07

pytestmark = pytest.mark.browser

CLAIM_PASSAGE = (
    "the Balochistan Liberation Front (BLF) claimed its fighters clashed with security forces in "
    "Mastung district on the night of 3 September"
)
ABUSE_PASSAGE = (
    "The BLF further accused Pakistani forces of shelling civilian areas following the clash, "
    "which it said injured a guard at a health facility in Mastung's Umar Dor area."
)
SELECT_PASSAGE = """(passage) => {
  const text = [...document.querySelectorAll('#source-text p')]
    .find((p) => p.textContent.includes(passage)).firstChild;
  const start = text.textContent.indexOf(passage);
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + passage.length);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


@pytest.fixture
def seed_text() -> str:
    """The seed article; skipped locally without ../shared, a failure in CI."""
    if not SEED_2025_09_07.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the seed article at {SEED_2025_09_07}")
        pytest.skip(f"the seed article is not at {SEED_2025_09_07} (../shared is missing)")
    return SEED_2025_09_07.read_text(encoding="utf-8")


@pytest.fixture
def empty_server(empty_app):
    """The app without demo content, served over HTTP; yields the base URL."""
    with serve(empty_app) as base_url:
        yield base_url


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_officer_documents_the_seed_article_as_a_claim_and_an_abuse_report(
    tab, empty_server, seed_text
):
    from playwright.sync_api import expect

    page = tab
    sign_in(page, empty_server, "documenter")
    page.goto(empty_server + "/sources/new")
    page.get_by_label("Title", exact=True).fill(
        "Baloch separatist factions claim coordinated attacks across Balochistan"
    )
    page.get_by_label("Outlet or publisher").fill("ANI, relaying The Balochistan Post")
    page.get_by_label("Publication date").fill("2025-09-07")
    page.get_by_label("Text of the source").fill(seed_text)
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator("main")).to_contain_text("Source saved")
    sha256 = hashlib.sha256(seed_text.strip().encode("utf-8")).hexdigest()
    expect(page.locator("main")).to_contain_text(sha256)
    source_url = page.url

    # The BLF claim: select the passage in the source's text, and it is quoted in the form.
    page.evaluate(SELECT_PASSAGE, CLAIM_PASSAGE)
    claim_link = page.get_by_role("link", name="Add an attack claim from this source")
    expect(claim_link).to_have_attribute("href", re.compile("passage="))
    claim_link.click()
    expect(page.locator("#citations-0-passage")).to_have_value(CLAIM_PASSAGE)
    expect(page.locator("#citations-0-source_id option:checked")).to_contain_text("ANI")
    page.get_by_label("Group making the claim").fill("Balochistan Liberation Front")
    page.get_by_label("Type of attack claimed").select_option(label="Clash with security forces")
    page.get_by_label("Title", exact=True).fill(
        "BLF claims clash with security forces near Khadkucha"
    )
    page.locator("#date_start").fill("2025-09-03")
    page.get_by_label("District").select_option("Mastung")
    page.get_by_label("Place", exact=True).fill("Khadkucha, Quetta-Karachi highway")
    page.locator("#citations-0-attributed_to").fill("BLF, via The Balochistan Post")
    page.get_by_role("button", name="Add another citation").click()
    expect(page.locator("#citations-2-passage")).to_be_visible()  # added in place, no reload
    page.get_by_role("button", name="Save the attack claim").click()
    expect(page.locator("main")).to_contain_text("Attack claim saved.")
    expect(page.locator("main")).to_contain_text("Claimed by Balochistan Liberation Front (BLF)")

    # The Umar Dor allegation: from the source page, typing the passage this time.
    page.goto(source_url)
    page.get_by_role("link", name="Add an abuse report from this source").click()
    page.get_by_label("Type of abuse").select_option(label="Indiscriminate attack on civilians")
    page.get_by_label("Title", exact=True).fill("Shelling of civilian areas in Umar Dor")
    page.locator("#date_start").fill("2025-09-03")
    page.get_by_label("District").select_option("Mastung")
    page.get_by_label("Place", exact=True).fill("Umar Dor")
    page.get_by_label("Alleged perpetrator").fill("Pakistani forces")
    page.locator("#figures-0-kind").select_option(label="Injured")
    page.locator("#figures-0-qualifier").select_option(label="Exactly")
    page.locator("#figures-0-count").fill("1")
    page.locator("#figures-0-given_by").select_option(label="Claimed by the group")
    page.get_by_role("button", name="Add another figure").click()
    expect(page.locator("#figures-2-kind")).to_be_focused()  # added in place, left empty
    page.locator("#citations-0-passage").fill(ABUSE_PASSAGE)
    page.locator("#citations-0-attributed_to").fill("BLF, via The Balochistan Post")
    page.get_by_role("button", name="Save the abuse report").click()
    expect(page.locator("main")).to_contain_text("Abuse report saved.")
    expect(page.locator("main")).to_contain_text("1 injured (claimed by the group)")

    # A correction, with its reason, kept in the history.
    page.get_by_role("link", name="Correct this entry").click()
    page.get_by_label("Place", exact=True).fill("Umar Dor, near a health facility")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("#reason-error")).to_contain_text("Say why you are making this change.")
    expect(page.get_by_label("Place", exact=True)).to_have_value("Umar Dor, near a health facility")
    page.get_by_label("Reason for this change").fill("The statement names a health facility")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("main")).to_contain_text("Correction saved.")
    page.get_by_role("link", name="History of changes").click()
    expect(page.locator("main")).to_contain_text("The statement names a health facility")

    # Both on the source page, each in its own category with its citation.
    page.goto(source_url)
    claims = page.locator('[data-testid="cited-claim"]')
    abuses = page.locator('[data-testid="cited-abuse"]')
    expect(claims).to_contain_text("Khadkucha")
    expect(claims).to_contain_text(CLAIM_PASSAGE)
    expect(claims).not_to_contain_text("Umar Dor")
    expect(abuses).to_contain_text("Shelling of civilian areas in Umar Dor")
    expect(abuses).to_contain_text("Umar Dor, near a health facility")
    expect(abuses).to_contain_text(ABUSE_PASSAGE)
    expect(abuses).not_to_contain_text("Khadkucha")
    page.screenshot(path="test-artifacts/documented-source.png", full_page=True)


def test_forms_work_without_javascript(browser, empty_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, empty_server, "documenter")
    page.goto(empty_server + "/sources/new")
    page.get_by_label("Title", exact=True).fill("Seed article")
    page.get_by_label("Text of the source").fill("The BLF said it blocked the highway.")
    page.get_by_role("button", name="Save the source").click()
    page.get_by_role("link", name="Add an attack claim from this source").click()
    page.get_by_role("button", name="Add another citation").click()
    assert page.locator("#citations-2-passage").count() == 1
    assert (
        page.locator("#citations-0-source_id option:checked").inner_text().endswith("Seed article")
    )
    page.get_by_role("button", name="Save the attack claim").click()
    assert "Name the group that made the claim." in page.locator("#group_code-error").inner_text()
    context.close()
