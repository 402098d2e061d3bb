"""In a real Chromium: a documentation officer records the Jaffar Express hijacking of March 2025
as the BLA's attack claim and as an abuse report, from one source, with their figures as the
report gives them, and links the two as the same event; a reader finds both, reads the figures,
and goes from one to the other by the link."""

from __future__ import annotations

import re

import pytest

from .browser import serve, sign_in

pytestmark = pytest.mark.browser

# A short report written for this test from the widely reported facts.
REPORT = """Jaffar Express hijacked in Bolan; hostages held for more than a day

QUETTA, 12 March 2025 - Armed men stopped the Jaffar Express, travelling from Quetta to \
Peshawar with more than 400 passengers, near a tunnel in the Bolan Pass, between Mach and Sibi, \
on 11 March and held its passengers hostage.

The Baloch Liberation Army (BLA) claimed the hijacking in a statement sent to the media, saying \
its fighters had taken the train and held the passengers, and demanded the release of Baloch \
prisoners.

Military officials said on 12 March that the operation to free the train had ended, that 26 \
hostages had been killed, most of them soldiers and police officers travelling on the train, \
and that all 33 attackers had been killed. Passengers who escaped said the gunmen checked \
identity cards and separated those they took to be security personnel."""
CLAIM_PASSAGE = (
    "The Baloch Liberation Army (BLA) claimed the hijacking in a statement sent to the media"
)
ABUSE_PASSAGE = "26 hostages had been killed, most of them soldiers and police officers"
CLAIM_TITLE = "BLA claims the hijacking of the Jaffar Express in the Bolan Pass"
ABUSE_TITLE = "Jaffar Express passengers held hostage; 26 hostages killed"


@pytest.fixture
def empty_server(empty_app):
    """The app without demo content, served over HTTP; yields the base URL."""
    with serve(empty_app) as base_url:
        yield base_url


def record_source(page, base_url: str) -> str:
    """Add the report as a source; returns the source page's URL."""
    from playwright.sync_api import expect

    page.goto(base_url + "/sources/new")
    page.get_by_label("Title", exact=True).fill("Jaffar Express hijacked in Bolan")
    page.get_by_label("Outlet or publisher").fill("Test wire report")
    page.get_by_label("Publication date").fill("2025-03-12")
    page.get_by_label("Text of the source").fill(REPORT)
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator("main")).to_contain_text("Source saved")
    return page.url


def fill_figure(page, row: int, kind: str, qualifier: str, count: str, given_by: str) -> None:
    """One row of the figures table, chosen by the labels a documenter reads."""
    page.locator(f"#figures-{row}-kind").select_option(label=kind)
    page.locator(f"#figures-{row}-qualifier").select_option(label=qualifier)
    page.locator(f"#figures-{row}-count").fill(count)
    page.locator(f"#figures-{row}-given_by").select_option(label=given_by)


def record_claim(page, source_url: str) -> str:
    """The BLA's claim, from the source page; returns the claim's URL."""
    from playwright.sync_api import expect

    page.goto(source_url)
    page.get_by_role("link", name="Add an attack claim from this source").click()
    page.get_by_label("Group making the claim").fill("BLA")
    page.get_by_label("Type of attack claimed").select_option(label="Ambush or armed attack")
    page.get_by_label("Title", exact=True).fill(CLAIM_TITLE)
    page.locator("#date_start").fill("2025-03-11")
    page.get_by_label("District").select_option("Kachhi")
    page.get_by_label("Place", exact=True).fill("Bolan Pass, near Sibi")
    page.get_by_label("Targets, as claimed").fill("The Jaffar Express and its passengers")
    # "more than 400 passengers", held by the group: the report's words, not an exact count.
    fill_figure(page, 0, "Taken hostage", "At least, more than", "400", "Media")
    page.locator("#citations-0-passage").fill(CLAIM_PASSAGE)
    page.locator("#citations-0-attributed_to").fill("BLA statement to the media")
    page.get_by_role("button", name="Save the attack claim").click()
    expect(page.locator("main")).to_contain_text("Attack claim saved.")
    return page.url


