"""Charts of a search (/search/charts): every number is the count of a search, claims never
added to abuse reports, figures summed honestly, approximate dates in the right bar, the map,
the CSV and SVG downloads, the printable summary, and nothing a reader may not see."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import pytest

import archive
from archive import patterns

from .conftest import signed_in_client
from .indexing import add_abuse

SEARCHES = [
    "",
    "q=Mastung",
    "q=BLA",
    "q=disappearance",
    "category=claim",
    "district=Kech",
    "date_from=2025-08-01&date_to=2025-08-31",
    "q=attack&status=claimed",
]


def charts(client, query_string: str) -> dict:
    answer = client.get(f"/search/charts?{query_string}&format=json")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.json


def search_count(client, url: str, kind: str) -> int:
    return client.get(url + "&format=json").json["counts"][kind]


def _source(db, title="Report on Kech", confidential=False) -> int:
    return archive.add_source(
        db, {"title": title, "outlet": "Example Wire", "body": title, "confidential":
             confidential}, "tester"
    )  # fmt: skip


@pytest.mark.parametrize("query_string", SEARCHES)
def test_every_number_on_the_charts_equals_the_count_of_its_search(client, query_string):
    data = charts(client, query_string)
    searched = client.get(f"/search?{query_string}&format=json").json["counts"]
    for kind, category in data["categories"].items():
        assert category["count"] == searched[kind]
        for chart in category["charts"]:
            if chart["id"].endswith("-figures"):
                continue
            total = sum(bar["count"] for bar in chart["bars"])
            if chart["id"].endswith("-timeline"):
                total += sum(w["count"] for w in chart["wider"]) + chart["undated"]
            if not chart["id"].endswith("-perpetrator"):  # a report may name nobody
                assert total == category["count"], chart["id"]
            for bar in chart["bars"]:
                if bar["url"] and bar["count"]:
                    assert search_count(client, bar["url"], kind) == bar["count"], bar
        for district in category["map"]["districts"]:
            assert search_count(client, district["url"], kind) == district["count"]


@pytest.mark.parametrize("query_string", ["", "q=Mastung", "district=Kech"])
def test_the_page_shows_the_same_numbers_as_its_json_twin(client, query_string):
    data = charts(client, query_string)
    page = client.get(f"/search/charts?{query_string}").get_data(as_text=True)
    for kind, category in data["categories"].items():
        assert f'data-testid="charts-count-{kind}">{category["count"]}<' in page
        if not category["count"]:
            assert f"No {category['label'].lower()} match this search" in page
            continue
        for chart in category["charts"]:
            if chart["id"].endswith("-figures"):
                continue
            table = page.split(f'data-testid="table-{chart["id"]}"')[1].split("</table>")[0]
            shown = [int(n) for n in re.findall(r"data-count>(\d+)<", table)]
            expected = [bar["count"] for bar in chart["bars"] if bar["count"]]
            if chart["id"].endswith("-timeline"):
                expected += [w["count"] for w in chart["wider"]]
                expected += [chart["undated"]] if chart["undated"] else []
            assert shown == expected, chart["id"]


def test_claims_are_charted_apart_and_never_added_to_abuse_reports(empty_app):
    db = archive.open_db(empty_app.config["DATABASE"])
    source_id = _source(db)
    archive.add_entry(
        db, "abuse",
        {"title": "Raid in Kech", "abuse_type": "extrajudicial_killing", "narrative": "raid",
         "date_precision": "day", "date_start": "2025-03-01", "district": "Kech",
         "status": "alleged"},
        [{"source_id": source_id, "passage": "p"}], "tester",
        figures=[{"kind": "killed", "count": 10, "qualifier": "exact", "given_by": "official"}],
    )  # fmt: skip
    archive.add_entry(
        db, "claim",
        {"title": "BLA claims raid in Kech", "group_code": "BLA", "claim_type": "armed_attack",
         "narrative": "raid", "date_precision": "day", "date_start": "2025-03-02",
         "district": "Kech", "status": "claimed"},
        [{"source_id": source_id, "passage": "p"}], "tester",
        figures=[{"kind": "killed", "count": 5, "qualifier": "exact", "given_by": "group"}],
    )  # fmt: skip
    db.close()
    reader = signed_in_client(empty_app, "reader")
    data = charts(reader, "q=raid")
    assert data["counts"] == {"abuse": 1, "claim": 1}
    figures = {k: c["charts"][-1]["bars"] for k, c in data["categories"].items()}
    assert [bar["text"] for bar in figures["abuse"]] == ["10 killed (official)"]
    assert [bar["text"] for bar in figures["claim"]] == ["5 killed (claimed by the group)"]
    page = reader.get("/search/charts?q=raid").get_data(as_text=True)
    assert "Attack claims are what armed groups say they did" in page
    assert ">15<" not in page and "15 killed" not in page and " 2 found" not in page
    kech = {k: c["map"]["districts"] for k, c in data["categories"].items()}
    assert kech["abuse"][0]["count"] == 1 and kech["claim"][0]["count"] == 1


def _with_figures(db, source_id: int, *figure_lists) -> list[int]:
    ids = []
    for number, figures in enumerate(figure_lists):
        record = {"title": f"Report {number}", "abuse_type": "other", "narrative": "n",
                  "date_precision": "unknown", "status": "alleged"}  # fmt: skip
        cited = [{"source_id": source_id, "passage": "p"}]
        ids.append(archive.add_entry(db, "abuse", record, cited, "tester", figures=figures))
    return ids


def fig(count, qualifier="exact", given_by="official", kind="killed") -> dict:
    return {"kind": kind, "count": count, "qualifier": qualifier, "given_by": given_by}


@pytest.mark.parametrize(
    ("figure_lists", "expected"),
    [
        ([[fig(100)], [fig(34)]], "134 killed (official)"),
        ([[fig(100)], [fig(34, "at_least")]], "at least 134 killed (official)"),
        ([[fig(100)], [fig(40, "approximately")]], "approximately 140 killed (official)"),
        ([[fig(100, "at_least")], [fig(40, "approximately")]],
         "approximately, at least 140 killed (official)"),
        ([[fig(100)], [fig(None, "unknown")]], "at least 100 killed (official)"),
        # Two outlets' figures for one entry count once, at the lower: never 10 + 12.
        ([[fig(10, given_by="media"), fig(12, given_by="media")]], "at least 10 killed (media)"),
        ([[fig(None, "unknown")]], "an unknown number killed (official)"),
    ],
)  # fmt: skip
def test_figures_are_summed_with_honest_qualifiers(db, source_id, figure_lists, expected):
    ids = _with_figures(db, source_id, *figure_lists)
    assert [t["text"] for t in patterns.figure_totals(db, "abuse", ids)] == [expected]


def test_figures_of_different_givers_are_never_summed(db, source_id):
    ids = _with_figures(db, source_id, [fig(13), fig(20, given_by="media")], [fig(3)])
    texts = [t["text"] for t in patterns.figure_totals(db, "abuse", ids)]
    assert texts == ["16 killed (official)", "20 killed (media)"]


@pytest.fixture
def dated(empty_app):
    """Abuse reports in Kech dated to a day, a month and a year in 2014, plus one undated."""
    db = archive.open_db(empty_app.config["DATABASE"])
    source_id = _source(db)
    for title, precision, start in (
        ("Day", "day", "2014-03-05"), ("Month", "month", "2014-03"), ("Year", "year", "2014"),
        ("Later", "day", "2019-06-01"), ("Undated", "unknown", None),
    ):  # fmt: skip
        add_abuse(db, source_id, f"{title} zulfam", date_precision=precision, date_start=start)
    db.close()
    return signed_in_client(empty_app, "reader")


def _timeline(data: dict) -> dict:
    return data["categories"]["abuse"]["charts"][0]


def test_a_year_dated_entry_is_never_counted_in_january(dated):
    timeline = _timeline(charts(dated, "q=zulfam&date_from=2014-01-01&date_to=2014-12-31"))
    assert timeline["title"] == "By month"
    bars = {bar["value"]: bar for bar in timeline["bars"]}
    assert bars["2014-03"]["count"] == 2 and bars["2014-03"]["approximate"] == 1
    assert "2014-01" not in bars or bars["2014-01"]["count"] == 0
    assert timeline["wider"] == [{"period": "2014-01-01/2014-12-31", "count": 1}]
    march = bars["2014-03"]["url"]
    assert "dates=within" in march and search_count(dated, march, "abuse") == 2


def test_by_year_month_and_year_dates_fall_in_their_year_as_approximate(dated):
    timeline = _timeline(charts(dated, "q=zulfam"))
    assert timeline["title"] == "By year"
    bars = {bar["value"]: bar for bar in timeline["bars"]}
    assert (bars["2014"]["count"], bars["2014"]["approximate"]) == (3, 2)
    assert bars["2015"]["count"] == 0 and bars["2019"]["count"] == 1
    assert timeline["undated"] == 1
    assert search_count(dated, bars["2014"]["url"], "abuse") == 3


def test_within_a_range_leaves_out_entries_that_only_may_fall_in_it(dated):
    march = "q=zulfam&date_from=2014-03-01&date_to=2014-03-31"
    assert dated.get(f"/search?{march}&format=json").json["counts"]["abuse"] == 3
    assert dated.get(f"/search?{march}&dates=within&format=json").json["counts"]["abuse"] == 2


def test_retracted_entries_are_left_out_unless_the_search_asks(empty_app):
    db = archive.open_db(empty_app.config["DATABASE"])
    source_id = _source(db)
    add_abuse(db, source_id, "Kept qorvath")
    gone = add_abuse(db, source_id, "Gone qorvath")
    archive.retract_entry(db, "abuse", gone, "A duplicate of another report.", "tester")
    db.close()
    reader = signed_in_client(empty_app, "reader")
    assert charts(reader, "q=qorvath")["counts"]["abuse"] == 1
    asked = charts(reader, "q=qorvath&status=retracted")
    assert asked["counts"]["abuse"] == 1
    assert asked["categories"]["abuse"]["charts"][-2]["bars"][0]["value"] == "retracted"


@pytest.fixture
def confidential(empty_app):
    """A report citing a public source and a confidential one, each with its own word."""
    db = archive.open_db(empty_app.config["DATABASE"])
    public = _source(db, "Public wire story")
    secret = _source(db, "Secret witness statement", confidential=True)
    record = {"title": "Abduction in Kech", "abuse_type": "enforced_disappearance",
              "narrative": "taken at night", "date_precision": "day",
              "date_start": "2024-03-01", "district": "Kech", "status": "alleged"}  # fmt: skip
    archive.add_entry(db, "abuse", record, [
        {"source_id": public, "passage": "taken at night"},
        {"source_id": secret, "passage": "the witness xandorvel saw the van"},
    ], "tester")  # fmt: skip
    db.close()
    return empty_app


@pytest.mark.parametrize("role", ["reader", "documenter"])
def test_confidential_sources_are_neither_counted_nor_shown(confidential, role):
    client = signed_in_client(confidential, role)
    assert charts(client, "q=xandorvel")["counts"]["abuse"] == 0
    assert charts(client, "q=abduction")["counts"]["abuse"] == 1
    summary = client.get("/search/summary?q=abduction").get_data(as_text=True)
    assert "Public wire story" in summary
    assert "Secret witness statement" not in summary and "xandorvel" not in summary


def test_a_reviewer_sees_the_confidential_source_in_the_summary(confidential):
    client = signed_in_client(confidential, "reviewer")
    summary = client.get("/search/summary?q=abduction").get_data(as_text=True)
    assert "Secret witness statement" in summary


def test_the_map_marks_districts_with_links_to_the_narrowed_search(client):
    data = charts(client, "q=Mastung")
    page = client.get("/search/charts?q=Mastung").get_data(as_text=True)
    mastung = next(d for d in data["categories"]["claim"]["map"]["districts"]
                   if d["name"] == "Mastung")  # fmt: skip
    assert mastung["latitude"] == pytest.approx(29.79966)
    claim_map = page.split('id="svg-claim-map"')[1].split("</svg>")[0]
    href = mastung["url"].replace("&", "&amp;")
    link = f'<a href="{href}" aria-label="Mastung: {mastung["count"]}"'
    assert link in claim_map
    assert "Turbat (Kech)" in claim_map  # a gazetteer place with coordinates, as a point


def test_a_district_without_coordinates_is_listed_beside_the_map(empty_app):
    db = archive.open_db(empty_app.config["DATABASE"])
    add_abuse(db, _source(db), "Raid in Sherani wolmert", district="Sherani")
    db.close()
    data = charts(signed_in_client(empty_app, "reader"), "q=wolmert")
    shown = data["categories"]["abuse"]["map"]
    assert shown["districts"] == [] and shown["not_on_map"][0]["name"] == "Sherani"


def test_each_chart_downloads_as_csv_with_the_numbers_of_its_table(client):
    data = charts(client, "q=Mastung")
    chart = data["categories"]["claim"]["charts"][1]
    answer = client.get(f"/search/charts/{chart['id']}.csv?q=Mastung")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[1:] == [[bar["label"], str(bar["count"])] for bar in chart["bars"]]


def test_charts_and_maps_download_as_standalone_svg(client):
    for chart_id in ("claim-timeline", "claim-district", "abuse-map"):
        answer = client.get(f"/search/charts/{chart_id}.svg?q=Mastung")
        assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
        text = answer.get_data(as_text=True)
        assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert "<style" not in text and "http:" not in text.replace("http://www.w3.org", "")


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/search/charts/abuse-nonsense.csv?q=Mastung", 404),
        ("/search/charts/abuse-district.pdf?q=Mastung", 404),
        ('/search/charts?q="unclosed&format=json', 400),
        ("/search/charts?date_from=2025-09-01&date_to=2025-08-01", 400),
    ],
)
def test_bad_chart_requests_are_refused_with_a_reason(client, url, status):
    answer = client.get(url)
    assert answer.status_code == status
    assert "Traceback" not in answer.get_data(as_text=True)


def test_the_summary_prints_filters_totals_charts_and_entries(client):
    page = client.get("/search/summary?q=Mastung&category=claim").get_data(as_text=True)
    data = charts(client, "q=Mastung&category=claim")
    assert f'data-testid="summary-count-claim">{data["counts"]["claim"]}<' in page
    assert "summary-count-abuse" not in page
    assert '<dt>Words</dt><dd dir="auto">Mastung</dd>' in page
    assert page.count('class="entry summary-entry"') == data["counts"]["claim"]
    assert "Source: " in page and 'id="svg-claim-timeline"' in page


def test_a_reader_reaches_charts_but_an_anonymous_visitor_does_not(app, anonymous):
    assert anonymous.get("/search/charts?q=Mastung").status_code == 302
    assert anonymous.get("/search/charts?q=Mastung&format=json").status_code == 401
    reader = signed_in_client(app, "reader")
    assert reader.get("/search/charts?q=Mastung").status_code == 200


def test_the_search_page_links_to_its_charts(client):
    page = client.get("/search?q=Mastung&district=Mastung").get_data(as_text=True)
    assert (
        'href="/search/charts?'
        + urlencode({"q": "Mastung", "district": "Mastung"}).replace("&", "&amp;")
        in page
    )
