"""Sources are searchable: their own tab, counted apart from entries, with snippets, the
"not yet cited" filter, confidential sources only for those cleared, and an index that follows
the store (rebuilt from it, caught up after a crash)."""

from __future__ import annotations

import shutil

import pytest

import archive
import index
from app import create_app

URDU_TEXT = "بلوچستان کے ضلع کیچ میں لاپتہ افراد کے اہل خانہ نے احتجاجی دھرنا دیا"
PDF_TEXT = "Relatives of the missing staged a sit-in outside the Turbat press club on Monday."


def add_file_source(db, title: str, text: str, **record) -> int:
    """A source holding a file whose text was read (as the upload form stores it)."""
    file = archive.SourceFile(f"{title}.pdf", "application/pdf", f"%PDF-1.7 {title}".encode())
    read = archive.SourceText(text, "pdf")
    return archive.add_source(db, {"title": title} | record, "tester", file, read)


def cite(db, source_id: int) -> int:
    record = {"title": "Sit-in in Turbat", "abuse_type": "enforced_disappearance"}
    citation = {"source_id": source_id, "passage": "A sit-in."}
    return archive.add_entry(db, "abuse", record, [citation], "tester")


def search(client, **args) -> dict:
    """The search's JSON, after a page that lets the index catch up with the store."""
    client.get("/sources/")
    response = client.get("/search", query_string=args | {"format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_source_is_found_by_the_words_read_from_its_file(client, app_db):
    source_id = add_file_source(app_db, "Sit-in report", PDF_TEXT)
    found = search(client, q="press club", category="source")
    assert [hit["id"] for hit in found["sources"]["results"]] == [source_id]
    assert "<mark>press</mark> <mark>club</mark>" in found["sources"]["results"][0]["snippet_html"]


def test_urdu_text_is_found_by_its_words(client, app_db):
    source_id = add_file_source(app_db, "Kech sit-in", URDU_TEXT, language="ur")
    found = search(client, q="احتجاجی", category="source")
    assert [hit["id"] for hit in found["sources"]["results"]] == [source_id]
    page = client.get("/search?q=احتجاجی&category=source").get_data(as_text=True)
    assert "<mark>احتجاجی</mark>" in page


def test_sources_are_counted_apart_from_abuse_reports_and_attack_claims(client, app_db):
    before = search(client, q="Turbat")
    add_file_source(app_db, "Turbat sit-in", PDF_TEXT)
    after = search(client, q="Turbat")
    assert after["counts"] == before["counts"]  # entries' counts untouched
    assert after["sources"]["count"] == before["sources"]["count"] + 1
    page = client.get("/search?q=Turbat").get_data(as_text=True)
    assert f'data-testid="search-count-source">{after["sources"]["count"]}<' in page
    assert 'data-testid="result-source"' not in page  # listed on their own tab only


def test_the_backlog_filter_keeps_sources_no_entry_cites(client, app_db):
    cited = add_file_source(app_db, "Cited sit-in", PDF_TEXT)
    uncited = add_file_source(app_db, "Uncited sit-in", PDF_TEXT.replace("Monday", "Friday"))
    cite(app_db, cited)
    everything = search(client, q="sit-in", category="source")
    backlog = search(client, q="sit-in", category="source", uncited="y")
    assert {cited, uncited} <= {hit["id"] for hit in everything["sources"]["results"]}
    assert [hit["id"] for hit in backlog["sources"]["results"]] == [uncited]
    assert backlog["sources"]["count"] == 1


@pytest.mark.parametrize("role", ["reader", "documenter"])
def test_a_confidential_source_is_absent_for_those_not_cleared(client_as, app_db, role):
    add_file_source(app_db, "Witness statement", "Zarbakht testified about the raid.",
                    confidential=True)  # fmt: skip
    for category in ("source", ""):
        found = search(client_as(role), q="Zarbakht", category=category)
        assert found["sources"]["count"] == 0 and found["sources"]["results"] == []
    page = client_as(role).get("/search?q=Zarbakht&category=source").get_data(as_text=True)
    assert "Witness statement" not in page and "testified" not in page
    assert 'data-testid="result-source"' not in page and "<mark>" not in page


def test_a_confidential_source_is_found_by_those_cleared(client_as, app_db):
    source_id = add_file_source(app_db, "Witness statement", "Zarbakht testified.",
                                confidential=True)  # fmt: skip
    found = search(client_as("reviewer"), q="Zarbakht", category="source")
    assert [hit["id"] for hit in found["sources"]["results"]] == [source_id]


def test_the_snippet_is_escaped(client, app_db):
    add_file_source(app_db, "Escaping", "A <script>alert('x')</script> Kalat statement.")
    page = client.get("/sources/").get_data(as_text=True)
    page = client.get("/search?q=Kalat&category=source").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_malformed_search_of_sources_says_why(client):
    response = client.get("/search?q=%22press&category=source")
    assert response.status_code == 400
    assert "quotation mark is not closed" in response.get_data(as_text=True)


def test_source_text_survives_an_index_rebuild(app, client, app_db):
    source_id = add_file_source(app_db, "Sit-in report", PDF_TEXT)
    search(client, q="Turbat")  # applied to the index
    runner = app.test_cli_runner()
    assert runner.invoke(args=["index", "rebuild", "--procs", "1"]).exit_code == 0
    found = search(client, q="press club", category="source")
    assert [hit["id"] for hit in found["sources"]["results"]] == [source_id]
    assert runner.invoke(args=["index", "check"]).exit_code == 0


def test_a_lost_index_is_made_again_from_the_store_at_start(app, app_db, tmp_path):
    source_id = add_file_source(app_db, "Sit-in report", PDF_TEXT)
    from views import search_index

    shared = search_index.get_ix(app.config["INDEX_DIR"])
    shared.close()
    search_index._shared.clear()
    shutil.rmtree(app.config["INDEX_DIR"])
    create_app(dict(app.config))  # the next start
    six = search_index.get_ix(app.config["INDEX_DIR"]).sources_ix
    assert index.check_sources(six, app_db) == ([], [], [])
    params = index.SearchParams(q="press club")
    assert [hit.source["source_id"] for hit in index.search_sources(six, app_db, params).hits] == [
        source_id
    ]


def test_a_source_queued_before_a_crash_is_indexed_at_the_next_drain(db, tmp_path):
    ix = index.open_index(tmp_path / "index")
    six = index.open_source_index(tmp_path / "index")
    source_id = add_file_source(db, "Sit-in report", PDF_TEXT)
    # The process stopped after saving, before indexing: only the queue knows.
    assert index.search_sources(six, db, index.SearchParams(q="press")).count == 0
    assert index.apply_pending(ix, db, sources_ix=six) == 1
    assert index.search_sources(six, db, index.SearchParams(q="press")).count == 1
    archive.update_source(db, source_id, {"title": "Renamed report"}, "tester", "typo")
    index.apply_pending(ix, db, sources_ix=six)
    hits = index.search_sources(six, db, index.SearchParams(q="renamed")).hits
    assert [hit.source["source_id"] for hit in hits] == [source_id]
    assert index.check_sources(six, db) == ([], [], [])


def test_the_category_chip_names_the_tab_in_words(client, app_db):
    add_file_source(app_db, "Chip", "A statement from Kalat.")
    page = client.get("/search?q=Kalat&category=source").get_data(as_text=True)
    assert 'Category: <span dir="auto">Sources</span>' in page
    page = client.get("/search?q=Kalat&category=abuse").get_data(as_text=True)
    assert 'Category: <span dir="auto">Abuse reports</span>' in page