def record_abuse(page, source_url: str) -> str:
    """The hostage-taking and killings, from the source page; returns the report's URL."""
    from playwright.sync_api import expect

    page.goto(source_url)
    page.get_by_role("link", name="Add an abuse report from this source").click()
    # There is no 'hostage-taking' type among the seeded ones: 'Other', with tags.
    page.get_by_label("Type of abuse").select_option(label="Other")
    page.get_by_label("Title", exact=True).fill(ABUSE_TITLE)
    page.locator("#date_start").fill("2025-03-11")
    page.get_by_label("District").select_option("Kachhi")
    page.get_by_label("Place", exact=True).fill("Bolan Pass, near Sibi")
    page.get_by_label("Alleged perpetrator").fill("BLA gunmen who hijacked the train")
    page.get_by_label("Which actor, if on the list").select_option("BLA")
    fill_figure(page, 0, "Killed", "Exactly", "26", "Officials")
    page.get_by_label("Tags").fill("hostage-taking, killing of hostages, train")
    page.locator("#citations-0-passage").fill(ABUSE_PASSAGE)
    page.locator("#citations-0-attributed_to").fill("Military officials")
    page.get_by_role("button", name="Save the abuse report").click()
    expect(page.locator("main")).to_contain_text("Abuse report saved.")
    return page.url


def search(page, text: str) -> None:
    page.get_by_label("Search", exact=True).first.fill(text)
    page.get_by_label("Search", exact=True).first.press("Enter")
    page.wait_for_url("**/search?q=*")


def test_officer_links_a_claim_and_an_abuse_report_and_a_reader_follows_it(browser, empty_server):
    from playwright.sync_api import expect

    officer = browser.new_context()
    page = officer.new_page()
    sign_in(page, empty_server, "documenter")
    source_url = record_source(page, empty_server)
    claim_url = record_claim(page, source_url)
    abuse_url = record_abuse(page, source_url)
    claim_number = re.search(r"/claims/(\d+)", claim_url).group(1)

    # A slip first: a number that is no attack claim is refused, saying so.
    page.get_by_label("This entry is").select_option(label="The same event as")
    page.get_by_label("Category of the other entry").select_option(label="Attack claim")
    page.get_by_label("Number of the other entry").fill("99")
    page.get_by_role("button", name="Link the entries").click()
    expect(page.locator("#other_id-error")).to_have_text("There is no attack claim number 99.")
    page.get_by_label("Number of the other entry").fill(claim_number)
    page.get_by_role("button", name="Link the entries").click()
    expect(page.locator("main")).to_contain_text("Link saved.")
    linked = page.locator('[data-testid="entry-link"]')
    expect(linked).to_have_text(re.compile(rf"Same event as:\s+attack claim\s+“{CLAIM_TITLE}”"))
    page.screenshot(path="test-artifacts/linked-entries.png", full_page=True)
    officer.close()

    visitor = browser.new_context()
    page = visitor.new_page()
    sign_in(page, empty_server, "reader")
    for text in ("Jaffar Express", "Baloch Liberation Army"):
        search(page, text)
        expect(page.locator('[data-testid="results-abuse"]')).to_contain_text(ABUSE_TITLE)
        expect(page.locator('[data-testid="results-claim"]')).to_contain_text(CLAIM_TITLE)

    page.locator('[data-testid="results-abuse"]').get_by_role("link", name=ABUSE_TITLE).click()
    assert page.url == abuse_url
    expect(page.locator("main")).to_contain_text("26 killed (official)")
    expect(page.get_by_text("Link to another entry")).to_have_count(0)  # a reader adds none
    page.locator('[data-testid="entry-link"]').get_by_role("link", name=CLAIM_TITLE).click()
    assert page.url == claim_url
    expect(page.locator("h1")).to_have_text(CLAIM_TITLE)
    expect(page.locator("main")).to_contain_text("at least 400 hostages (media)")
    back = page.locator('[data-testid="entry-link"]')
    expect(back).to_have_text(re.compile(rf"Same event as:\s+abuse report\s+“{ABUSE_TITLE}”"))
    back.get_by_role("link", name=ABUSE_TITLE).click()
    assert page.url == abuse_url
    visitor.close()
