"""The API at /api/v1/: each call's happy path, what each role may do and see, bad input
answered as JSON with a reason and nothing written, and revisions under the token's user."""

from __future__ import annotations

import json
import re

import pytest

import archive

from .api_helpers import ABUSE, CLAIM, audit_rows, bearer, counts, make_token, opened


@pytest.fixture
def call(app):
    """call(role, method, path, json=...) -> the response, with a token of a user of `role`."""
    tokens: dict[str, str] = {}

    def send(role: str, method: str, path: str, **kwargs):
        if role not in tokens:
            tokens[role] = make_token(app, role, name=f"{role} script")
        headers = {**bearer(tokens[role]), **kwargs.pop("headers", {})}
        return app.test_client().open(path, method=method, headers=headers, **kwargs)

    return send


@pytest.fixture
def source(app) -> int:
    """A source to cite, added by the store."""
    with opened(app) as db:
        return archive.add_source(
            db, {"title": "HRCP fact-finding report", "body": "A report."}, "t"
        )


@pytest.fixture
def secret_source(app) -> int:
    """A confidential source (a witness statement)."""
    record = {"title": "Statement of a witness in Turbat", "body": "He was taken at night.",
              "confidential": True}  # fmt: skip
    with opened(app) as db:
        return archive.add_source(db, record, "t")


def new_abuse(source: int, **extra) -> dict:
    return {**ABUSE, "citations": [{"source_id": source, "passage": "taken from a bus"}], **extra}


def new_claim(source: int, **extra) -> dict:
    return {**CLAIM, "citations": [{"source_id": source, "passage": "attacked a convoy"}], **extra}


# Reading ---------------------------------------------------------------------------------------


def test_lists_each_category_apart_with_pages(call):
    abuses = call("reader", "GET", "/api/v1/abuses?per_page=1").json
    claims = call("reader", "GET", "/api/v1/claims").json
    assert abuses["per_page"] == 1 and abuses["pages"] == abuses["total"] > 1
    assert {item["kind"] for item in abuses["items"]} == {"abuse"}
    assert {item["kind"] for item in claims["items"]} == {"claim"} and claims["total"] >= 1


def test_list_filters_as_the_list_page_does(call, source):
    created = call("documenter", "POST", "/api/v1/abuses", json=new_abuse(source)).json
    kech = call("reader", "GET", "/api/v1/abuses?district=Kech").json
    assert [item["entry_id"] for item in kech["items"]] == [created["entry_id"]]


def test_get_entry_with_citations_figures_and_links(call):
    entry = call("reader", "GET", "/api/v1/claims/1").json
    assert entry["entry_id"] == 1 and entry["kind"] == "claim"
    assert entry["citations"] and {"passage", "source_title"} <= entry["citations"][0].keys()


def test_reader_sees_no_confidential_field_a_reviewer_does(call, secret_source, source):
    body = new_abuse(source, victims=[{"name": "Shahzaib Baloch", "age": 22}])
    body["citations"].append({"source_id": secret_source, "passage": "taken at night"})
    entry_id = call("reviewer", "POST", "/api/v1/abuses", json=body).json["entry_id"]
    for role in ("reader", "documenter"):
        seen = call(role, "GET", f"/api/v1/abuses/{entry_id}")
        assert "Shahzaib" not in seen.get_data(as_text=True)
        assert "Statement of a witness" not in seen.get_data(as_text=True)
        assert seen.json["victims"] == [] and seen.json["source_count"] == 1
        assert call(role, "GET", f"/api/v1/sources/{secret_source}").status_code == 404
        listed = call(role, "GET", "/api/v1/sources?per_page=100").json["items"]
        assert secret_source not in [item["source_id"] for item in listed]
    full = call("reviewer", "GET", f"/api/v1/abuses/{entry_id}").json
    assert [v["name"] for v in full["victims"]] == ["Shahzaib Baloch"]
    assert full["victims"][0]["confidential"] is True and full["source_count"] == 2
    assert call("reviewer", "GET", f"/api/v1/sources/{secret_source}").json["confidential"]


def test_search_keeps_the_categories_apart(call, source):
    told = "Witnesses at Zarkhel saw him taken."
    call("documenter", "POST", "/api/v1/abuses", json=new_abuse(source, narrative=told))
    call("documenter", "POST", "/api/v1/claims", json=new_claim(source))
    found = call("reader", "GET", "/api/v1/search?q=Zarkhel").json
    assert found["counts"]["abuse"] == 1 and found["counts"]["claim"] == 0
    assert "total" not in found["counts"]
    assert found["results"]["abuse"][0]["title"] == ABUSE["title"]
    claims = call("reader", "GET", "/api/v1/search?q=convoy&category=claim").json
    assert list(claims["results"]) == ["claim"] and claims["counts"]["claim"] >= 1


