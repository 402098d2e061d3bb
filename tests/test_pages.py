"""The browsing pages, through Flask's test client, on the demo content."""

from __future__ import annotations

import io

import archive
from app import create_app

from .conftest import signed_in_client


def test_empty_archive_offers_demo_content(client):
    page = client.get("/").get_data(as_text=True)
    assert "Abuse reports" in page and "Attack claims" in page
    assert "BLF claims clash with security forces near Khadkucha" in page
    assert "Shelling of civilian areas in Umar Dor" in page


def test_demo_content_can_be_skipped(empty_app):
    page = signed_in_client(empty_app, "reader").get("/").get_data(as_text=True)
    assert "Khadkucha" not in page
    assert "None yet." in page


def test_demo_content_is_never_loaded_into_an_archive_with_data(tmp_path):
    first = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "DEMO_CONTENT": False})
    db = archive.open_db(first.config["DATABASE"])
    archive.add_source(db, {"title": "Our own source"}, "tester")
    db.close()
    again = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "DEMO_CONTENT": True})
    db = archive.open_db(again.config["DATABASE"])
    assert db["sources"].count == 1
    assert db["attack_claims"].count == 0
    db.close()


def test_claims_list_shows_only_claims_and_reads_as_claims(client):
    page = client.get("/claims/").get_data(as_text=True)
    assert "Claimed by <strong>BLF</strong>" in page
    assert "Umar Dor" not in page
    assert "Mass graves" not in page


def test_abuse_list_shows_only_abuse_reports(client):
    page = client.get("/abuses/").get_data(as_text=True)
    assert "Mass graves discovered" in page
    assert "Khadkucha" not in page


def test_list_filters_by_district_and_type(client):
    page = client.get("/claims/?district=Kalat").get_data(as_text=True)
    assert "Manguchar" in page
    assert "Khadkucha" not in page
    page = client.get("/claims/?type=grenade_attack").get_data(as_text=True)
    assert "New Sariab" in page and "Manguchar" not in page


def test_list_sorts_by_date(client):
    newest = client.get("/claims/").get_data(as_text=True)
    oldest = client.get("/claims/?sort=oldest").get_data(as_text=True)
    assert newest.index("Khadkucha") < newest.index("39 locations")
    assert oldest.index("39 locations") < oldest.index("Khadkucha")


def test_claim_page_shows_claim_citation_and_history_link(client, app_db):
    claim = next(app_db["attack_claims"].rows_where("title LIKE ?", ["%Khadkucha%"]))
    page = client.get(f"/claims/{claim['claim_id']}").get_data(as_text=True)
    assert "Claimed by <strong>Balochistan Liberation Front (BLF)</strong>" in page
    assert "not established fact" in page
    assert "BLF, via The Balochistan Post" in page
    assert "cited by 1 source" in page
    assert f"/claims/{claim['claim_id']}/history" in page


def section(page: str, testid: str) -> str:
    """The HTML of the section marked data-testid=`testid`."""
    return page.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]


def test_source_page_lists_entries_by_category(client, app_db):
    source = next(app_db["sources"].rows_where("published = ?", ["2025-09-07"]))
    page = client.get(f"/sources/{source['source_id']}").get_data(as_text=True)
    claims, abuses = section(page, "cited-claim"), section(page, "cited-abuse")
    assert "Khadkucha" in claims and "Umar Dor" not in claims
    assert "Umar Dor" in abuses and "Khadkucha" not in abuses
    assert source["sha256"] in page


def test_history_page_shows_who_changed_what_and_why(client, app_db):
    report = next(app_db["abuse_reports"].rows_where("place = ?", ["Umar Dor"]))
    archive.update_entry(app_db, "abuse", report["report_id"], {"perpetrator": "FC"},
                         "bilal", "A second guard was named")  # fmt: skip
    page = client.get(f"/abuses/{report['report_id']}/history").get_data(as_text=True)
    assert "bilal" in page
    assert "A second guard was named" in page
    assert "Alleged perpetrator" in page


def test_unknown_entry_is_a_calm_404(client):
    response = client.get("/abuses/9999")
    assert response.status_code == 404
    assert "no abuse report 9999" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_404_as_json_for_api_clients(client):
    response = client.get("/claims/9999?format=json")
    assert response.status_code == 404
    assert response.json["reason"] == "There is no attack claim 9999."


def test_bad_page_number_is_a_400_not_a_500(client):
    response = client.get("/claims/?page=two")
    assert response.status_code == 400
    assert "whole number" in response.get_data(as_text=True)


def test_text_is_escaped(client, app_db):
    source_id = archive.add_source(app_db, {"title": "<script>alert(1)</script>"}, "tester")
    page = client.get(f"/sources/{source_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_uploaded_file_is_served_as_a_download(client, app_db):
    file = archive.SourceFile("page.html", "text/html", b"<script>alert(1)</script>")
    source_id = archive.add_source(app_db, {"title": "Saved page"}, "tester", file)
    response = client.get(f"/sources/{source_id}/file")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_make_no_third_party_requests(client):
    page = client.get("/").get_data(as_text=True)
    assert "https://" not in page.split("<body")[0]
    assert 'src="http' not in page and 'href="http' not in page


def test_absurd_page_number_is_a_400_not_a_500(client):
    for url in ("/claims/", "/abuses/", "/sources/", "/admin/audit"):
        response = client.get(url + "?page=99999999999999999999")
        assert response.status_code == 400, url
        assert "There is no page" in response.get_data(as_text=True)


def test_too_large_upload_is_explained(tmp_path):
    small_limit = {"DATA_DIR": str(tmp_path), "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False,
                   "DEMO_CONTENT": False, "MAX_CONTENT_LENGTH": 4096}  # fmt: skip
    client = signed_in_client(create_app(small_limit), "documenter")
    response = client.post("/sources/new", data={"file": (io.BytesIO(b"x" * 8192), "a.txt")})
    assert response.status_code == 413
    assert "up to 10 MB" in response.get_data(as_text=True)
    assert "Nothing was saved" in response.get_data(as_text=True)


HUGE = "9" * 21  # past SQLite's integers


def test_a_number_too_long_for_any_record_is_not_found(app):
    reviewer = signed_in_client(app, "reviewer")
    for method, url in [
        ("GET", f"/abuses/{HUGE}"), ("GET", f"/claims/{HUGE}/history"),
        ("GET", f"/sources/{HUGE}"), ("GET", f"/sources/{HUGE}/merge"),
        ("POST", f"/abuses/{HUGE}/fate"), ("POST", f"/claims/{HUGE}/links"),
        ("POST", f"/sources/{HUGE}/retract"),
    ]:  # fmt: skip
        assert reviewer.open(url, method=method).status_code == 404, url
