"""In a real Chromium, in Urdu: the pages mirror right to left and Urdu is drawn in the Nastaliq
font the app ships, fetched from its own origin; an English page keeps its layout.

CI's machine has no Urdu font of its own (`fc-list :lang=ur` prints nothing), so Urdu drawn at
all there is drawn by the shipped font; the width checks below prove it wherever they run.
Screenshots for a person to look at go to test-artifacts/urdu-*.png.
"""

from __future__ import annotations

import re

import pytest

from .browser import SERVED, sign_in
from .conftest import ROOT, TEST_PASSWORD, ensure_user

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
FONTS = "/static/fonts/NotoNastaliqUrdu-"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")

# The shipped faces once every font the page asked for has arrived (or failed).
LOADED_FACES = """() => document.fonts.ready.then(() => Array.from(document.fonts)
  .filter(face => face.family.replace(/"/g, '') === 'Noto Nastaliq Urdu')
  .map(face => face.weight + ' ' + face.status).sort())"""

BOX = "el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }"

# The brand's rendered width beside the width of the same text measured with the shipped file
# loaded under another name, and with the browser's own sans-serif (the fallback).
BRAND_WIDTHS = """async (span, url) => {
  const style = getComputedStyle(span);
  const shipped = new FontFace('Shipped', `url(${url})`, {weight: style.fontWeight});
  document.fonts.add(await shipped.load());
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = `${style.fontWeight} ${style.fontSize} Shipped`;
  const withFont = canvas.measureText(span.textContent).width;
  canvas.font = `${style.fontWeight} ${style.fontSize} sans-serif`;
  const fallback = canvas.measureText(span.textContent).width;
  return {drawn: span.getBoundingClientRect().width, withFont, fallback};
}"""

