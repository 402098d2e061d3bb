"""In a real Chromium: a documenter uploads a web page, then finds it by its words on the
search page's Sources tab, among the sources no entry cites yet."""

from __future__ import annotations

import pytest

from .browser import sign_in
from .test_source_text import ARTICLE, PAGE

pytestmark = pytest.mark.browser


def test_an_uploaded_page_is_found_on_the_sources_tab(page, live_server, tmp_path):
    sign_in(page, live_server, role="documenter")
    page.goto(live_server + "/sources/new")
    page.get_by_label("Title").fill("Three men taken from Turbat")
    upload = tmp_path / "statement.html"
    upload.write_bytes(PAGE)
    page.get_by_label("Or upload a file").set_input_files(str(upload))
    page.get_by_role("button", name="Save the source").click()
    page.wait_for_url("**/sources/*")
    assert ARTICLE[1] in page.locator("#source-text").inner_text()

    page.goto(live_server + "/search?q=plainclothes")
    assert page.locator('[data-testid="search-count-abuse"]').inner_text() == "0"
    assert page.locator('[data-testid="search-count-source"]').inner_text() == "1"
    page.get_by_test_id("tab-sources").click()
    page.get_by_label("Only sources not yet cited by any entry").check()
    page.get_by_role("search", name="Search the archive").get_by_role("button").click()
    page.wait_for_url("**uncited=y**")
    result = page.get_by_test_id("result-source")
    assert result.locator("mark").inner_text() == "plainclothes"
    assert "Three men taken from Turbat" in result.inner_text()
    page.screenshot(path="test-artifacts/search-sources.png", full_page=True)
