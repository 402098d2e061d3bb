"""The search page through the test client: categories apart, facets, snippets, errors, JSON."""

from __future__ import annotations

import pytest

import archive

from .conftest import signed_in_client
from .indexing import add_abuse


def test_every_page_has_a_search_box(client):
    page = client.get("/abuses/").get_data(as_text=True)
    assert 'action="/search"' in page and '<label for="header-q">Search</label>' in page


def test_results_are_kept_apart_by_category_with_counts(client):
    page = client.get("/search?q=Mastung").get_data(as_text=True)
    assert 'data-testid="search-count-abuse">1<' in page
    assert 'data-testid="search-count-claim">5<' in page
    claims = page.split('data-testid="results-claim"')[1]
    assert "Claimed by <strong>BLA</strong>" in claims
    assert 'data-testid="result-abuse"' not in claims


def test_snippets_are_highlighted(client):
    page = client.get('/search?q="mass grave"').get_data(as_text=True)
    assert "<mark>Mass</mark> <mark>graves</mark>" in page


def test_snippets_cannot_carry_markup(client, app_db):
    source_id = archive.list_sources(app_db)[0][0]["source_id"]
    add_abuse(app_db, source_id, "Raid", '<img src=x onerror="alert(1)"> raid in Dasht')
    client.get("/")  # a request using the store drains the queue
    page = client.get("/search?q=Dasht").get_data(as_text=True)
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page and "<mark>Dasht</mark>" in page


def test_facets_show_counts_and_narrow_the_search(client):
    page = client.get("/search?q=Mastung").get_data(as_text=True)
    facet = page.split('data-testid="facet-group"')[1].split("</ul>")[0]
    assert 'href="/search?q=Mastung&amp;group=BLF"' in facet
    narrowed = client.get("/search?q=Mastung&group=BLF&format=json").json
    # Claimed by the BLF: its claim, not the abuse report the BLF alleges against others.
    assert narrowed["counts"] == {"abuse": 0, "claim": 1}
    assert "<h3>Claimed by</h3>" in page


def test_json_twin_returns_the_same_results(client):
    page = client.get("/search?q=BLF&category=claim").get_data(as_text=True)
    data = client.get("/search?q=BLF&category=claim&format=json").json
    assert list(data["results"]) == ["claim"]
    titles = [result["title"] for result in data["results"]["claim"]]
    assert titles and all(title in page for title in titles)
    assert data["results"]["claim"][0]["reads"] == "Claimed by Balochistan Liberation Front"


def sort_box(page: str) -> str:
    return page.split('<select id="sort" name="sort">')[1].split("</select>")[0]


def test_the_search_form_shows_each_readers_choices_in_their_language(client):
    """The form's markup is kept between requests: per language and per chosen value."""
    newest = sort_box(client.get("/search?q=Mastung&sort=newest").get_data(as_text=True))
    assert '<option selected value="newest">Newest first</option>' in newest
    oldest = sort_box(client.get("/search?q=Mastung&sort=oldest").get_data(as_text=True))
    assert '<option selected value="oldest">Oldest first</option>' in oldest
    assert '<option value="newest">Newest first</option>' in oldest
    urdu = client.get("/search?q=Mastung&sort=newest", headers={"Accept-Language": "ur"})
    assert '<option selected value="newest">نئے پہلے</option>' in sort_box(urdu.get_data(True))
    assert "Newest first" not in urdu.get_data(as_text=True)
    again = sort_box(client.get("/search?q=Mastung&sort=newest").get_data(as_text=True))
    assert again == newest


def test_the_search_box_shows_what_was_typed_escaped(client):
    client.get("/search?q=Mastung&date_from=2024-01-02")
    page = client.get('/search?q="><img src=x>&date_from=2024-03-04').get_data(as_text=True)
    assert 'value="&#34;&gt;&lt;img src=x&gt;"' in page and "<img src=x>" not in page
    assert '<input id="date_from" name="date_from" type="date" value="2024-03-04">' in page
    assert "Mastung" not in page.split('id="q"')[1].split(">")[0]


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        ('q="enforced disappearance', "quotation mark is not closed"),
        ("q=colour:red", "no field called"),
        ("date_from=13+August", "Not a valid date"),
        ("date_from=2025-09-01&date_to=2025-08-01", "end date is before the start date"),
        ("category=rumour", "Not a valid choice"),
        ("page=0", "Number must be"),
    ],
)
def test_bad_searches_are_explained_never_a_500(client, query_string, message):
    response = client.get(f"/search?{query_string}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    data = client.get(f"/search?{query_string}&format=json")
    assert data.status_code == 400 and message in str(data.json["reasons"])


def test_did_you_mean_links_to_the_corrected_search(client):
    page = client.get("/search?q=Mastng").get_data(as_text=True)
    assert 'href="/search?q=mastung"' in page


def test_blank_search_lists_everything_newest_first(client):
    data = client.get("/search?format=json").json
    assert data["counts"] == {"abuse": 3, "claim": 6}


@pytest.mark.parametrize("q", ['"security forces"', "Baloch Liberation Army", "pro-government"])
def test_an_empty_archive_answers_every_search_with_nothing(empty_app, q):
    client = signed_in_client(empty_app, "reader")
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200
    answer = client.get("/search", query_string={"q": q, "format": "json"}).json
    assert answer["counts"] == {"abuse": 0, "claim": 0}


def test_a_page_of_results_reads_no_links_nor_figures_it_does_not_show(client, monkeypatch):
    """The page lists neither (two queries a category saved); its JSON still gives both."""
    read = []
    for name in ("links_by_entry", "figures_by_entry"):
        real = getattr(archive, name)
        monkeypatch.setattr(archive, name, lambda *a, real=real: read.append(real) or real(*a))
    page = client.get("/search?q=Mastung").get_data(as_text=True)
    assert 'data-testid="search-count-claim">5<' in page and read == []
    found = client.get("/search?q=Mastung&format=json").get_json()
    assert len(read) == 4  # each of the two categories' links and figures
    (entry, *_) = found["results"]["claim"]
    assert isinstance(entry["links"], list) and isinstance(entry["figures"], list)
    assert any(claim["figures"] for claim in found["results"]["claim"])