# Every element's box, but the header's Urdu (the name and the switch), whose glyphs differ.
ENGLISH_BOXES = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => !el.closest('.brand, .language-switch'))
  .map(el => { const r = el.getBoundingClientRect();
               return [el.tagName, el.className, r.x, r.y, r.width, r.height].join(' '); })"""


@pytest.fixture
def tab_in(browser):
    """A factory: tab_in("ur", "phone") is a page whose browser asks for that language."""
    contexts = []

    def open_tab(language: str, viewport: str = "desktop"):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport],
            locale="ur-PK" if language == "ur" else "en-GB",
            extra_http_headers={"Accept-Language": language},
        )
        contexts.append(context)
        tab = context.new_page()
        tab.requested = []
        context.on("request", lambda request: tab.requested.append(request.url))
        return tab

    ARTIFACTS.mkdir(exist_ok=True)
    yield open_tab
    for context in contexts:
        context.close()


def sign_in_in_urdu(tab, base_url: str, role: str = "documenter") -> None:
    """Sign in through the form by its fields, whatever language its words are in."""
    username = ensure_user(SERVED[base_url], role)
    tab.goto(base_url + "/sign-in")
    tab.fill("#username", username)
    tab.fill("#password", TEST_PASSWORD)
    tab.locator("main form button[type=submit]").click()
    tab.wait_for_url(lambda url: "/sign-in" not in url)


def box(tab, selector: str) -> list[float]:
    return tab.locator(selector).first.evaluate(BOX)


def assert_right_to_left_in_nastaliq(tab, viewport: str, name: str) -> None:
    """The page is Urdu, mirrored, fits its width, and its Nastaliq has arrived."""
    assert tab.evaluate(LOADED_FACES) == ["400 loaded", "700 loaded"], name
    assert tab.evaluate("document.fonts.check('16px \"Noto Nastaliq Urdu\"', 'گواہی')"), name
    assert tab.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "ur",
        "rtl",
    ]
    # Nothing pushed off the page sideways (a skip link parked far "left" once widened it).
    assert tab.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    # The header's first item, the name, starts at the right edge; the switch is to its left.
    row = tab.locator(".header-row")
    right_edge = row.evaluate("el => el.getBoundingClientRect().right"
                              " - parseFloat(getComputedStyle(el).paddingRight)")  # fmt: skip
    brand = box(tab, ".brand")
    assert abs(brand[1] - right_edge) < 1, name
    assert box(tab, ".language-switch")[1] < brand[0], name
    tab.screenshot(path=str(ARTIFACTS / f"urdu-{viewport}-{name}.png"))


def assert_stayed_home(tab, base_url: str) -> None:
    """Every request went to the app's own origin, the two Nastaliq faces among them."""
    foreign = [url for url in tab.requested if not url.startswith(base_url + "/")]
    assert foreign == []
    fonts = {url.split("?")[0] for url in tab.requested if ".woff2" in url}
    assert fonts == {base_url + FONTS + "Regular.woff2", base_url + FONTS + "Bold.woff2"}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_urdu_reader_signs_in_searches_and_reads_a_history_right_to_left(
    tab_in, live_server, viewport
):
    tab = tab_in("ur", viewport)
    tab.goto(live_server + "/sign-in")
    assert_right_to_left_in_nastaliq(tab, viewport, "sign-in")
    sign_in_in_urdu(tab, live_server)
    assert_right_to_left_in_nastaliq(tab, viewport, "home")
    # The main menu reads from the right: its first item right of its second.
    links = tab.locator(".header-row .nav-list a")
    assert links.nth(0).evaluate(BOX)[0] > links.nth(1).evaluate(BOX)[1]

    tab.fill("#header-q", "Mastung")
    tab.press("#header-q", "Enter")
    tab.wait_for_url(re.compile(r"/search"))
    assert_right_to_left_in_nastaliq(tab, viewport, "search")

    tab.locator(".entry-title a[href^='/abuses/']").first.click()
    tab.wait_for_url(re.compile(r"/abuses/\d+$"))
    assert_right_to_left_in_nastaliq(tab, viewport, "entry")

    tab.locator("a[href$='/history']").first.click()
    tab.wait_for_url(re.compile(r"/history$"))
    assert_right_to_left_in_nastaliq(tab, viewport, "history")

    tab.goto(live_server + "/abuses/new")
    assert_right_to_left_in_nastaliq(tab, viewport, "new-report")
    # A form's labels start at the right, where their fields start.
    label = tab.locator("label[for='title']")
    field = tab.locator("#title")
    assert abs(label.evaluate(BOX)[1] - field.evaluate(BOX)[1]) < 1
    assert_stayed_home(tab, live_server)


def test_the_name_is_drawn_in_the_shipped_font_not_a_fallback(tab_in, live_server):
    for language in ("ur", "en"):
        tab = tab_in(language)
        tab.goto(live_server + "/sign-in")
        tab.evaluate(LOADED_FACES)
        span = tab.locator(".brand .urdu")
        assert span.text_content() == "گواہی"
        widths = span.evaluate(BRAND_WIDTHS, live_server + FONTS + "Bold.woff2")
        assert abs(widths["drawn"] - widths["withFont"]) < 0.5, (language, widths)
        assert abs(widths["drawn"] - widths["fallback"]) > 2, (language, widths)


