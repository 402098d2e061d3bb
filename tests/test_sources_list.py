"""The Sources list: search, filters and pages in the URL, counts of live entries only, and
confidential sources only for those cleared to see them."""

from __future__ import annotations

import re

import pytest

import archive
from archive.source_list import LISTED, SourceFilters, filters_to_where

from .conftest import signed_in_client

LIVE = "EXISTS (SELECT 1 FROM citations c"


@pytest.mark.parametrize(
    ("filters", "cleared", "where", "params"),
    [
        (SourceFilters(), True, LISTED, []),
        (SourceFilters(), False, "s.confidential = 0", []),
        (
            SourceFilters(text=" Dawn "),
            True,
            "(s.title LIKE ? ESCAPE '\\' OR s.outlet LIKE ? ESCAPE '\\' OR s.url LIKE ? "
            "ESCAPE '\\')",
            ["%Dawn%"] * 3,
        ),
        (SourceFilters(text="100%_"), True, None, ["%100\\%\\_%"] * 3),
        (SourceFilters(outlet="Dawn"), True, "s.outlet = ?", ["Dawn"]),
        (SourceFilters(source_type="ngo_report"), True, "s.source_type = ?", ["ngo_report"]),
        (
            SourceFilters(published_from="2025-01-01", published_to="2025-06-30"),
            True,
            "s.published >= ? AND s.published <= ?",
            ["2025-01-01", "2025-06-30"],
        ),
        (SourceFilters(cited="cited"), True, LIVE, []),
        (SourceFilters(cited="uncited"), True, "NOT " + LIVE, []),
        (SourceFilters(cited="anything"), True, LISTED, []),
    ],
)
def test_filters_become_a_where_clause(filters, cleared, where, params):
    clause, values = filters_to_where(filters, cleared)
    if where is not None:
        assert clause.startswith(where)
    assert values == params


@pytest.fixture
def shelf(empty_app):
    """Four sources, one confidential; an abuse report cites the first, a retracted claim the
    second; the third and the confidential one are cited by nothing."""
    db = archive.open_db(empty_app.config["DATABASE"])
    add = lambda **record: archive.add_source(db, record, "tester")  # noqa: E731
    ids = {
        "dawn": add(title="Abductions in Kech", outlet="Dawn", published="2025-03-02",
                    url="https://dawn.example/kech-abductions", body="a"),
        "tbp": add(title="BLF claims clash in Mastung", outlet="The Balochistan Post",
                   published="2025-09-07", body="b"),
        "hrcp": add(title="State of human rights 2024", outlet="HRCP",
                    source_type="ngo_report", published="2024-12-20", body="c"),
        "secret": add(title="Witness statement from Turbat", outlet="Dawn",
                      confidential=True, body="d"),
    }  # fmt: skip
    cite = [{"source_id": ids["dawn"], "passage": "taken from Kech"}]
    archive.add_entry(db, "abuse", {"title": "Abductions", "abuse_type": "enforced_disappearance",
                                    "date_precision": "unknown"}, cite, "tester")  # fmt: skip
    claim_id = archive.add_entry(
        db, "claim",
        {"title": "Clash", "group_code": "BLF", "claim_type": "clash", "date_precision": "unknown"},
        [{"source_id": ids["tbp"], "passage": "clashed"}], "tester",
    )  # fmt: skip
    archive.retract_entry(db, "claim", claim_id, "Duplicate of another claim", "tester")
    db.close()
    return ids


def titles(page: str) -> list[str]:
    return re.findall(r'<a href="/sources/\d+" dir="auto">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["State of human rights 2024", "BLF claims clash in Mastung", "Abductions in Kech"]),
        ("?q=mastung", ["BLF claims clash in Mastung"]),
        ("?q=balochistan+post", ["BLF claims clash in Mastung"]),
        ("?q=dawn.example", ["Abductions in Kech"]),
        ("?outlet=Dawn", ["Abductions in Kech"]),
        ("?type=ngo_report", ["State of human rights 2024"]),
        ("?published_from=2025-01-01", ["BLF claims clash in Mastung", "Abductions in Kech"]),
        ("?published_to=2025-03-02", ["State of human rights 2024", "Abductions in Kech"]),
        ("?cited=cited", ["Abductions in Kech"]),
        ("?cited=uncited", ["State of human rights 2024", "BLF claims clash in Mastung"]),
        ("?q=zzz", []),
    ],
)
def test_sources_are_searched_and_filtered_from_the_url(empty_app, shelf, query, expected):
    page = signed_in_client(empty_app, "reader").get("/sources/" + query)
    assert page.status_code == 200
    assert titles(page.get_data(as_text=True)) == expected


def test_the_filters_show_what_the_url_asks_for(empty_app, shelf):
    page = signed_in_client(empty_app, "reader").get("/sources/?q=kech&cited=uncited")
    html = page.get_data(as_text=True)
    assert 'value="kech"' in html
    assert '<option selected value="uncited">' in html
    assert "No sources match this search." in html


def test_cited_counts_live_entries_only(empty_app, shelf):
    client = signed_in_client(empty_app, "reader")
    rows = client.get("/sources/").get_data(as_text=True)
    cited = re.findall(r'data-testid="cited-by">([^<]+)<', rows)
    assert cited == ["Not cited yet", "Not cited yet", "1 entry"]
    home = client.get("/").get_data(as_text=True)
    assert "BLF claims clash in Mastung</a>" in home
    assert "cited by 0 entries" in home and "cited by 1 entry" in home
    shown = client.get(f"/sources/{shelf['tbp']}").get_data(as_text=True)
    assert "(and 1 retracted)" in shown


def test_confidential_sources_are_listed_only_for_those_cleared(empty_app, shelf):
    documenter = signed_in_client(empty_app, "documenter").get("/sources/?outlet=Dawn")
    assert titles(documenter.get_data(as_text=True)) == ["Abductions in Kech"]
    assert "Witness statement" not in documenter.get_data(as_text=True)
    reviewer = signed_in_client(empty_app, "reviewer").get("/sources/?outlet=Dawn")
    assert titles(reviewer.get_data(as_text=True)) == [
        "Witness statement from Turbat",
        "Abductions in Kech",
    ]
    assert "Confidential" in reviewer.get_data(as_text=True)


def test_pages_keep_the_search_in_the_url(empty_app, shelf):
    empty_app.config["PER_PAGE"] = 1
    client = signed_in_client(empty_app, "reader")
    first = client.get("/sources/?cited=uncited").get_data(as_text=True)
    assert titles(first) == ["State of human rights 2024"]
    assert 'href="/sources/?cited=uncited&amp;page=2"' in first
    second = client.get("/sources/?cited=uncited&page=2").get_data(as_text=True)
    assert titles(second) == ["BLF claims clash in Mastung"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?published_from=last+year", "Not a valid date value."),
        ("?published_from=2025-05-01&published_to=2025-01-01", "The end date is before"),
        ("?cited=maybe", "Not a valid choice"),
    ],
)
def test_bad_filters_are_explained_and_list_nothing(empty_app, shelf, query, message):
    page = signed_in_client(empty_app, "reader").get("/sources/" + query)
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert titles(html) == []