@pytest.mark.parametrize(
    ("query", "field"),
    [("date_from=2025-09-01&date_to=2025-01-01", "date_to"), ("page=0", "page"),
     ("colour=red", "colour"), ("q=" + "x" * 600, "q"), ("year=20x5", "year")],
)  # fmt: skip
def test_search_that_cannot_run_is_a_400_naming_the_field(call, query, field):
    response = call("reader", "GET", f"/api/v1/search?{query}")
    assert response.status_code == 400 and field in response.json["error"]["fields"]


# Writing --------------------------------------------------------------------------------------


def test_documenter_adds_a_report_saved_under_their_name(app, call, source):
    body = new_abuse(source, victims=[{"name": "Shahzaib Baloch", "age": 22}],
                     figures=[{"kind": "missing", "qualifier": "exact", "count": 1,
                               "given_by": "family"}])  # fmt: skip
    response = call("documenter", "POST", "/api/v1/abuses", json=body)
    assert response.status_code == 201
    entry = response.json
    assert entry["title"] == ABUSE["title"] and entry["created_by"] == "test-documenter"
    assert entry["figures"][0]["text"] and entry["citations"][0]["passage"] == "taken from a bus"
    with opened(app) as db:
        revisions = archive.history(db, "abuse_report", entry["entry_id"], True)
        assert [(r["action"], r["actor"]) for r in revisions] == [("create", "test-documenter")]
        assert db["victims"].count_where("report_id = ?", [entry["entry_id"]]) == 1
    written = audit_rows(app, "api_write")[-1]
    assert written["actor"] == "test-documenter"
    assert json.loads(written["detail"])["via"] == "API token documenter script"


def test_documenter_adds_a_claim(call, source):
    response = call("documenter", "POST", "/api/v1/claims", json=new_claim(source))
    assert response.status_code == 201
    assert response.json["group_code"] == "BLA" and response.json["kind"] == "claim"


def test_correction_needs_a_reason_and_is_a_revision_of_the_user(app, call, source):
    entry_id = call("documenter", "POST", "/api/v1/abuses", json=new_abuse(source)).json["entry_id"]
    path = f"/api/v1/abuses/{entry_id}"
    assert call("documenter", "PATCH", path, json={"place": "Turbat bus stand"}).status_code == 400
    assert call("documenter", "PATCH", path, json={"place": "x", "reason": " "}).status_code == 422
    changed = call(
        "reviewer",
        "PATCH",
        path,
        json={"place": "Turbat bus stand", "reason": "Place from the HRCP report"},
    )
    assert changed.status_code == 200 and changed.json["place"] == "Turbat bus stand"
    assert changed.json["updated_by"] == "test-reviewer"
    with opened(app) as db:
        last = archive.history(db, "abuse_report", entry_id)[-1]
    assert (last["actor"], last["reason"]) == ("test-reviewer", "Place from the HRCP report")


def test_retract_with_a_reason_once(call, source):
    entry_id = call("documenter", "POST", "/api/v1/claims", json=new_claim(source)).json["entry_id"]
    path = f"/api/v1/claims/{entry_id}/retract"
    retracted = call("documenter", "POST", path, json={"reason": "The group denied it."})
    assert retracted.json["status"] == "retracted"
    assert retracted.json["retraction_reason"] == "The group denied it."
    again = call("documenter", "POST", path, json={"reason": "Again."})
    assert (
        again.status_code == 422 and "already retracted" in again.json["error"]["fields"]["status"]
    )


def test_cite_and_remove_a_citation_but_never_the_last(call, source):
    entry = call("documenter", "POST", "/api/v1/abuses", json=new_abuse(source)).json
    path = f"/api/v1/abuses/{entry['entry_id']}/citations"
    first = entry["citations"][0]["citation_id"]
    last = call("documenter", "POST", f"{path}/{first}/remove", json={"reason": "Wrong source."})
    assert last.status_code == 422 and "last citation" in last.json["error"]["fields"]["citations"]
    added = call("documenter", "POST", path, json={"source_id": 1, "passage": "a guard injured"})
    assert added.status_code == 201 and len(added.json["citations"]) == 2
    removed = call("documenter", "POST", f"{path}/{first}/remove", json={"reason": "Wrong source."})
    assert [c["source_id"] for c in removed.json["citations"]] == [1]
    unknown = call("documenter", "POST", f"{path}/999/remove", json={"reason": "x"})
    assert unknown.status_code == 404


