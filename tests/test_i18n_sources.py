"""Sources, intake, import and reference data pages in Urdu: no interface word left in English
(tests/i18n_check.py), the archive's content kept as typed, and the English pages unchanged."""

from __future__ import annotations

import io

import pytest
from lxml import html as lxml_html

import archive
from tests.i18n_check import english_left
from tests.test_import_pages import BUILT, UNKNOWN
from tests.test_intake_review import add_seed

URDU = {"Accept-Language": "ur"}
ENGLISH = {"Accept-Language": "en"}


def interface_left(page: str, drop: tuple[str, ...] = (), titled: str = "") -> list[str]:
    """english_left on `page`, without the parts found by the `drop` XPaths (pieces of other
    areas) and without `titled` (content) in the <title>, which cannot carry dir="auto"."""
    root = lxml_html.document_fromstring(page)
    for path in drop:
        for element in root.xpath(path):
            element.drop_tree()
    for title in root.xpath("//title"):
        title.text = (title.text or "").replace(titled, "") if titled else title.text
    left = english_left(lxml_html.tostring(root, encoding="unicode"))
    return left


def get(client, url: str, headers=URDU) -> str:
    response = client.get(url, headers=headers, follow_redirects=True)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.fixture
def app_store(app):
    database = archive.open_db(app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def cited_source(app_store) -> dict:
    """A demo source with its text and the entries that cite it."""
    row = app_store.execute(
        "SELECT source_id FROM sources WHERE source_id IN (SELECT source_id FROM citations)"
        " ORDER BY source_id LIMIT 1"
    ).fetchone()
    return archive.get_source(app_store, row[0])


def test_the_sources_list_is_all_urdu_and_its_filters_too(client):
    page = get(client, "/sources/")
    assert interface_left(page) == []
    assert "ماخذات" in page and "تمام اشاعتی ادارے" in page and "خبر" in page
    bad = client.get("/sources/?published_from=2025-02-01&published_to=2025-01-01", headers=URDU)
    assert bad.status_code == 400
    assert interface_left(bad.get_data(as_text=True)) == []
    assert "آخری تاریخ پہلی تاریخ سے پہلے ہے۔" in bad.get_data(as_text=True)


def test_a_source_page_with_its_text_and_citations_is_all_urdu(client, cited_source):
    page = get(client, f"/sources/{cited_source['source_id']}")
    drop = ("//article[contains(@class, 'entry')]",)  # entry summaries: _entries.html
    assert interface_left(page, drop, titled=cited_source["title"]) == []
    assert "اس ماخذ کا حوالہ دینے والے اندراجات" in page
    assert cited_source["title"] in page  # content stays as typed


def test_the_source_forms_are_all_urdu_even_with_their_errors(client, cited_source):
    source_id, title = cited_source["source_id"], cited_source["title"]
    assert interface_left(get(client, "/sources/new")) == []
    assert interface_left(get(client, f"/sources/{source_id}/edit"), titled=title) == []
    sent = {"title": "", "source_type": "news_report", "language": "en", "reason": ""}
    refused = client.post(f"/sources/{source_id}/edit", data=sent, headers=URDU)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "ماخذ کا عنوان دیں۔" in page
    assert interface_left(page, titled=title) == []


def test_merge_and_retract_pages_and_their_messages_are_urdu(client, app_store, cited_source):
    source_id, title = cited_source["source_id"], cited_source["title"]
    for url in (f"/sources/{source_id}/merge", f"/sources/{source_id}/retract"):
        assert interface_left(get(client, url), titled=title) == []
    refused = client.post(f"/sources/{source_id}/merge", data={"kept_id": "x"}, headers=URDU)
    page = refused.get_data(as_text=True)
    assert "ماخذ کا نمبر دیں، مثلاً 12۔" in page
    assert interface_left(page, titled=title) == []
    cited = client.post(f"/sources/{source_id}/retract", data={"reason": "A fake."}, headers=URDU)
    assert "واپس نہیں لیا گیا:" in cited.get_data(as_text=True)  # the store's refusal
    spare = archive.add_source(app_store, {"title": "Spare", "body": "Text."}, "tester")
    done = client.post(f"/sources/{spare}/retract", data={"reason": "Saved by mistake."},
                       headers=URDU, follow_redirects=True)  # fmt: skip
    page = done.get_data(as_text=True)
    assert "واپس لے لیا گیا۔ ماخذ آرکائیو میں رہتا ہے، فہرستوں سے باہر۔" in page  # the flash
    assert interface_left(page, titled="Spare") == []


def test_the_intake_review_page_says_its_reasons_in_urdu(client, app_store):
    seed = add_seed(app_store)
    page = get(client, f"/sources/{seed}/suggestions")
    # The fields of each suggestion are the entry forms' (another area); the page around them,
    # the text and each card's heading are this area's.
    drop = ("//form[contains(@class, 'draft-form')]",)
    title = archive.get_source(app_store, seed)["title"]
    assert interface_left(page, drop, titled=title) == []
    assert "یہ حملے کا دعویٰ قبول کر کے محفوظ کریں" in page
    assert "‘گروہ’ سے مراد پہلے مذکور Baloch Liberation Army ہے" in page  # a reason, translated
    assert "refers back to" not in page


def test_the_import_pages_are_urdu_from_upload_to_progress(client):
    assert interface_left(get(client, "/import/")) == []
    sent = client.post("/import/", data={"upload": (io.BytesIO(UNKNOWN.encode()), "cases.csv")},
                       content_type="multipart/form-data")  # fmt: skip
    mapping_url = sent.headers["Location"]
    assert interface_left(get(client, mapping_url), titled="cases.csv") == []
    refused = client.post(mapping_url, data={**BUILT, "name": ""}, headers=URDU)
    assert "نئی میپنگ کو نام دیں، یا کوئی محفوظ میپنگ منتخب کریں۔" in refused.get_data(as_text=True)
    assert interface_left(refused.get_data(as_text=True), titled="cases.csv") == []
    client.post(mapping_url, data=BUILT)
    report = get(client, mapping_url + "report")
    # Each reason quotes the file's own words ('Kej district'): the cell is checked for Urdu.
    assert "&#39;Kej district&#39; کوئی معلوم ضلع نہیں ہے" in report
    drop = ("//table[@data-testid='report']//td[4]",)
    assert interface_left(report, drop, titled="cases.csv") == []
    csv_text = client.get(mapping_url + "report.csv", headers=URDU).get_data(as_text=True)
    assert csv_text.startswith("row,action,kind")  # the columns stay the data format's
    assert "کوئی معلوم ضلع نہیں ہے" in csv_text  # the reasons in the reader's language
    progress = client.post(mapping_url + "run", headers=URDU, follow_redirects=True)
    page = progress.get_data(as_text=True)
    assert "قطاریں فی سیکنڈ" in page and 'data-states="{' in page
    assert interface_left(page, titled="cases.csv") == []


@pytest.mark.parametrize(
    "url", ["", "/abuse-types", "/source-types", "/actors", "/districts", "/gazetteer", "/places",
            "/gazetteer/Turbat", "/actors/BLA"],
)  # fmt: skip
def test_reference_data_pages_are_all_urdu(client, url):
    page = get(client, "/admin/reference" + url)
    assert interface_left(page, titled=url.rsplit("/", 1)[-1]) == []


def test_a_reference_form_with_errors_and_its_flash_are_urdu(client):
    refused = client.post("/admin/reference/gazetteer", data={"name": "", "district": ""},
                          headers=URDU)  # fmt: skip
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "مقام کا نام دیں۔" in page
    assert interface_left(page) == []
    added = client.post("/admin/reference/gazetteer", data={"name": "Naseer Town",
                        "district": "Kech"}, headers=URDU, follow_redirects=True)  # fmt: skip
    page = added.get_data(as_text=True)
    assert 'مقام <span dir="auto">Naseer Town</span> شامل کر دیا گیا۔' in page
    assert interface_left(page) == []


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/sources/", ["Sources", "Cited by", "All outlets", "News report"]),
        ("/sources/new", ["Add a source", "The document", "Save the source"]),
        ("/import/", ["Import a spreadsheet", "Upload and choose columns"]),
        ("/admin/reference/actors", ["Actors", "Add an actor", "Armed group"]),
    ],
)
def test_the_english_pages_keep_their_english(client, url, words):
    page = get(client, url, headers=ENGLISH)
    assert all(word in page for word in words), url
