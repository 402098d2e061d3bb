"""Typed text: control characters and overlong text get a message next to their field, never a
500, in every form; the archive refuses them too, whoever calls it."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re

import pytest
from wtforms import FieldList, FormField, HiddenField, StringField
from wtforms.form import BaseForm

import archive
import forms
from app import create_app
from archive.validation import ENTRY_LIMITS, SOURCE_LIMITS
from forms.common import TextCheck
from forms.entries import EntryChoices, EntryForm
from forms.imports import MappingForm
from forms.reference import ReferenceForm
from forms.source_list import SourceListForm
from forms.sources import SourceForm

from .conftest import TEST_PASSWORD, ensure_user, signed_in_client
from .test_documenting import SOURCE, abuse_form, claim_form

TEN_MB = "x" * (10 * 1024 * 1024)
CASES = {
    "NUL alone": ("\x00", "NUL (U+0000), at character 1."),
    "NUL inside": ("Umar\x00Dor", "NUL (U+0000), at character 5."),
    "10 MB": (TEN_MB, "it can hold at most"),
}
PASSWORDS = {"new_password": "a brand new phrase", "confirm": "a brand new phrase"}
NEW_USER = {"username": "bilal", "password": TEST_PASSWORD, "role": "reader"}


def entry_id(db, table: str, pk: str) -> int:
    return next(db.query(f"SELECT {pk} FROM {table} ORDER BY {pk} LIMIT 1"))[pk]


def form_targets(db, source_id: int) -> dict[str, tuple[str, str, dict]]:
    """Form name -> (method, URL, valid data), every form people type into."""
    report = entry_id(db, "abuse_reports", "report_id")
    claim = entry_id(db, "attack_claims", "claim_id")
    edit = {"reason": "Corrected from the statement."}
    new_source = SOURCE | {"submission": "token-source-checks"}
    return {
        "abuse": ("POST", "/abuses/new", abuse_form(source_id)),
        "claim": ("POST", "/claims/new", claim_form(source_id)),
        "abuse_edit": ("POST", f"/abuses/{report}/edit", abuse_form(source_id) | edit),
        "claim_edit": ("POST", f"/claims/{claim}/edit", claim_form(source_id) | edit),
        "retract": ("POST", f"/claims/{claim}/retract", {"reason": "A duplicate."}),
        "source": ("POST", "/sources/new", new_source),
        "source_edit": ("POST", f"/sources/{source_id}/edit", SOURCE | edit),
        "new_user": ("POST", "/admin/users", NEW_USER),
        "password": ("POST", "/account/password", {"current_password": TEST_PASSWORD} | PASSWORDS),
        "sign_in": ("POST", "/sign-in", {"username": "test-reader", "password": TEST_PASSWORD}),
        "search": ("GET", "/search", {"q": "Mastung"}),
        "audit": ("GET", "/admin/audit", {"actor": "test-admin"}),
    }


FIELDS = [
    ("abuse", "title"), ("abuse", "narrative"), ("abuse", "date_start"), ("abuse", "date_end"),
    ("abuse", "place"), ("abuse", "tags"), ("abuse", "perpetrator"),
    ("abuse", "citations-0-passage"), ("abuse", "citations-0-attributed_to"),
    ("abuse", "victims-0-name"), ("abuse", "victims-0-occupation"),
    ("claim", "group_code"), ("claim", "spokesperson"), ("claim", "claimed_targets"),
    ("claim", "official_statement"), ("claim", "title"),
    ("abuse_edit", "title"), ("abuse_edit", "narrative"), ("abuse_edit", "reason"),
    ("claim_edit", "official_statement"), ("claim_edit", "reason"), ("retract", "reason"),
    ("source", "title"), ("source", "outlet"), ("source", "url"), ("source", "published"),
    ("source", "accessed"), ("source", "body"),
    ("source_edit", "title"), ("source_edit", "body"), ("source_edit", "reason"),
    ("new_user", "username"), ("new_user", "password"),
    ("password", "current_password"), ("password", "new_password"), ("password", "confirm"),
    ("sign_in", "username"), ("sign_in", "password"),
    ("search", "q"), ("search", "district"), ("audit", "actor"), ("audit", "since"),
]  # fmt: skip
# What a field needs around it to be checked at all (a range's last day needs a range).
CONTEXT = {"date_end": {"date_precision": "range", "date_start": "2025-08-13"}}


def stored(db) -> dict:
    """Everything a form could write: documentation, its history, and the accounts."""
    tables = ("sources", "abuse_reports", "attack_claims", "citations", "victims", "revisions")
    snapshot: dict = {table: db[table].count for table in tables}
    snapshot["users"] = [(u["username"], u["password_hash"]) for u in db["users"].rows]
    return snapshot


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    """One app for the whole table: each case asserts that it stored nothing."""
    data_dir = tmp_path_factory.mktemp("text-checks")
    # Made before the per-test fixtures (conftest's two_factor_roles_off): say it here too.
    config = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
              "TWO_FACTOR_ROLES": ""}  # fmt: skip
    app = create_app(config | {"DATA_DIR": str(data_dir)})
    database = archive.open_db(app.config["DATABASE"])
    yield app, database
    database.close()


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("form", "field"), FIELDS)
def test_control_characters_and_overlong_text_get_a_message_by_the_field(
    shared_app, form, field, case
):
    app, app_db = shared_app
    value, message = CASES[case]
    ensure_user(app, "reader")
    source_id = entry_id(app_db, "sources", "source_id")
    method, url, data = form_targets(app_db, source_id)[form]
    data = data | CONTEXT.get(field, {}) | {field: value}
    client = app.test_client() if form == "sign_in" else signed_in_client(app, "admin")
    before = stored(app_db)
    if method == "GET":
        response = client.get(url, query_string=data)
    else:
        multipart = "multipart/form-data" if form == "source" else None
        response = client.post(url, data=data, content_type=multipart)
    page = response.get_data(as_text=True)
    response.request.input_stream.close()  # a large upload is spooled to a temporary file
    assert response.status_code in (200, 400, 422), page[:2000]
    error_id = f"error-{field}" if form == "search" else f"{field}-error"
    assert re.search(rf'id="{error_id}"[^>]*>[^<]*{re.escape(message)}', page)
    assert stored(app_db) == before


@pytest.mark.parametrize("case", CASES)
def test_json_search_refuses_a_bad_query_with_a_reason(client, case):
    value, message = CASES[case]
    response = client.get("/search", query_string={"q": value, "format": "json"})
    assert response.status_code == 400
    assert message in response.json["reasons"]["q"][0]


def test_one_line_boxes_turn_tabs_and_line_breaks_into_spaces(client, app_db, source_id):
    data = abuse_form(source_id, title="Shelling\tinjures a guard\r\nin Umar Dor")
    assert client.post("/abuses/new", data=data).status_code == 302
    titles = [row["title"] for row in app_db["abuse_reports"].rows]
    assert "Shelling injures a guard in Umar Dor" in titles


def test_page_breaks_in_pasted_text_become_line_breaks(client, app_db):
    body = "Page one.\x0cPage two.\nLast line."
    data = SOURCE | {"body": body, "url": ""}
    assert client.post("/sources/new", data=data).status_code == 302
    bodies = [row["body"] for row in app_db["sources"].rows]
    assert "Page one.\nPage two.\nLast line." in bodies


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("/abuses/new", "What happened, in your own words. Up to 50,000 characters."),
        ("/abuses/new", "Up to 300 characters."),
        ("/abuses/new", "Up to 5,000 characters."),
        ("/sources/new", "Paste the article or statement here. Up to 1,000,000 characters."),
        ("/claims/{claim}/retract", "Up to 500 characters."),
        ("/admin/users", "Up to 40 characters."),
        ("/account/password", "At least 10 characters, up to 200."),
    ],
)
def test_forms_say_each_limit_under_the_field(client, app_db, url, hint):
    claim = entry_id(app_db, "attack_claims", "claim_id")
    page = client.get(url.format(claim=claim), follow_redirects=True).get_data(as_text=True)
    assert re.search(rf'<p class="hint" id="[\w-]+-hint">{re.escape(hint)}</p>', page)


def test_a_long_source_text_is_accepted_from_the_upload_form(client, app_db):
    """Flask refuses a form part over 500 KB by default: a long report pasted whole must fit."""
    body = "A long report. " * 40_000  # 600,000 characters
    data = SOURCE | {"body": body, "url": ""}
    response = client.post("/sources/new", data=data, content_type="multipart/form-data")
    response.request.input_stream.close()
    assert response.status_code == 302
    assert any(len(row["body"]) == len(body.strip()) for row in app_db["sources"].rows)


def test_a_request_larger_than_any_form_gets_the_too_large_page(client, app_db):
    before = stored(app_db)
    upload = (io.BytesIO(b"x" * (17 * 1024 * 1024)), "report.txt")
    data = SOURCE | {"upload": upload}
    response = client.post("/sources/new", data=data, content_type="multipart/form-data")
    response.request.input_stream.close()
    assert response.status_code == 413
    assert "larger than the archive accepts" in response.get_data(as_text=True)
    assert stored(app_db) == before


# The archive's own checks, for a CLI or an importer that bypasses the forms.


def entry(**changes) -> dict:
    return {"title": "Shelling injures a guard", "abuse_type": "indiscriminate_attack",
            "date_precision": "unknown", **changes}  # fmt: skip


def passage(source_id: int, **changes) -> list[dict]:
    return [{"source_id": source_id, "passage": "Shelling injured a guard.", **changes}]


ARCHIVE_CALLS = {
    "entry title": lambda db, s, v: archive.add_entry(
        db, "abuse", entry(title=v), passage(s), "importer"
    ),
    "narrative": lambda db, s, v: archive.add_entry(
        db, "abuse", entry(narrative=v), passage(s), "importer"
    ),
    "tags": lambda db, s, v: archive.add_entry(
        db, "abuse", entry(tags=["ok", v]), passage(s), "importer"
    ),
    "passage": lambda db, s, v: archive.add_entry(
        db, "abuse", entry(), passage(s, passage=v), "importer"
    ),
    "victim name": lambda db, s, v: archive.add_entry(
        db, "abuse", entry(), passage(s), "importer", victims=[{"name": v}]
    ),
    "source title": lambda db, s, v: archive.add_source(db, {"title": v}, "importer"),
    "source text": lambda db, s, v: archive.add_source(db, {"title": "T", "body": v}, "importer"),
    "edit reason": lambda db, s, v: archive.update_source(db, s, {"outlet": "Dawn"}, "importer", v),
}
ARCHIVE_CASES = {
    "NUL alone": ("\x00", "NUL (U+0000)"),
    "NUL inside": ("Umar\x00Dor", "NUL (U+0000)"),
    "escape": ("Umar\x1bDor", "escape (U+001B)"),
    "2,000,000 characters": ("x" * 2_000_000, "it can hold at most"),
}


@pytest.mark.parametrize("case", ARCHIVE_CASES)
@pytest.mark.parametrize("call", ARCHIVE_CALLS)
def test_the_archive_refuses_control_characters_and_overlong_text(db, source_id, call, case):
    value, message = ARCHIVE_CASES[case]
    before = {table: db[table].count for table in ("sources", "abuse_reports", "revisions")}
    with pytest.raises(archive.InvalidRecord) as refused:
        ARCHIVE_CALLS[call](db, source_id, value)
    assert any(message in reason for reason in refused.value.errors.values())
    assert {table: db[table].count for table in before} == before


@pytest.mark.parametrize(
    ("limits", "field", "limit"),
    [(ENTRY_LIMITS, "title", 300), (ENTRY_LIMITS, "narrative", 50_000),
     (SOURCE_LIMITS, "body", 1_000_000)],
)  # fmt: skip
def test_text_at_its_limit_is_stored(db, source_id, limits, field, limit):
    assert limits[field] == limit
    if limits is SOURCE_LIMITS:
        stored_id = archive.add_source(db, {"title": "T", field: "x" * limit}, "importer")
        assert len(archive.get_source(db, stored_id)[field]) == limit
    else:
        stored_id = archive.add_entry(db, "abuse", entry(**{field: "x" * limit}),
                                      passage(source_id), "importer")  # fmt: skip
        assert len(archive.get_entry(db, "abuse", stored_id)[field]) == limit


# Every text field of every form carries the shared check: a new field without it fails here.

CHOICES = EntryChoices(types=[], statuses=[], districts=[], sources=[])
FORM_ARGUMENTS = [
    (EntryForm, {"choices": CHOICES}),
    (SourceForm, {"source_types": [], "languages": []}),
    (ReferenceForm, {"choices": {}}),
    (SourceListForm, {"outlets": [], "types": []}),
    (MappingForm, {"columns": ["title", "district"], "saved": []}),
]


def every_form_class() -> list[type]:
    # Every module of the package, so a form added later is checked too.
    modules = [
        importlib.import_module(f"forms.{info.name}")
        for info in pkgutil.iter_modules(forms.__path__)
    ]
    return [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseForm) and cls.__module__ == module.__name__ and cls is not EntryForm
    ]


def text_fields(form):
    for field in form:
        if isinstance(field, FieldList):
            for row in field:
                yield from text_fields(row.form)
        elif isinstance(field, FormField):
            yield from text_fields(field.form)
        elif isinstance(field, StringField) and not isinstance(field, HiddenField):
            yield field


@pytest.mark.parametrize("form_class", every_form_class(), ids=lambda cls: cls.__name__)
def test_every_text_field_carries_the_shared_check(app, form_class):
    arguments = next((kw for base, kw in FORM_ARGUMENTS if issubclass(form_class, base)), {})
    with app.test_request_context():
        form = form_class(**arguments)
        unchecked = [
            field.name
            for field in text_fields(form)
            if not any(isinstance(validator, TextCheck) for validator in field.validators)
        ]
    assert unchecked == []