def test_pressing_urdu_in_the_header_turns_the_same_page_right_to_left(tab_in, live_server):
    tab = tab_in("en")
    sign_in(tab, live_server)
    tab.goto(live_server + "/sources/")
    assert tab.evaluate("document.documentElement.dir") == "ltr"
    row_left = tab.locator(".header-row").evaluate(
        "el => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)"
    )
    assert abs(box(tab, ".brand")[0] - row_left) < 1  # English: the name at the left edge
    tab.locator(".language-switch button[value='ur']").click()
    tab.wait_for_function("document.documentElement.dir === 'rtl'")
    assert tab.url == live_server + "/sources/"
    assert_right_to_left_in_nastaliq(tab, "desktop", "after-switch")
    # The table's columns read from the right too.
    headings = tab.locator(".table th")
    assert headings.nth(0).evaluate(BOX)[0] >= headings.nth(1).evaluate(BOX)[1]
    assert_stayed_home(tab, live_server)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_shipped_font_moves_nothing_in_an_english_page(tab_in, live_server, viewport):
    """The English interface as before: every box but the header's Urdu is where it is when the
    font never arrives (Urdu then falls back to whatever the machine has, as it did before)."""
    boxes = []
    for blocked in (False, True):
        tab = tab_in("en", viewport)
        if blocked:
            tab.route(re.compile(r"\.woff2(\?|$)"), lambda route: route.abort())
        sign_in(tab, live_server)
        tab.goto(live_server + "/")
        faces = tab.evaluate(LOADED_FACES)
        assert faces == (["400 error", "700 error"] if blocked else ["400 loaded", "700 loaded"])
        boxes.append(tab.evaluate(ENGLISH_BOXES))
        if not blocked:
            tab.screenshot(path=str(ARTIFACTS / f"english-{viewport}-home.png"))
    assert len(boxes[0]) > 50
    assert [a for a, b in zip(*boxes, strict=True) if a != b] == []


def test_a_charts_drawing_keeps_its_labels_inside_it_in_urdu(tab_in, live_server):
    tab = tab_in("ur", "phone")
    sign_in_in_urdu(tab, live_server)
    tab.goto(live_server + "/search/charts?q=Mastung")
    assert tab.evaluate("document.documentElement.dir") == "rtl"
    # The page mirrors around the drawing; the drawing's own labels stay where it placed them,
    # anchored for left-to-right text (mirrored, they ran off its left edge).
    texts = tab.locator(".chart-drawing svg text")
    assert texts.count() > 3
    assert set(texts.evaluate_all("all => all.map(t => getComputedStyle(t).direction)")) == {"ltr"}
    cut_off = texts.evaluate_all("""all => all.filter(text =>
      text.getBoundingClientRect().left < text.closest('svg').getBoundingClientRect().left - 1)
      .map(text => text.textContent)""")
    assert cut_off == []
    tab.screenshot(path=str(ARTIFACTS / "urdu-phone-charts.png"), full_page=True)


def test_an_urdu_documenter_saves_an_abuse_report_and_reads_its_history(tab_in, live_server):
    tab = tab_in("ur", "phone")
    sign_in_in_urdu(tab, live_server)
    tab.goto(live_server + "/sources/")
    source = tab.locator("main a[href^='/sources/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).find(h => /^\\/sources\\/\\d+$/.test(h))"
    )
    tab.goto(f"{live_server}/abuses/new?source_id={source.rsplit('/', 1)[1]}")
    assert_right_to_left_in_nastaliq(tab, "phone", "document")
    tab.locator("#abuse_type").select_option(index=1)
    tab.fill("#title", "Student taken from a hostel in Turbat")
    tab.fill("#date_start", "2025-09-03")
    tab.locator("#district").select_option("Kech")
    tab.fill("#citations-0-passage", "A student was taken from his hostel in Turbat.")
    tab.locator("main form p.actions button[name=save]").click()
    tab.wait_for_url(re.compile(r"/abuses/\d+$"))
    assert tab.locator("p.flash").count() == 1
    assert ARABIC_SCRIPT.search(tab.locator("p.flash").inner_text())
    assert tab.locator("h1").inner_text().strip() == "Student taken from a hostel in Turbat"
    assert_right_to_left_in_nastaliq(tab, "phone", "saved-report")
    tab.locator("a[href$='/history']").first.click()
    assert ARABIC_SCRIPT.search(tab.locator("h1").inner_text())
    assert "Student taken from a hostel in Turbat" in tab.locator("main").inner_text()
    assert_right_to_left_in_nastaliq(tab, "phone", "saved-history")
    assert_stayed_home(tab, live_server)
