"""An entry's Urdu title and summary: saved through the form and the API, kept in its revision,
found by search in either language, and shown first to readers of the Urdu interface."""

from __future__ import annotations

import json
import re

import pytest

import archive

from .api_helpers import ABUSE, bearer, make_token

URDU = {"Accept-Language": "ur"}
ENGLISH = {"Accept-Language": "en"}
TITLE = "Student taken from his home in Turbat"
TITLE_UR = "تربت میں طالب علم گھر سے لاپتہ"
NARRATIVE = "Men in plain clothes took him at night."
NARRATIVE_UR = "رات کے وقت سادہ کپڑوں میں ملبوس افراد اسے لے گئے۔ خاندان کو کوئی خبر نہیں۔"


@pytest.fixture
def source_id(app_db) -> int:
    return archive.add_source(
        app_db, {"title": "Families protest in Quetta", "body": "He was taken."}, "ayesha"
    )


def abuse_form(source_id: int, **changes) -> dict:
    return {
        "title": TITLE,
        "narrative": NARRATIVE,
        "title_ur": TITLE_UR,
        "narrative_ur": NARRATIVE_UR,
        "abuse_type": "enforced_disappearance",
        "status": "alleged",
        "date_precision": "day",
        "date_start": "2025-06-02",
        "district": "Kech",
        "citations-0-source_id": str(source_id),
        "citations-0-passage": "He was taken.",
        "submission": "token-urdu-1",
        "save_anyway": "1",
        **changes,
    }


@pytest.fixture
def report_id(client, app_db, source_id) -> int:
    """An abuse report with an Urdu title and summary, saved through the form."""
    response = client.post("/abuses/new", data=abuse_form(source_id))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def h1(page: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", page, re.S).group()


def test_the_form_offers_urdu_fields_written_right_to_left(client):
    page = client.get("/abuses/new", headers=ENGLISH, follow_redirects=True).get_data(as_text=True)
    for name, label in (("title_ur", "Title in Urdu"), ("narrative_ur", "Summary in Urdu")):
        assert f'<label for="{name}">{label}</label>' in page
        field = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page).group()
        assert 'lang="ur"' in field and 'dir="rtl"' in field


def test_urdu_title_and_summary_are_stored_and_in_the_revision(app_db, report_id):
    stored = archive.get_entry(app_db, "abuse", report_id)
    assert (stored["title_ur"], stored["narrative_ur"]) == (TITLE_UR, NARRATIVE_UR)
    (created,) = archive.history(app_db, "abuse_report", report_id, True)
    changes = json.dumps(created["changes"], ensure_ascii=False)
    assert TITLE_UR in changes and NARRATIVE_UR in changes


@pytest.mark.parametrize("words", ["خاندان", TITLE_UR.split()[0], "plain clothes", "Turbat"])
def test_search_finds_the_entry_by_urdu_or_english_words(client, report_id, words):
    page = client.get("/search", query_string={"q": words}).get_data(as_text=True)
    assert f'href="/abuses/{report_id}"' in page


def test_urdu_readers_see_the_urdu_title_first_and_the_english_beneath(client, report_id):
    page = client.get(f"/abuses/{report_id}", headers=URDU).get_data(as_text=True)
    assert h1(page) == f'<h1 lang="ur" dir="rtl">{TITLE_UR}</h1>'
    assert f'<p class="title-other" dir="auto">{TITLE}</p>' in page
    assert page.index(NARRATIVE_UR) < page.index(NARRATIVE)
    assert f'<p lang="ur" dir="rtl">{NARRATIVE_UR}</p>' in page


def test_english_readers_see_the_english_title_first_and_the_urdu_beneath(client, report_id):
    page = client.get(f"/abuses/{report_id}", headers=ENGLISH).get_data(as_text=True)
    assert h1(page) == f'<h1 dir="auto">{TITLE}</h1>'
    assert f'<p class="title-other" lang="ur" dir="rtl">{TITLE_UR}</p>' in page
    assert page.index(NARRATIVE) < page.index(NARRATIVE_UR)