def test_link_and_unlink_entries_of_both_categories(call, source):
    report = call("documenter", "POST", "/api/v1/abuses", json=new_abuse(source)).json
    claim = call("documenter", "POST", "/api/v1/claims", json=new_claim(source)).json
    path = f"/api/v1/abuses/{report['entry_id']}/links"
    body = {"link_type": "same_event", "other_kind": "claim", "other_id": claim["entry_id"]}
    linked = call("documenter", "POST", path, json=body)
    assert linked.status_code == 201
    (link,) = linked.json["links"]
    assert (link["kind"], link["entry_id"]) == ("claim", claim["entry_id"])
    assert call("documenter", "POST", path, json=body).status_code == 422
    other = call("reader", "GET", f"/api/v1/claims/{claim['entry_id']}").json["links"]
    assert [item["entry_id"] for item in other] == [report["entry_id"]]
    removed = call("documenter", "POST", f"{path}/{link['link_id']}/remove",
                   json={"reason": "Another day's convoy."})  # fmt: skip
    assert removed.status_code == 200 and removed.json["links"] == []
    gone = call("documenter", "POST", f"{path}/{link['link_id']}/remove", json={"reason": "x"})
    assert gone.status_code == 404


def test_add_a_source_and_a_second_copy_is_a_409(call):
    body = {"title": "BLA statement on Kalat", "outlet": "The Balochistan Post",
            "url": "https://example.org/kalat", "published": "2025-08-16", "language": "en",
            "body": "The BLA said it attacked a convoy."}  # fmt: skip
    created = call("documenter", "POST", "/api/v1/sources", json=body)
    assert created.status_code == 201 and created.json["sha256"]
    assert call("reader", "GET", f"/api/v1/sources/{created.json['source_id']}").json["title"] \
        == body["title"]  # fmt: skip
    again = call("documenter", "POST", "/api/v1/sources", json=body)
    assert again.status_code == 409
    assert f"Source {created.json['source_id']}" in again.json["error"]["message"]


# What each role may do -------------------------------------------------------------------------

