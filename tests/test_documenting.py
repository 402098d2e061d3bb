"""Documenting through the web forms, through Flask's test client (CSRF off; see test_forms)."""

from __future__ import annotations

import hashlib
import io
import re

import pytest

import archive

SOURCE = {
    "title": "Armed groups claim attacks across Balochistan",
    "outlet": "ANI, relaying The Balochistan Post",
    "url": "https://example.org/news/2025-09-07",
    "published": "2025-09-07",
    "accessed": "2025-09-08",
    "source_type": "news_report",
    "language": "en",
    "body": "The BLF claimed its fighters clashed with security forces near Khadkucha.",
    "submission": "token-source-1",
}


def claim_form(source_id: int, **changes) -> dict:
    return {
        "title": "BLF claims clash near Khadkucha",
        "group_code": "Balochistan Liberation Front",
        "spokesperson": "",
        "claim_medium": "media_statement",
        "claim_type": "clash",
        "official_response": "none",
        "status": "claimed",
        "date_precision": "day",
        "date_start": "2025-09-03",
        "district": "Mastung",
        "place": "Khadkucha, Quetta-Karachi highway",
        "citations-0-source_id": str(source_id),
        "citations-0-passage": "The BLF claimed its fighters clashed with security forces.",
        "citations-0-attributed_to": "BLF, via The Balochistan Post",
        "submission": "token-claim-1",
        # Demo content holds this incident: the documenter has seen the warning and saves anyway.
        "save_anyway": "1",
        **changes,
    }


def abuse_form(source_id: int, **changes) -> dict:
    return {
        "title": "Shelling injures a guard in Umar Dor",
        "abuse_type": "indiscriminate_attack",
        "status": "alleged",
        "date_precision": "day",
        "date_start": "2025-09-03",
        "district": "Mastung",
        "place": "Umar Dor",
        "figures-0-kind": "injured",
        "figures-0-qualifier": "exact",
        "figures-0-count": "1",
        "figures-0-given_by": "group",
        "victims-0-name": "Guard at the health facility",
        "citations-0-source_id": str(source_id),
        "citations-0-passage": "Shelling injured a guard at a health facility.",
        "citations-0-attributed_to": "BLF",
        "submission": "token-abuse-1",
        "save_anyway": "1",
        **changes,
    }


@pytest.fixture
def source_id(app_db) -> int:
    return next(app_db["sources"].rows_where("published = ?", ["2025-09-07"]))["source_id"]


def counts(db) -> dict[str, int]:
    tables = ("sources", "abuse_reports", "attack_claims", "citations", "revisions", "victims")
    return {table: db[table].count for table in tables}


def test_adding_a_source_by_pasting_its_text_shows_its_sha256(client, app_db):
    response = client.post("/sources/new", data=SOURCE)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Source saved" in page
    assert hashlib.sha256(SOURCE["body"].encode()).hexdigest() in page
    stored = next(app_db["sources"].rows_where("url = ?", [SOURCE["url"]]))
    assert stored["created_by"] == "test-admin"
    assert stored["accessed"] == "2025-09-08"


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"title": "Same article, other title"}, "web address"),
        ({"url": "", "title": "Same text, no address"}, "SHA-256"),
    ],
)
def test_a_known_source_points_to_the_existing_one(client, app_db, changes, reason):
    first = client.post("/sources/new", data=SOURCE).headers["Location"]
    before = counts(app_db)
    again = client.post("/sources/new", data=SOURCE | changes | {"submission": "other"})
    assert again.status_code == 302
    assert again.headers["Location"] == first
    page = client.get(first).get_data(as_text=True)
    assert f"already in the archive (same {reason})" in page
    assert counts(app_db) == before


