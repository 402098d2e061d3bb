"""The forms on their own: tables of valid and invalid input, and CSRF refusal."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage, MultiDict

from app import create_app
from forms.common import show_store_errors
from forms.entries import MISSING_CITATION, AbuseForm, ClaimForm, EntryChoices, form_values
from forms.sources import SourceForm

GROUPS = {"bla": "BLA", "baloch liberation army": "BLA", "blf": "BLF"}
CHOICES = EntryChoices(
    types=[("clash", "Clash"), ("shelling", "Shelling")],
    statuses=[("claimed", "Claimed"), ("alleged", "Alleged")],
    districts=["Mastung", "Quetta"],
    sources=[(7, "#7 An article")],
    claim_mediums=[("media_statement", "Statement to media")],
    official_responses=[("none", "None"), ("denied", "Denied")],
    resolve_group=lambda text: GROUPS.get(text.strip().casefold()),
)
CLAIM = {
    "title": "BLF claims clash near Khadkucha",
    "group_code": "BLF",
    "claim_medium": "media_statement",
    "claim_type": "clash",
    "official_response": "none",
    "status": "claimed",
    "date_precision": "day",
    "date_start": "2025-09-03",
    "district": "Mastung",
    "citations-0-source_id": "7",
    "citations-0-passage": "The BLF claimed its fighters clashed with security forces.",
    "citations-0-attributed_to": "BLF, via The Balochistan Post",
}
ABUSE = {
    "title": "Shelling injures a guard in Umar Dor",
    "abuse_type": "shelling",
    "status": "alleged",
    "date_precision": "day",
    "date_start": "2025-09-03",
    "citations-0-source_id": "7",
    "citations-0-passage": "Shelling injured a guard at a health facility.",
}


@pytest.fixture
def form_app(empty_app):
    return empty_app


def submit(app, form_class, data: dict, **kwargs):
    """Validate `data` posted to `form_class`; returns the form (inside its request)."""
    with app.test_request_context(method="POST", data=MultiDict(data)):
        form = form_class(**kwargs)
        form.ok = form.validate()
        return form


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, {"group_code": "BLF", "date_start": "2025-09-03", "date_end": None}),
        ({"group_code": "Baloch Liberation Army"}, {"group_code": "Baloch Liberation Army"}),
        ({"group_code": "bla"}, {"group_code": "bla"}),
        (
            {"date_precision": "range", "date_start": "2025-08-13", "date_end": "2025-08-15"},
            {"date_start": "2025-08-13", "date_end": "2025-08-15"},
        ),
        ({"date_precision": "month", "date_start": "2025-08"}, {"date_start": "2025-08"}),
        ({"date_precision": "year", "date_start": "2025"}, {"date_precision": "year"}),
        ({"date_precision": "unknown", "date_start": ""}, {"date_start": None}),
        ({"district": ""}, {"district": None}),
        ({"official_response": "denied"}, {"official_response": "denied"}),
        ({"tags": "highway, blockade"}, {"tags": "highway, blockade"}),
    ],
)
def test_valid_claims_hand_back_plain_data(form_app, changes, expected):
    form = submit(form_app, ClaimForm, CLAIM | changes, choices=CHOICES)
    assert form.ok, form.errors
    record = form.record()
    assert {key: record[key] for key in expected} == expected
    assert form.citation_list() == [
        {
            "source_id": 7,
            "passage": CLAIM["citations-0-passage"],
            "attributed_to": "BLF, via The Balochistan Post",
        }
    ]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": " "}, "title", "Give the entry a title."),
        ({"group_code": ""}, "group_code", "Name the group that made the claim."),
        ({"group_code": "Nobody"}, "group_code", "'Nobody' is not a known armed group"),
        ({"claim_type": ""}, "claim_type", "Choose a type from the list."),
        ({"date_start": "2025-13-01"}, "date_start", "is not a date"),
        ({"date_start": ""}, "date_start", "Give the date, or choose 'unknown'."),
        ({"date_precision": "month", "date_start": "Sept"}, "date_start", "is not a month"),
        ({"date_precision": "year", "date_start": "25"}, "date_start", "is not a year"),
        ({"date_start": "2031-05-04"}, "date_start", "2031-05-04 is in the future"),
        (
            {"date_precision": "month", "date_start": "2025-09-03"},
            "date_start",
            "You chose month precision but typed a day: choose 'Exact day' or remove the day",
        ),
        (
            {"date_precision": "range", "date_start": "2025-08-15", "date_end": "2031-01-01"},
            "date_end",
            "is in the future",
        ),
        (
            {"date_precision": "range", "date_start": "2025-08-15", "date_end": "2025-08-13"},
            "date_end",
            "The range ends before it starts.",
        ),
        (
            {"date_precision": "range", "date_start": "2025-08-15"},
            "date_end",
            "A range needs the last day",
        ),
        ({"district": "Atlantis"}, "district", "Not a valid choice"),
    ],
)
def test_invalid_claims_get_a_message_next_to_the_field(form_app, changes, field, message):
    form = submit(form_app, ClaimForm, CLAIM | changes, choices=CHOICES)
    assert not form.ok
    assert message in " ".join(getattr(form, field).errors)
    assert form.has_errors()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {
                "citations-0-source_id": "",
                "citations-0-passage": "",
                "citations-0-attributed_to": "",
            },
            None,
            MISSING_CITATION,
        ),
        ({"citations-0-passage": " "}, "passage", "Quote the passage"),
        ({"citations-0-source_id": ""}, "source_id", "Choose the source of this passage."),
        ({"citations-0-source_id": "99"}, "source_id", "Choose the source of this passage."),
    ],
)
def test_citations_must_be_complete(form_app, changes, field, message):
    form = submit(form_app, ClaimForm, CLAIM | changes, choices=CHOICES)
    assert not form.ok
    if field is None:
        assert form.citation_errors == [message]
    else:
        assert message in " ".join(getattr(form.citations[0].form, field).errors)


def test_blank_extra_citation_rows_are_ignored(form_app):
    data = CLAIM | {"citations-1-source_id": "", "citations-1-passage": ""}
    form = submit(form_app, ClaimForm, data, choices=CHOICES)
    assert form.ok
    assert len(form.citation_list()) == 1


@pytest.mark.parametrize(
    "changes, victims",
    [
        ({}, []),
        (
            {"victims-0-name": "A. Guard", "victims-0-age": "40"},
            [{"name": "A. Guard", "age": 40, "occupation": "", "confidential": True}],
        ),
        (
            {"victims-0-name": "A. Guard", "victims-0-public": "y"},
            [{"name": "A. Guard", "age": None, "occupation": "", "confidential": False}],
        ),
    ],
)
def test_named_victims_are_confidential_unless_marked_public(form_app, changes, victims):
    form = submit(form_app, AbuseForm, ABUSE | changes, choices=CHOICES)
    assert form.ok, form.errors
    assert form.victim_list() == victims


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"abuse_type": "picnic"}, "abuse_type", "Not a valid choice"),
    ],
)
def test_invalid_abuse_reports(form_app, changes, field, message):
    form = submit(form_app, AbuseForm, ABUSE | changes, choices=CHOICES)
    assert not form.ok
    assert message in " ".join(getattr(form, field).errors)


def test_victim_row_without_a_name_is_refused(form_app):
    form = submit(form_app, AbuseForm, ABUSE | {"victims-0-age": "30"}, choices=CHOICES)
    assert not form.ok
    assert "Give the name" in form.victims[0].form.name.errors[0]


def test_store_errors_land_next_to_their_fields(form_app):
    form = submit(form_app, ClaimForm, CLAIM, choices=CHOICES)
    show_store_errors(
        form,
        {"date_start": "Store says no.", "citations": "Cite it.", "fields": "Odd field."},
    )
    assert form.date_start.errors == ["Store says no."]
    assert form.citation_errors == ["Cite it."]
    assert form.general_errors == ["Odd field."]


def test_edit_form_starts_with_the_stored_values_at_their_precision():
    entry = {
        "title": "T",
        "tags": ["a", "b"],
        "date_precision": "month",
        "date_start": "2025-08-01",
        "date_end": "2025-08-31",
        "district": None,
        "victims": [{"name": "N", "age": None, "occupation": "", "confidential": 1}],
    }
    values = form_values(entry)
    assert values["date_start"] == "2025-08"
    assert values["date_end"] == ""
    assert values["tags"] == "a, b"
    assert values["victims"][0]["public"] is False


SOURCE = {
    "title": "Armed groups claim attacks",
    "outlet": "ANI",
    "url": "https://example.org/news/1",
    "published": "2025-09-07",
    "source_type": "news_report",
    "language": "en",
    "body": "Text of the article.",
}
SOURCE_CHOICES = {
    "source_types": [("news_report", "News report")],
    "languages": [("en", "English"), ("ur", "Urdu")],
}


def upload(name: str, content: bytes) -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=name, name="upload")


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Give the source's title."),
        ({"url": "example.org/news"}, "url", "starting with http:// or https://"),
        ({"url": "javascript:alert(1)"}, "url", "starting with http:// or https://"),
        ({"published": "07/09/2025"}, "published", "is not a date"),
        ({"accessed": "2025-02-30"}, "accessed", "is not a date"),
        ({"source_type": "rumour"}, "source_type", "Not a valid choice"),
        ({"upload": upload("tool.exe", b"MZ")}, "upload", "Upload an HTML, PDF or plain-text"),
        ({"upload": upload("report.pdf", b"<html>")}, "upload", "not a PDF"),
        ({"upload": upload("empty.txt", b"")}, "upload", "The file is empty."),
    ],
)
def test_invalid_sources(form_app, changes, field, message):
    form = submit(form_app, SourceForm, SOURCE | changes, **SOURCE_CHOICES)
    assert not form.ok
    assert message in " ".join(getattr(form, field).errors)


class SmallUploadForm(SourceForm):
    max_upload_bytes = 2048


def test_file_over_the_limit_is_refused_with_a_clear_message(form_app):
    assert SourceForm.max_upload_bytes == 10 * 1024 * 1024
    big = upload("page.html", b"x" * 2049)
    form = submit(form_app, SmallUploadForm, SOURCE | {"upload": big}, **SOURCE_CHOICES)
    assert form.upload.errors == ["The file is too large: at most 2 KB."]
    just_right = upload("page.html", b"x" * 2048)
    form = submit(form_app, SmallUploadForm, SOURCE | {"upload": just_right}, **SOURCE_CHOICES)
    assert form.ok


@pytest.mark.parametrize(
    "name, content, media_type",
    [
        ("page.html", b"<p>hi</p>", "text/html"),
        ("C:\\Users\\me\\report.PDF", b"%PDF-1.7 ...", "application/pdf"),
        ("notes.txt", "بیان".encode(), "text/plain"),
    ],
)
def test_allowed_uploads_are_handed_back(form_app, name, content, media_type):
    form = submit(
        form_app, SourceForm, SOURCE | {"upload": upload(name, content)}, **SOURCE_CHOICES
    )
    assert form.ok, form.errors
    file = form.uploaded()
    assert (file.media_type, file.content) == (media_type, content)
    assert "\\" not in file.filename and "/" not in file.filename


def test_pasted_text_keeps_plain_newlines_so_its_fingerprint_is_stable(form_app):
    form = submit(
        form_app, SourceForm, SOURCE | {"body": "Line one\r\nLine two\r\n"}, **SOURCE_CHOICES
    )
    assert form.record()["body"] == "Line one\nLine two"


def test_source_record_and_date_accessed_defaults_to_today(form_app):
    with form_app.test_request_context():
        assert SourceForm(**SOURCE_CHOICES).accessed.data == date.today().isoformat()
    form = submit(form_app, SourceForm, SOURCE, **SOURCE_CHOICES)
    assert form.ok
    assert form.record() | {"accessed": None} == SOURCE | {
        "accessed": None,
        "confidential": False,
    }


def test_post_without_csrf_token_is_refused_and_writes_nothing(tmp_path):
    app = create_app(
        {"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t", "DEMO_CONTENT": False}
    )
    client = app.test_client()
    response = client.post("/sources/new", data=SOURCE)
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    sign_in_with_token(client, app)
    page = client.get("/sources/new", follow_redirects=True).get_data(as_text=True)
    assert 'name="csrf_token"' in page
    import archive

    db = archive.open_db(app.config["DATABASE"])
    assert db["sources"].count == 0
    db.close()


def sign_in_with_token(client, app) -> None:
    """Sign in as a documenter through the real form, CSRF token and all."""
    from tests.conftest import TEST_PASSWORD, ensure_user

    username = ensure_user(app, "documenter")
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"username": username, "password": TEST_PASSWORD, "csrf_token": token}
    assert client.post("/sign-in", data=data).status_code == 302
