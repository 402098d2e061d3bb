"""In a real Chromium, on the real server: a reader searches, opens the charts, clicks a
district on the map and lands on the search narrowed to it; the PNG and CSV downloads open; no
request leaves the server's origin."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

import archive

from .browser import SERVED, sign_in

pytestmark = pytest.mark.browser


def _add_disappearances(app) -> None:
    """Reports of disappearances in Kech (one dated only to its month) and in Awaran."""
    db = archive.open_db(app.config["DATABASE"])
    source_id = archive.add_source(
        db, {"title": "HRCP fact-finding", "outlet": "HRCP", "body": "Text."}, "tester"
    )
    for title, district, precision, start in (
        ("Student taken from a bus in Turbat", "Kech", "day", "2025-04-02"),
        ("Shopkeeper disappeared in Tump", "Kech", "month", "2025-05"),
        ("Two brothers taken in Mand", "Kech", "day", "2025-06-20"),
        ("Teacher taken from Awaran bazaar", "Awaran", "day", "2025-05-11"),
    ):
        record = {
            "title": title, "abuse_type": "enforced_disappearance",
            "narrative": f"An enforced disappearance: {title.lower()}.",
            "date_precision": precision, "date_start": start, "district": district,
            "status": "alleged",
        }  # fmt: skip
        archive.add_entry(db, "abuse", record, [{"source_id": source_id, "passage": "p"}], "t")
    db.close()


def test_a_reader_charts_a_search_and_clicks_kech_on_the_map(page, live_server):
    _add_disappearances(SERVED[live_server])
    origin = urlparse(live_server).netloc
    elsewhere: list[str] = []

    def note(request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != origin:
            elsewhere.append(request.url)

    page.on("request", note)
    sign_in(page, live_server, role="reader")
    page.get_by_label("Search", exact=True).first.fill("disappearance")
    page.get_by_label("Search", exact=True).first.press("Enter")
    page.wait_for_url("**/search?q=*")
    page.get_by_test_id("charts-link").click()
    page.wait_for_url("**/search/charts?*")
    count = int(page.get_by_test_id("charts-count-abuse").inner_text())
    assert count >= 4
    assert page.locator("#svg-abuse-timeline rect").count() > 3  # the timeline is drawn
    kech = page.locator("#svg-abuse-map a[aria-label^='Kech:']")
    expected = int(re.search(r"Kech: (\d+)", kech.get_attribute("aria-label")).group(1))
    assert expected == 3
    page.screenshot(path="test-artifacts/charts-disappearance.png", full_page=True)

    with page.expect_download() as png:
        page.locator("#chart-abuse-district button[data-png]").click()
    picture = png.value
    assert picture.suggested_filename == "gawahi-abuse-district.png"
    assert Path(picture.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    with page.expect_download() as table:
        page.locator("#chart-abuse-district").get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(table.value.path()).read_text(encoding="utf-8"))))
    assert ["Kech", "3"] in rows

    kech.click()
    page.wait_for_url("**/search?*district=Kech*")
    assert page.get_by_test_id("search-count-abuse").inner_text() == str(expected)
    assert "Two brothers taken in Mand" in page.get_by_test_id("results-abuse").inner_text()
    assert elsewhere == []


def test_the_summary_prints_without_the_page_chrome(page, live_server):
    _add_disappearances(SERVED[live_server])
    sign_in(page, live_server, role="reader")
    page.goto(live_server + "/search/summary?q=disappearance")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("#svg-abuse-timeline").is_visible()
    entries = page.get_by_test_id("summary-entries-abuse")
    assert entries.get_by_text("HRCP fact-finding").count() == 4  # each entry with its source
    page.pdf(path="test-artifacts/summary-disappearance.pdf")