def test_uploaded_html_file_is_kept_and_served_as_a_download(client, app_db):
    html = b"<html><script>alert(1)</script><p>Statement</p></html>"
    data = SOURCE | {"url": "", "body": "", "upload": (io.BytesIO(html), "statement.html")}
    response = client.post("/sources/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "statement.html" in page
    assert hashlib.sha256(html).hexdigest() in page
    download = client.get(response.headers["Location"] + "/file")
    assert download.data == html
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "application/octet-stream"


def test_a_file_of_the_wrong_type_is_refused_next_to_its_field(client, app_db):
    before = counts(app_db)
    data = SOURCE | {"upload": (io.BytesIO(b"MZ..."), "tool.exe")}
    response = client.post("/sources/new", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="upload-error"' in page and "Upload an HTML, PDF or plain-text file" in page
    assert f'value="{SOURCE["title"]}"' in page
    assert counts(app_db) == before


def test_source_page_offers_entries_from_this_source(client, source_id):
    page = client.get(f"/sources/{source_id}").get_data(as_text=True)
    assert f'href="/abuses/new?source_id={source_id}"' in page
    assert f'href="/claims/new?source_id={source_id}"' in page
    address = f"/claims/new?source_id={source_id}&passage=Quoted+words"
    form = client.get(address, follow_redirects=True).get_data(as_text=True)
    assert f'<option selected value="{source_id}">' in form
    assert "Quoted words</textarea>" in form


def test_adding_a_claim_saves_it_with_its_citation_and_redirects(client, app_db, source_id):
    before = counts(app_db)
    response = client.post("/claims/new", data=claim_form(source_id))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attack claim saved." in page
    assert "Claimed by <strong>Balochistan Liberation Front (BLF)</strong>" in page
    assert "BLF, via The Balochistan Post" in page
    after = counts(app_db)
    assert after["attack_claims"] == before["attack_claims"] + 1
    assert after["abuse_reports"] == before["abuse_reports"]
    claim_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert archive.get_entry(app_db, "claim", claim_id)["group_code"] == "BLF"


def test_adding_an_abuse_report_keeps_victim_names_confidential(client_as, app_db, source_id):
    client = client_as("documenter")
    response = client.post("/abuses/new", data=abuse_form(source_id))
    assert response.status_code == 302
    report_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/abuses/{report_id}").get_data(as_text=True)
    assert "Guard at the health facility" not in page
    victims = archive.get_entry(app_db, "abuse", report_id, include_confidential=True)["victims"]
    assert [(v["name"], v["confidential"]) for v in victims] == [
        ("Guard at the health facility", 1)
    ]


def test_invalid_input_shows_each_error_next_to_its_field_and_writes_nothing(
    client, app_db, source_id
):
    before = counts(app_db)
    data = claim_form(
        source_id,
        group_code="Nobody",
        date_precision="range",
        date_start="2025-08-15",
        date_end="2025-08-13",
        **{"citations-0-passage": ""},
    )
    response = client.post("/claims/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved yet" in page
    assert re.search(r'aria-describedby="group_code-hint group_code-error"[^>]*aria-invalid', page)
    assert "&#39;Nobody&#39; is not a known armed group" in page
    assert 'id="date_end-error">⚠' not in page  # the warning sign comes from CSS, not text
    assert "The range ends before it starts." in page
    assert "Quote the passage of the source" in page
    assert 'value="BLF claims clash near Khadkucha"' in page
    assert counts(app_db) == before


def test_an_entry_without_a_citation_is_refused(client, app_db, source_id):
    before = counts(app_db)
    data = claim_form(source_id, **{"citations-0-source_id": "", "citations-0-passage": "",
                                    "citations-0-attributed_to": ""})  # fmt: skip
    page = client.post("/claims/new", data=data).get_data(as_text=True)
    assert 'id="citations-error"' in page and "Cite at least one source" in page
    assert counts(app_db) == before


def test_script_in_a_narrative_renders_as_text(client, source_id):
    data = claim_form(source_id, narrative="<script>alert('x')</script>")
    location = client.post("/claims/new", data=data).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_double_submission_makes_one_entry(client, app_db, source_id):
    before = counts(app_db)
    first = client.post("/claims/new", data=claim_form(source_id))
    second = client.post("/claims/new", data=claim_form(source_id))
    assert first.headers["Location"] == second.headers["Location"]
    assert counts(app_db)["attack_claims"] == before["attack_claims"] + 1
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "already been saved" in page


def hidden_token(page: str) -> str:
    return re.search(r'name="submission" type="hidden" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("kind", ["claims", "abuses"])
def test_back_and_send_again_saves_nothing_twice(client, app_db, source_id, kind):
    """Back fetches the form's address again: the same token comes back with it."""
    opened = client.get(f"/{kind}/new?source_id={source_id}")
    assert opened.status_code == 302 and "form=" in opened.location
    address = opened.location
    token = hidden_token(client.get(address).get_data(as_text=True))
    assert f"form={token}" in address
    form = claim_form if kind == "claims" else abuse_form
    data = form(source_id, submission=token)
    before = counts(app_db)
    saved = client.post(address, data=data)
    back = client.get(address).get_data(as_text=True)
    assert "This form was already saved" in back and f'href="{saved.location}"' in back
    assert hidden_token(back) == token
    again = client.post(address, data=data)
    assert again.location == saved.location
    table = "attack_claims" if kind == "claims" else "abuse_reports"
    assert counts(app_db)[table] == before[table] + 1
    fresh = client.get(f"/{kind}/new?source_id={source_id}").location
    assert fresh != address


def test_back_and_send_again_saves_a_source_once(client, app_db):
    address = client.get("/sources/new").location
    token = hidden_token(client.get(address).get_data(as_text=True))
    saved = client.post(address, data=SOURCE | {"submission": token})
    back = client.get(address).get_data(as_text=True)
    assert "This form was already saved" in back and hidden_token(back) == token
    again = client.post(address, data=SOURCE | {"submission": token})
    assert again.location == saved.location
    assert "already been saved" in client.get(again.location).get_data(as_text=True)


def test_the_other_category_link_does_not_carry_the_token(client, source_id):
    address = client.get(f"/claims/new?source_id={source_id}").location
    page = client.get(address).get_data(as_text=True)
    assert f'href="/abuses/new?source_id={source_id}"' in page


def test_add_another_citation_without_javascript_writes_nothing(client, app_db, source_id):
    before = counts(app_db)
    response = client.post("/claims/new", data=claim_form(source_id, add_citation="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="citations-2-passage"' in page
    assert "Nothing was saved yet" not in page
    assert counts(app_db) == before


def khadkucha(app_db) -> dict:
    return next(app_db["attack_claims"].rows_where("title LIKE ?", ["%Khadkucha%"]))


def test_edit_form_shows_current_values(client, app_db):
    claim = khadkucha(app_db)
    page = client.get(f"/claims/{claim['claim_id']}/edit").get_data(as_text=True)
    assert f'value="{claim["title"]}"' in page
    assert '<option selected value="Mastung">' in page
    assert 'name="reason"' in page


def test_a_correction_needs_a_reason_and_is_kept_in_history(client, app_db):
    claim_id = khadkucha(app_db)["claim_id"]
    page = client.get(f"/claims/{claim_id}/edit").get_data(as_text=True)
    values = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    data = values | {
        "claim_medium": "media_statement", "claim_type": "clash", "official_response": "none",
        "status": "claimed", "date_precision": "day", "district": "Mastung",
        "figures-0-kind": "injured", "figures-0-qualifier": "exact", "figures-0-count": "0",
        "figures-0-given_by": "group",
    }  # fmt: skip
    refused = client.post(f"/claims/{claim_id}/edit", data=data | {"reason": ""})
    assert refused.status_code == 422
    assert "Say why you are making this change." in refused.get_data(as_text=True)
    assert archive.get_entry(app_db, "claim", claim_id)["figures"] == []
    saved = client.post(f"/claims/{claim_id}/edit", data=data | {"reason": "TBP: none hurt"})
    assert saved.status_code == 302
    figures = archive.get_entry(app_db, "claim", claim_id)["figures"]
    assert [figure["text"] for figure in figures] == ["0 injured (claimed by the group)"]
    history = client.get(f"/claims/{claim_id}/history").get_data(as_text=True)
    assert "TBP: none hurt" in history and "Figures as reported" in history


def test_retraction_needs_a_reason_and_keeps_the_entry(client, app_db):
    claim_id = khadkucha(app_db)["claim_id"]
    refused = client.post(f"/claims/{claim_id}/retract", data={"reason": " "})
    assert refused.status_code == 422
    assert "Say why the entry is retracted." in refused.get_data(as_text=True)
    response = client.post(f"/claims/{claim_id}/retract", data={"reason": "Duplicate entry"})
    assert response.status_code == 302
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert 'Retracted: <span dir="auto">Duplicate entry</span>' in page
    assert "Khadkucha" not in client.get("/claims/").get_data(as_text=True)
    assert archive.get_entry(app_db, "claim", claim_id)["status"] == "retracted"


def test_source_correction_to_a_known_address_is_refused_next_to_the_url(client, app_db):
    first = client.post("/sources/new", data=SOURCE).headers["Location"]
    other = next(app_db["sources"].rows_where("published = ?", ["2025-05-11"]))["source_id"]
    page = client.get(f"/sources/{other}/edit").get_data(as_text=True)
    assert 'name="reason"' in page and "ET News" in page
    data = {"title": "BLA claims", "source_type": "news_report", "language": "en",
            "url": SOURCE["url"], "reason": "Added address"}  # fmt: skip
    response = client.post(f"/sources/{other}/edit", data=data)
    assert response.status_code == 422
    assert f"Source #{first.rsplit('/', 1)[1]} already holds this web address." in (
        response.get_data(as_text=True)
    )


def test_source_lookup_answers_the_picker_in_json(client):
    found = client.get("/sources/lookup?q=39 locations").json["sources"]
    assert len(found) == 1
    assert "39 locations" in found[0]["label"]
    assert client.get("/sources/lookup?q=").json["sources"] == []


def test_retracted_is_not_offered_when_correcting_a_current_entry(client, app_db):
    page = client.get(f"/claims/{khadkucha(app_db)['claim_id']}/edit").get_data(as_text=True)
    assert 'value="retracted"' not in page


def test_history_reads_as_a_diff_and_keeps_victim_names_masked(client_as, app_db, source_id):
    client = client_as("documenter")
    location = client.post("/abuses/new", data=abuse_form(source_id)).headers["Location"]
    report_id = int(location.rsplit("/", 1)[1])
    narrative = "Shelling of civilian areas after the clash injured a guard at a health facility."
    archive.update_entry(app_db, "abuse", report_id, {"narrative": narrative}, "staff", "First")
    archive.update_entry(app_db, "abuse", report_id,
                         {"narrative": narrative.replace("a guard", "two guards")}, "bilal",
                         "A second guard was named",
                         victims=[{"name": "Secret Name", "confidential": True}])  # fmt: skip
    page = client.get(f"/abuses/{report_id}/history").get_data(as_text=True)
    assert "Corrected</strong> by bilal" in page
    assert "<del>a guard</del>" in page or "<del>a</del>" in page
    assert "<ins>two" in page
    assert "Named victims" in page and "1 named (details withheld)" in page
    assert "Secret Name" not in page and "Guard at the health facility" not in page


def test_lookup_leaves_out_confidential_sources(client_as, app_db):
    client = client_as("documenter")
    archive.add_source(app_db, {"title": "Witness statement, Kech", "confidential": True}, "t")
    assert client.get("/sources/lookup?q=Witness").json["sources"] == []
    page = client.get("/claims/new", follow_redirects=True).get_data(as_text=True)
    assert "Witness statement" not in page


def test_a_confidential_duplicate_is_not_revealed_to_a_documenter(client_as, app_db):
    secret = archive.add_source(
        app_db, {"title": "Testimony", "url": "https://example.org/secret", "confidential": True},
        "tester",
    )  # fmt: skip
    before = app_db["sources"].count
    response = client_as("documenter").post(
        "/sources/new", data=SOURCE | {"url": "https://example.org/secret"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already holds this source in confidence" in page
    assert f"/sources/{secret}" not in page and f"#{secret}" not in page
    assert app_db["sources"].count == before


def test_only_reviewers_may_mark_an_entry_verified(client_as, app_db, source_id):
    documenter, reviewer = client_as("documenter"), client_as("reviewer")
    report = int(
        documenter.post("/abuses/new", data=abuse_form(source_id)).location.rsplit("/", 1)[1]
    )
    form = documenter.get(f"/abuses/{report}/edit").get_data(as_text=True)
    assert 'value="verified"' not in form
    refused = documenter.post(
        f"/abuses/{report}/edit", data=abuse_form(source_id, status="verified", reason="checked")
    )
    assert refused.status_code == 422
    assert archive.get_entry(app_db, "abuse", report)["status"] == "alleged"
    assert 'value="verified"' in reviewer.get(f"/abuses/{report}/edit").get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    ["/abuses/new?source_id=999999999999999999999", "/claims/new?source_id=99999999999999999999",
     "/sources/lookup?q=" + "a" * 100_000],
)  # fmt: skip
def test_absurd_ids_and_queries_are_ignored_not_500s(client, url):
    assert client.get(url, follow_redirects=True).status_code == 200


def test_an_absurd_count_is_refused_next_to_its_field(client, app_db, source_id):
    data = abuse_form(source_id, **{"figures-0-count": "9" * 25})
    response = client.post("/abuses/new", data=data)
    assert response.status_code == 422
    assert "too large" in response.get_data(as_text=True)
    assert app_db["abuse_reports"].count_where("title = ?", [abuse_form(source_id)["title"]]) == 0