WRITES = [
    ("POST", "/api/v1/abuses"), ("POST", "/api/v1/claims"), ("POST", "/api/v1/sources"),
    ("PATCH", "/api/v1/abuses/1"), ("PATCH", "/api/v1/claims/1"),
    ("POST", "/api/v1/abuses/1/retract"), ("POST", "/api/v1/claims/1/retract"),
    ("POST", "/api/v1/abuses/1/citations"), ("POST", "/api/v1/claims/1/citations/1/remove"),
    ("POST", "/api/v1/abuses/1/links"), ("POST", "/api/v1/claims/1/links/1/remove"),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_reader_cannot_write(app, call, method, path):
    before = counts(app)
    response = call("reader", method, path, json={"reason": "trying"})
    assert response.status_code == 403 and "Your role (reader)" in response.json["error"]["message"]
    assert counts(app) == before


def test_only_reviewers_mark_an_entry_verified(call, source):
    body = new_abuse(source, status="verified")
    refused = call("documenter", "POST", "/api/v1/abuses", json=body)
    assert refused.status_code == 403 and "status" in refused.json["error"]["fields"]
    assert call("reviewer", "POST", "/api/v1/abuses", json=body).json["status"] == "verified"
    retracted = call(
        "reviewer", "POST", "/api/v1/abuses", json=new_abuse(source, status="retracted")
    )
    assert retracted.status_code == 403


def test_documenter_cannot_cite_a_source_they_cannot_see(app, call, secret_source):
    before = counts(app)
    response = call("documenter", "POST", "/api/v1/abuses", json=new_abuse(secret_source))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {
        "citations.0.source_id": "Choose a source that is in the archive."
    }
    assert counts(app) == before


def test_only_those_who_see_victims_may_replace_them(app, call, source):
    entry_id = call("documenter", "POST", "/api/v1/abuses", json=new_abuse(source)).json["entry_id"]
    body = {"victims": [{"name": "Someone"}], "reason": "Named by the family"}
    refused = call("documenter", "PATCH", f"/api/v1/abuses/{entry_id}", json=body)
    assert refused.status_code == 403
    done = call("reviewer", "PATCH", f"/api/v1/abuses/{entry_id}", json=body)
    assert [victim["name"] for victim in done.json["victims"]] == ["Someone"]


# Bad input: a JSON reason, nothing written ------------------------------------------------------


def bad_bodies(source: int) -> list[tuple[str, object, int, str]]:
    """(what, body, status, field the error names)."""
    good = new_abuse(source)
    return [
        ("an extra field", {**good, "victim_count": 3}, 400, "victim_count"),
        ("a number for a title", {**good, "title": 5}, 400, "title"),
        ("a string for an id", {**good, "citations": [{"source_id": "1", "passage": "p"}]}, 400,
         "citations.0.source_id"),
        ("true for an id", {**good, "citations": [{"source_id": True, "passage": "p"}]}, 400,
         "citations.0.source_id"),
        ("a huge id", {**good, "citations": [{"source_id": 2**70, "passage": "p"}]}, 400,
         "citations.0.source_id"),
        ("no citations", {key: v for key, v in good.items() if key != "citations"}, 400,
         "citations"),
        ("an empty list of citations", {**good, "citations": []}, 422, "citations"),
        ("an unknown source", {**good, "citations": [{"source_id": 9999, "passage": "p"}]}, 422,
         "source_id"),
        ("an unknown district", {**good, "district": "Atlantis"}, 422, "district"),
        ("an impossible date", {**good, "date_start": "2025-02-30"}, 422, "date_start"),
        ("a control character", {**good, "title": "Bus\x00stop"}, 422, "title"),
        ("a title too long", {**good, "title": "x" * 301}, 422, "title"),
        ("a victim without a name", {**good, "victims": [{"name": " ", "age": 30}]}, 422,
         "victims"),
        ("an age too large", {**good, "victims": [{"name": "A", "age": 2**40}]}, 400,
         "victims.0.age"),
        ("a figure without a number", {**good, "figures": [{"kind": "killed",
         "qualifier": "exact", "given_by": "media"}]}, 422, "figures"),
        ("a list", [good], 400, "body"),
    ]  # fmt: skip


def test_each_bad_body_is_refused_naming_its_field_and_writes_nothing(app, call, source):
    for what, body, status, field in bad_bodies(source):
        before = counts(app)
        response = call("documenter", "POST", "/api/v1/abuses", json=body)
        assert response.status_code == status, (what, response.json)
        assert response.is_json and set(response.json) == {"error"}, what
        assert field in response.json["error"]["fields"] or (
            field == "body" and response.json["error"]["message"]
        ), (what, response.json)
        assert counts(app) == before, what


@pytest.mark.parametrize(
    ("data", "content_type", "words"),
    [("{not json", "application/json", "not valid JSON"),
     ('{"title": "x"}', "text/plain", "Content-Type: application/json"),
     ("[" * 100_000 + "]" * 100_000, "application/json", "not valid JSON"),
     ('{"n": ' + "9" * 5000 + "}", "application/json", "not valid JSON")],
)  # fmt: skip
def test_unreadable_body_is_a_400(app, call, data, content_type, words):
    before = counts(app)
    response = call("documenter", "POST", "/api/v1/sources", data=data, content_type=content_type)
    assert response.status_code == 400 and words in response.json["error"]["message"]
    assert counts(app) == before


def test_huge_body_is_a_json_413(app, call):
    before = counts(app)
    body = json.dumps({"title": "Huge", "body": "x" * (9 * 1024 * 1024)})
    response = call("documenter", "POST", "/api/v1/sources", data=body,
                    content_type="application/json")  # fmt: skip
    assert response.status_code == 413 and "8 MB" in response.json["error"]["message"]
    assert counts(app) == before


@pytest.mark.parametrize(
    "path",
    ["/api/v1/abuses/999999", "/api/v1/claims/999999", "/api/v1/sources/999999",
     f"/api/v1/abuses/{2**64}", "/api/v1/abuses/-1", "/api/v1/nothing-here"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_json_404s(call, path):
    response = call("reader", "GET", path)
    assert response.status_code == 404 and response.is_json
    assert response.json["error"]["message"]


def test_unknown_ids_in_writes_are_404s_writing_nothing(app, call, source):
    before = counts(app)
    cite = {"source_id": source, "passage": "p"}
    assert call("documenter", "POST", "/api/v1/abuses/999999/citations", json=cite).status_code \
        == 404  # fmt: skip
    assert call("documenter", "PATCH", "/api/v1/claims/999999",
                json={"title": "x", "reason": "y"}).status_code == 404  # fmt: skip
    link = {"link_type": "same_event", "other_kind": "claim", "other_id": 999999}
    refused = call("documenter", "POST", "/api/v1/abuses/1/links", json=link)
    assert refused.status_code == 422 and "other_id" in refused.json["error"]["fields"]
    assert counts(app) == before


def test_wrong_method_is_a_json_405_saying_what_is_allowed(call):
    response = call("documenter", "DELETE", "/api/v1/abuses/1")
    assert response.status_code == 405 and response.is_json
    assert "PATCH" in response.headers["Allow"]


# The document --------------------------------------------------------------------------------


def test_openapi_document_describes_every_call_and_needs_no_token(app):
    document = app.test_client().get("/api/openapi.json").json
    assert document["openapi"] == "3.1.0"
    documented = {(method.upper(), path) for path, calls in document["paths"].items()
                  for method in calls}  # fmt: skip
    routes = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == routes and len(routes) >= 20
    for path, calls in document["paths"].items():
        for method, described in calls.items():
            assert described["security"] == [{"token": []}], (method, path)
            assert "401" in described["responses"], (method, path)
            assert "Needs the role" in described["description"], (method, path)