def test_lists_and_search_results_show_the_title_in_the_readers_language(client, report_id):
    link = f'<a href="/abuses/{report_id}" lang="ur" dir="rtl">{TITLE_UR}</a>'
    assert link in client.get("/abuses/", headers=URDU).get_data(as_text=True)
    found = client.get("/search", query_string={"q": "Turbat"}, headers=URDU)
    assert link in found.get_data(as_text=True)
    english = client.get("/abuses/", headers=ENGLISH).get_data(as_text=True)
    assert f'<a href="/abuses/{report_id}" dir="auto">{TITLE}</a>' in english


def test_an_entry_without_urdu_shows_its_english_title_on_urdu_pages(client, app_db, source_id):
    record = {"title": "Fisherman taken in Gwadar", "abuse_type": "enforced_disappearance"}
    cited = [{"source_id": source_id, "passage": "He was taken."}]
    entry_id = archive.add_entry(app_db, "abuse", record, cited, "ayesha")
    page = client.get(f"/abuses/{entry_id}", headers=URDU).get_data(as_text=True)
    assert h1(page) == f'<h1 dir="auto">{record["title"]}</h1>'
    assert 'class="title-other"' not in page
    listed = client.get("/abuses/", headers=URDU).get_data(as_text=True)
    assert f'<a href="/abuses/{entry_id}" dir="auto">{record["title"]}</a>' in listed


def test_urdu_readers_see_the_urdu_title_where_the_entry_is_named(
    client, app_db, source_id, report_id
):
    """The correction page, the history and a linked entry name it by its Urdu title too."""
    record = {"title": "Fisherman taken in Gwadar", "abuse_type": "enforced_disappearance"}
    cited = [{"source_id": source_id, "passage": "He was taken."}]
    other = archive.add_entry(app_db, "abuse", record, cited, "ayesha")
    archive.add_link(app_db, "abuse", other, "follow_up", ("abuse", report_id), "ayesha")
    named = f'lang="ur" dir="rtl">{TITLE_UR}<'
    for url in (f"/abuses/{report_id}/edit", f"/abuses/{report_id}/history", f"/abuses/{other}"):
        page = client.get(url, headers=URDU).get_data(as_text=True)
        assert named in page, url
        assert f">{TITLE}</a>" not in page and TITLE not in h1(page), url
    english = client.get(f"/abuses/{other}", headers=ENGLISH).get_data(as_text=True)
    assert f'dir="auto">{TITLE}</a>' in english


@pytest.mark.parametrize(
    "field, value, problem",
    [
        ("title_ur", "ا" * 301, "it can hold at most 300"),
        ("narrative_ur", "خاندان\x1bکو", "invisible control character"),
    ],
)
def test_bad_urdu_text_gets_an_error_next_to_its_field(
    client, app_db, source_id, field, value, problem
):
    before = app_db["abuse_reports"].count
    response = client.post("/abuses/new", data=abuse_form(source_id, **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<[^>]*id="{field}-error"[^>]*>(.*?)</', page, re.S)
    assert error and problem in error.group(1)
    assert app_db["abuse_reports"].count == before


def test_the_api_takes_and_gives_back_the_urdu_fields(app, source_id):
    client = app.test_client()
    headers = bearer(make_token(app, "documenter"))
    body = {**ABUSE, "title_ur": TITLE_UR, "narrative_ur": NARRATIVE_UR,
            "citations": [{"source_id": source_id, "passage": "He was taken."}]}  # fmt: skip
    created = client.post("/api/v1/abuses", json=body, headers=headers)
    assert created.status_code == 201, created.json
    assert (created.json["title_ur"], created.json["narrative_ur"]) == (TITLE_UR, NARRATIVE_UR)
    fetched = client.get(f"/api/v1/abuses/{created.json['entry_id']}", headers=headers).json
    assert fetched["title_ur"] == TITLE_UR
    too_long = client.post("/api/v1/abuses", json={**body, "title_ur": "ا" * 301}, headers=headers)
    assert too_long.status_code == 422 and "title_ur" in json.dumps(too_long.json)
