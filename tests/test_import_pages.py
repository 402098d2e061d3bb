"""The /import page through the real app: upload, build a mapping from the file's columns, a dry
run's report, unknown values matched, the import with its progress, and who may do it."""

from __future__ import annotations

import io
import re
import time

from werkzeug.test import encode_multipart

import archive
from app import create_app

from .conftest import signed_in_client
from .test_forms import sign_in_with_token
from .test_imports import HEADER, ROWS

CSV = ",".join(HEADER) + "\n" + "\n".join(",".join(row) for row in ROWS) + "\n"
# A district the archive does not know, to be matched on the page.
UNKNOWN = CSV.replace(",Kej,", ",Kej district,")
BUILT = {
    "saved": "", "name": "page-map", "kind": "abuse", "external_id": "ref", "title": "title",
    "abuse_type": "type", "date_start": "when", "district": "district", "cite": "columns",
    "source_title": "headline", "source_outlet": "outlet", "source_url": "link",
    "passage": "quote",
}  # fmt: skip


def upload(client, content: bytes = CSV.encode(), name: str = "cases.csv", **extra):
    """Upload a spreadsheet on the import page; the response (not followed)."""
    data = {"upload": (io.BytesIO(content), name), **extra}
    return client.post("/import/", data=data, content_type="multipart/form-data")


def test_a_documenter_uploads_builds_a_mapping_tries_it_and_imports(empty_app):
    client = signed_in_client(empty_app, "documenter")
    assert "Import a spreadsheet" in client.get("/").get_data(as_text=True)
    response = upload(client, UNKNOWN.encode())
    assert response.status_code == 302
    mapping_url = response.headers["Location"]
    page = client.get(mapping_url).get_data(as_text=True)
    # Every field's select lists the file's columns (content: never translated).
    assert '<option translate="no" value="headline">headline</option>' in page
    assert "Man taken in Turbat" in page  # the first rows, to recognise the columns
    response = client.post(mapping_url, data=BUILT)
    assert response.status_code == 302, response.get_data(as_text=True)
    report = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 would be created" in report and "1 would be refused" in report
    assert "&#39;Kej district&#39; is not a known district" in report
    db = archive.open_db(empty_app.config["DATABASE"])
    assert db["abuse_reports"].count == 0  # a dry run changes nothing
    csv_text = client.get(mapping_url + "report.csv").get_data(as_text=True)
    assert csv_text.startswith("row,action,kind,entry_id,external_id,columns,message")
    # The unknown district is matched to Kech, saved in the mapping, and tried again.
    field = re.search(r'<select[^>]*name="(value_\d+)"', report).group(1)
    again = client.post(mapping_url + "report", data={field: "Kech"}, follow_redirects=True)
    assert "3 would be created" in again.get_data(as_text=True)
    assert archive.mappings.get_mapping(db, "page-map")["fields"]["district"]["values"] == {
        "Kej district": "Kech"}  # fmt: skip
    progress = client.post(mapping_url + "run", follow_redirects=True).get_data(as_text=True)
    assert "Importing cases.csv" in progress
    status = wait_for(client, mapping_url + "status.json")
    assert status["status"] == "done" and status["rows_done"] == 3
    assert status["counts"] == {"created": 3}
    assert db["abuse_reports"].count == 3
    found = client.get("/search?q=student").get_data(as_text=True)
    assert "Student missing" in found


def wait_for(client, url: str, timeout: float = 60) -> dict:
    """The import's status once it is done or failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(url).get_json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"the import did not finish: {status}")


def test_a_file_in_the_wrong_encoding_gets_a_message_next_to_the_file(empty_app):
    client = signed_in_client(empty_app, "documenter")
    response = upload(client, CSV.replace("Student", "Étudiant").encode("cp1252"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "cases.csv is not UTF-8 text" in page and "windows-1252" in page
    again = upload(client, CSV.replace("Student", "Étudiant").encode("cp1252"),
                   encoding="windows-1252")  # fmt: skip
    assert again.status_code == 302


def test_a_file_too_large_for_the_page_is_refused_with_the_command_to_use(empty_app):
    client = signed_in_client(empty_app, "documenter")
    big = {"upload": (io.BytesIO(b"a,b\n" + b"x,y\n" * 2_200_000), "big.csv")}
    # Encoded in memory: the test client would spool a body this large to a file it leaves open.
    boundary, body = encode_multipart(big)
    response = client.post(
        "/import/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 422
    assert "flask import FILE --mapping NAME" in response.get_data(as_text=True)


def test_a_mapping_without_a_title_column_is_refused_next_to_its_field(empty_app):
    client = signed_in_client(empty_app, "documenter")
    mapping_url = upload(client).headers["Location"]
    response = client.post(mapping_url, data={**BUILT, "title": ""})
    assert response.status_code == 422
    assert "Choose the column that gives each entry&#39;s title." in response.get_data(as_text=True)


def test_readers_may_not_import_and_others_uploads_are_not_found(empty_app):
    reader = signed_in_client(empty_app, "reader")
    assert reader.get("/import/").status_code == 403
    mapping_url = upload(signed_in_client(empty_app, "documenter")).headers["Location"]
    other = signed_in_client(empty_app, "reviewer")
    assert other.get(mapping_url).status_code == 404


def test_the_import_forms_need_their_csrf_token(tmp_path):
    app = create_app(
        {"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t", "DEMO_CONTENT": False}
    )
    client = app.test_client()
    sign_in_with_token(client, app)
    refused = upload(client)
    assert refused.status_code == 400 and "Nothing was saved" in refused.get_data(as_text=True)
    page = client.get("/import/").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert upload(client, csrf_token=token).status_code == 302
