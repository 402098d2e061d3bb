"""Search, its charts and its printable summary in Urdu: no interface word left in English (the
SVG drawings included), the English pages unchanged, numbers and month names from Babel for the
page's language, and the JSON twins' numbers raw."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from lxml import html as lxml_html

import archive
from archive import patterns
from tests.conftest import signed_in_client
from tests.i18n_check import english_left
from tests.indexing import add_abuse
from views import charts_svg
from views.pattern_data import Bar, Chart, total_text

URDU = {"Accept-Language": "ur"}
ENGLISH = {"Accept-Language": "en"}


def main_part(page: str) -> str:
    """The page's <main> as a document in the page's language: the header and footer belong to
    base.html and the account bar (tests/test_i18n.py). The pagination comes from _entries.html
    (the entries' pages and their test)."""
    root = lxml_html.document_fromstring(page)
    main = root.xpath("//main")[0]
    for pagination in main.xpath(".//nav[@class='pagination']"):
        pagination.drop_tree()
    main.set("lang", root.get("lang"))
    return lxml_html.tostring(main, encoding="unicode")


def in_urdu(reader, url: str, status: int = 200) -> str:
    response = reader.get(url, headers=URDU)
    assert response.status_code == status
    return response.get_data(as_text=True)


def in_english(reader, url: str, status: int = 200) -> str:
    response = reader.get(url, headers=ENGLISH)
    assert response.status_code == status
    return response.get_data(as_text=True)


@pytest.fixture
def reader(app, app_db):
    """A reader, on the demo content plus entries that need every note the charts can write:
    one dated only to a year (looser than a month's bar), one undated, one whose figure gives
    no number, and enough for a second page of results."""
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    add_abuse(app_db, source_id, "Loose zarkhan", date_precision="year", date_start="2024")
    add_abuse(app_db, source_id, "Undated zarkhan", date_precision="unknown", date_start=None)
    archive.add_entry(
        app_db, "abuse",
        {"title": "Unnumbered zarkhan", "abuse_type": "torture", "narrative": "n",
         "date_precision": "day", "date_start": "2024-03-02", "district": "Kech",
         "status": "alleged"},
        [{"source_id": source_id, "passage": "p"}], "tester",
        figures=[{"kind": "killed", "count": None, "qualifier": "unknown", "given_by": "media"}],
    )  # fmt: skip
    for number in range(21):
        add_abuse(app_db, source_id, f"Raid {number} zarkhan", district="Kech")
    return signed_in_client(app, "reader")


# (url, status, English words the English page shows)
PAGES = [
    ("/search?q=Mastung", 200, ["Narrow the search", "Claimed by", "How to search"]),
    ("/search?q=Mastung&category=claim&group=BLF&sort=oldest", 200, ["Narrowed to:"]),
    ("/search?q=Mastung&category=source", 200, ["The documents entries cite"]),
    ("/search?q=Mastung&category=source&uncited=y", 200, ["not yet cited by any entry"]),
    ("/search?q=zarkhan&category=abuse&page=2", 200, ["Abuse reports"]),
    ("/search?q=zarkhan", 200, ["All 24 abuse reports"]),
    ("/search?q=zzqqxx", 200, ["No abuse reports match.", "No attack claims match."]),
    ("/search?q=Mastng", 200, ["Did you mean"]),
    ('/search?q="open', 400, ["A quotation mark is not closed"]),
    ("/search?q=colour:red", 400, ["There is no field called 'colour'"]),
    ("/search?q=district:", 400, ["Say what to look for after"]),
    ("/search?q=(Kech", 400, ["A bracket '(' is not closed."]),
    ("/search?date_from=2025-02-01&date_to=2025-01-01", 400, ["The end date is before"]),
    ("/search?year=abc", 400, ["Give the year as four digits"]),
    ("/search/charts?q=Mastung", 200, ["By month", "dated to the day", "Entries per district:"]),
    ("/search/charts?q=zarkhan", 200, ["more loosely than one month", "with no date",
                                       "gave no number of killed (media)"]),
    ("/search/charts?q=zzqqxx", 200, ["nothing to chart"]),
    ('/search/charts?q="open', 400, ["This search could not be run"]),
    ("/search/summary?q=Mastung", 200, ["Summary of a search", "a group's figures"]),
    ("/search/summary?q=zarkhan&status=alleged", 200, ["Made on", "Status"]),
    ('/search/summary?q="open', 400, ["This search could not be run"]),
]  # fmt: skip


@pytest.mark.parametrize(("url", "status", "english"), PAGES)
def test_search_pages_are_all_urdu_in_urdu_and_unchanged_in_english(reader, url, status, english):
    assert english_left(main_part(in_urdu(reader, url, status))) == []
    shown = lxml_html.document_fromstring(in_english(reader, url, status)).text_content()
    for words in english:
        assert words in shown


def test_the_page_titles_are_urdu_around_the_words_searched(reader):
    for url, title in [("/search?q=Kech", "تلاش: Kech"), ("/search/charts?q=Kech", "چارٹ: Kech"),
                       ("/search/summary", "خلاصہ")]:  # fmt: skip
        root = lxml_html.document_fromstring(in_urdu(reader, url))
        assert root.findtext(".//title").startswith(title)


def test_a_malformed_query_is_explained_in_urdu_with_what_was_typed_as_typed(reader):
    root = lxml_html.document_fromstring(in_urdu(reader, "/search?q=colour:red", 400))
    error = root.xpath("//p[@id='error-q']")[0]
    assert "نام کا کوئی خانہ نہیں" in error.text_content()
    assert next(typed.text for typed in error.xpath("span[@dir='ltr']")) == "colour"
    reasons = reader.get("/search?q=colour:red&format=json", headers=URDU).json["reasons"]["q"]
    assert "<code>" not in reasons[0] and "colour" in reasons[0], "JSON reasons are plain text"


def test_the_search_help_says_the_query_syntax_in_urdu(reader):
    help_box = lxml_html.document_fromstring(in_urdu(reader, "/search")).xpath(
        "//details[@data-testid='search-help']"
    )[0]
    assert help_box.findtext("summary") == "تلاش کیسے کریں"
    assert "district:Kech" in [code.text for code in help_box.iter("code")]


def test_the_charts_svg_says_its_legends_in_urdu_and_names_places_as_typed(reader):
    page = in_urdu(reader, "/search/charts?q=Mastung")
    root = lxml_html.document_fromstring(page)
    svg = root.xpath("//svg[@id='svg-abuse-timeline']")[0]
    texts = [text.text for text in svg.iter("text")]
    assert "دن تک معلوم تاریخ" in texts and "ستمبر 2025" in texts
    district = root.xpath("//svg[@id='svg-abuse-map']//a[@translate='no']")[0]
    assert district.get("aria-label") == "Mastung: 1", "a district's name is content"


def test_a_downloaded_svg_and_csv_follow_the_readers_language(reader):
    svg = reader.get("/search/charts/abuse-timeline.svg?q=Mastung", headers=URDU)
    assert "زیادتیوں کی رپورٹیں: مہینے کے لحاظ سے" in svg.get_data(as_text=True)
    csv = reader.get("/search/charts/abuse-district.csv?q=Mastung", headers=URDU)
    assert csv.get_data(as_text=True).splitlines()[0] == "ضلع,اندراجات"
    english = reader.get("/search/charts/abuse-district.csv?q=Mastung", headers=ENGLISH)
    assert english.get_data(as_text=True).splitlines()[0] == "District,Entries"


def test_timeline_months_are_named_in_the_readers_language_and_json_keeps_raw_keys(reader):
    def timeline(headers):
        data = reader.get("/search/charts?q=zarkhan&format=json", headers=headers).json
        return data["categories"]["abuse"]["charts"][0]

    urdu, english = timeline(URDU), timeline(ENGLISH)
    march = next(bar for bar in english["bars"] if bar["value"] == "2024-03")
    assert march["label"] == "Mar 2024"
    assert next(b for b in urdu["bars"] if b["value"] == "2024-03")["label"] == "مارچ 2024"
    assert [b["count"] for b in urdu["bars"]] == [b["count"] for b in english["bars"]]
    assert all(isinstance(b["count"], int) for b in urdu["bars"])


def _figures_entry(db, count: int) -> None:
    source_id = archive.list_sources(db)[0][0]["source_id"]
    archive.add_entry(
        db, "abuse",
        {"title": "Big zelmor", "abuse_type": "other", "narrative": "n", "date_precision": "day",
         "date_start": "2024-05-01", "district": "Kech", "status": "alleged"},
        [{"source_id": source_id, "passage": "p"}], "tester",
        figures=[{"kind": "killed", "count": count, "qualifier": "at_least",
                  "given_by": "official"}],
    )  # fmt: skip


def test_chart_numbers_are_formatted_for_the_locale_and_the_json_twin_keeps_them_raw(app, app_db):
    _figures_entry(app_db, 12345)
    reader = signed_in_client(app, "reader")
    page = in_urdu(reader, "/search/charts?q=zelmor")
    assert "کم از کم 12,345 ہلاک (سرکاری)" in page
    data = reader.get("/search/charts?q=zelmor&format=json", headers=URDU).json
    figures = data["categories"]["abuse"]["charts"][-1]["bars"][0]
    assert figures["count"] == 12345 and data["counts"]["abuse"] == 1


def test_a_drawing_writes_its_numbers_as_the_locale_does(app):
    chart = Chart("abuse-district", "abuse", "By district", "bars", [Bar("Kech", "Kech", 12345)])
    with app.test_request_context():
        with force_locale("de"):
            assert ">12.345<" in str(charts_svg.draw(chart, "t"))
        with force_locale("en"):
            assert ">12,345<" in str(charts_svg.draw(chart, "t"))


@pytest.mark.parametrize(
    ("figures", "qualifier"),
    [([{"count": 100, "qualifier": "exact"}], "exact"),
     ([{"count": 10, "qualifier": "at_least"}], "at_least"),
     ([{"count": 40, "qualifier": "approximately"}], "approximately"),
     ([{"count": 1, "qualifier": "exact", "kind": "hostages"}], "exact"),
     ([{"count": None, "qualifier": "unknown", "kind": "hostages"}], "unknown"),
     ([{"count": None, "qualifier": "unknown"}], "unknown")],
)  # fmt: skip
def test_a_total_in_words_reads_in_english_as_the_archive_says_it(app, db, source_id, figures,
                                                                   qualifier):  # fmt: skip
    given = [{"kind": "killed", "given_by": "group"} | figure for figure in figures]
    record = {"title": "T", "abuse_type": "other", "narrative": "n", "date_precision": "unknown",
              "status": "alleged"}  # fmt: skip
    entry_id = archive.add_entry(db, "abuse", record, [{"source_id": source_id, "passage": "p"}],
                                 "tester", figures=given)  # fmt: skip
    (total,) = patterns.figure_totals(db, "abuse", [entry_id])
    assert total["qualifier"] == qualifier
    with app.test_request_context(headers=ENGLISH):
        assert total_text(total) == total["text"]
    with app.test_request_context(headers=URDU):
        assert not re.search("[A-Za-z]", total_text(total))
