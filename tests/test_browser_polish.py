"""In a real Chromium: the pages read well on a phone, by keyboard and in Urdu."""

from __future__ import annotations

import itertools

import pytest

from .browser import sign_in

pytestmark = pytest.mark.browser

URDU = "لاپتہ افراد کے اہل خانہ نے احتجاج کیا"

# Every form control that is not hidden or a button, with no label, aria-label or aria-labelledby.
UNLABELLED = """() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""

HEADING_LEVELS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .map(h => Number(h.tagName[1]))"""


def entry_path(app_db, table: str, title_start: str) -> str:
    """The page of the demo entry whose title starts with `title_start`."""
    key, prefix = (
        ("report_id", "/abuses/") if table == "abuse_reports" else ("claim_id", "/claims/")
    )
    row = next(app_db[table].rows_where("title LIKE ?", [title_start + "%"]))
    return f"{prefix}{row[key]}"


@pytest.fixture
def phone(browser, live_server):
    """A page 375 pixels wide, as on a small phone, signed in as an administrator."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    tab = context.new_page()
    sign_in(tab, live_server, role="admin")
    yield tab
    context.close()


def test_pages_fit_a_phone_without_sideways_scrolling(phone, live_server, app_db):
    umar_dor = entry_path(app_db, "abuse_reports", "Shelling of civilian areas in Umar Dor")
    paths = [
        "/",
        umar_dor,
        entry_path(app_db, "attack_claims", "BLF claims clash"),
        umar_dor + "/history",
        "/sources/",
        "/abuses/new",
        "/sources/new",
        "/admin/users",
        "/admin/audit",
    ]
    for path in paths:
        phone.goto(live_server + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
    phone.goto(live_server + "/claims/new")
    phone.get_by_role("button", name="Save the attack claim").click()
    assert phone.locator(".error-summary").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_every_form_control_has_a_label(page, live_server, app_db):
    page.goto(live_server + "/sign-in")
    assert page.evaluate(UNLABELLED) == []
    sign_in(page, live_server, role="admin")
    claim = entry_path(app_db, "attack_claims", "BLF claims clash")
    for path in ["/abuses/", "/abuses/new", "/claims/new", claim + "/edit", claim + "/retract",
                 "/sources/new", "/admin/users", "/admin/audit", "/account/password"]:  # fmt: skip
        page.goto(live_server + path)
        assert page.evaluate(UNLABELLED) == [], path


def test_headings_go_down_one_level_at_a_time(page, live_server, app_db):
    sign_in(page, live_server, role="reader")
    source = next(app_db["sources"].rows)["source_id"]
    for path in ["/", "/abuses/", "/claims/", f"/sources/{source}",
                 entry_path(app_db, "abuse_reports", "Shelling of civilian areas")]:  # fmt: skip
        page.goto(live_server + path)
        levels = page.evaluate(HEADING_LEVELS)
        assert levels[0] == 1 and levels.count(1) == 1, path
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert skips == [], path


def test_skip_link_shows_on_tab_and_moves_focus_to_the_content(page, live_server):
    sign_in(page, live_server, role="reader")
    page.goto(live_server + "/abuses/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # on screen, not parked off to the left
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the content, not back in the header
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_keyboard_focus_is_always_visible(page, live_server):
    sign_in(page, live_server, role="admin")
    page.goto(live_server + "/")
    seen = set()
    for _ in range(25):
        page.keyboard.press("Tab")
        tag, text, outline, width = page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
                       return [el.tagName, el.textContent.trim().slice(0, 40),
                               s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
        assert outline != "none" and width >= 2, (tag, text)
        seen.add(tag)
    assert {"A", "INPUT", "BUTTON"} <= seen


def test_error_summary_lists_each_problem_in_page_order_with_a_link(page, live_server):
    sign_in(page, live_server, role="documenter")
    page.goto(live_server + "/claims/new")
    page.get_by_label("Title", exact=True).fill("A claim without a group")
    page.get_by_role("button", name="Save the attack claim").click()
    summary = page.locator(".error-summary")
    assert summary.evaluate("el => el === document.activeElement")
    links = summary.locator("a")
    texts = links.all_inner_texts()
    assert texts[0].startswith("Group making the claim:")
    assert not any(text.startswith("Title") for text in texts)  # what was typed is fine
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(href).count() == 1, href
    assert page.get_by_label("Title", exact=True).input_value() == "A claim without a group"


def test_an_urdu_paragraph_reads_right_to_left(page, live_server, app_db):
    sign_in(page, live_server, role="documenter")
    path = entry_path(app_db, "abuse_reports", "Abductions and killings")
    page.goto(live_server + path + "/edit")
    narrative = page.get_by_label("Narrative")
    narrative.fill(narrative.input_value() + "\n\n" + URDU)
    page.get_by_label("Reason for this change").fill("The families' statement, in Urdu")
    page.get_by_role("button", name="Save the correction").click()
    page.wait_for_url(live_server + path)
    urdu = page.locator(".narrative p", has_text=URDU)
    english = page.locator(".narrative p").first
    assert urdu.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"
    row = next(app_db["abuse_reports"].rows_where("title LIKE ?", ["Abductions and killings%"]))
    assert row["narrative"].endswith(URDU)
