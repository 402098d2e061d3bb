"""Text from every source file (HTML main text, a PDF's text layer, text files), kept beside the
file, shown paragraph by paragraph, and read once for files saved before."""

from __future__ import annotations

import io
import json

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

import archive
from app import create_app
from intake import extract
from intake.extract import NoText, Unreadable, extract_text

ARTICLE = [
    "Three men were taken from their homes in Turbat on Tuesday night, their families said.",
    "The families said the men were detained by plainclothes officials and have not been seen.",
    "Officials declined to comment on the case when contacted by reporters on Wednesday.",
]
PAGE = f"""<!doctype html><html><head><title>Men taken</title>
<script>var tracker = "SCRIPT-SECRET";</script><style>.x {{color: red}}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/sport">Sport</a></nav>
<article><h1>Three men taken from Turbat</h1>
<p>{ARTICLE[0]}</p><script>document.write("INLINE-SCRIPT")</script>
<p>{ARTICLE[1]}</p><p>{ARTICLE[2]}</p></article>
<footer>Copyright 2025 Example News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>""".encode()
URDU = "تربت میں تین افراد کو ان کے گھروں سے اٹھا لیا گیا، ان کے اہل خانہ نے بتایا\u06d4"
URDU_PAGE = f"""<html><body><article><p>{URDU}</p>
<p>حکام نے اس معاملے پر کوئی تبصرہ کرنے سے انکار کر دیا اور کہا کہ تحقیقات جاری ہیں\u06d4</p>
</article></body></html>""".encode()


def pdf_bytes(paragraphs: list[str], pages: int = 1) -> bytes:
    """A PDF with a text layer: each page holds the paragraphs."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5, paragraph)
            pdf.ln(5)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF as a scanner makes one: a picture of a page, no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    for line in range(20):
        pdf.rect(20, 20 + line * 8, 150, 4, style="F")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    """A PDF that opens only with a password."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(ARTICLE))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Reading files (intake.extract, pure) ---


def test_html_gives_the_article_without_navigation_or_scripts():
    extracted = extract_text(PAGE, "page.html", "text/html")
    assert extracted.method == "html"
    assert all(paragraph in extracted.paragraphs for paragraph in ARTICLE)
    for boilerplate in ("SCRIPT-SECRET", "INLINE-SCRIPT", "World news", "Subscribe", "color"):
        assert boilerplate not in extracted.text
    assert f"{ARTICLE[0]}\n\n{ARTICLE[1]}" in extracted.text  # paragraphs apart by a blank line


def test_urdu_html_is_read_in_its_own_letters():
    extracted = extract_text(URDU_PAGE, "khabar.html", "text/html")
    assert extracted.paragraphs[0] == URDU


def test_a_pdf_gives_its_text_layer_in_paragraphs():
    extracted = extract_text(pdf_bytes(ARTICLE), "report.pdf", "application/pdf")
    assert extracted.method == "pdf"
    assert extracted.paragraphs == ARTICLE


@pytest.mark.parametrize(
    ("content", "name", "error", "words"),
    [
        (scanned_pdf(), "scan.pdf", NoText, "no text found: paste the text"),
        (encrypted_pdf(), "locked.pdf", Unreadable, "locked with a password"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf", Unreadable, "damaged"),
        (pdf_bytes(ARTICLE)[:400], "cut.pdf", Unreadable, "damaged"),
        (b"<html><script>document.write('Hello')</script><body></body></html>", "s.html", NoText,
         "no text found: paste the text"),
        (b"   \n\n ", "blank.txt", NoText, "no text found: paste the text"),
    ],
)  # fmt: skip
def test_a_file_without_readable_text_says_why(content, name, error, words):
    with pytest.raises(error, match=words):
        extract_text(content, name)


def test_a_pdf_locked_only_against_editing_is_read():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(ARTICLE))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert extract_text(out.getvalue(), "report.pdf").paragraphs == ARTICLE


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"Men taken from Turbat.\r\n\r\nFamilies said.", "Men taken from Turbat.\n\n"
         "Families said."),
        ("\ufeffBOM first.".encode(), "BOM first."),
        (URDU.encode("utf-16"), URDU),
        ("Café owner\u2019s statement about the raid in Kech, in full.".encode("cp1252"),
         "Café owner\u2019s statement about the raid in Kech, in full."),
    ],
)  # fmt: skip
def test_a_text_file_is_read_as_it_is_whatever_its_encoding(content, text):
    assert extract_text(content, "statement.txt", "text/plain").text == text


def test_a_long_pdf_is_read_within_bounds_and_says_so(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 3)
    extracted = extract_text(pdf_bytes(ARTICLE, pages=5), "long.pdf")
    assert extracted.paragraphs == ARTICLE * 3
    assert extracted.notes == ("Only the first 3 of 5 pages were read.",)


def test_reading_stops_at_the_time_bound(monkeypatch):
    monkeypatch.setattr(extract, "MAX_SECONDS", 0.0)
    extracted = extract_text(pdf_bytes(ARTICLE, pages=4), "slow.pdf")
    assert extracted.notes == ("Only the first 1 of 4 pages were read: it is long.",)


# --- Stored beside the file, through the web forms ---

SOURCE = {
    "title": "Three men taken from Turbat",
    "outlet": "Example News",
    "url": "",
    "published": "2025-03-04",
    "accessed": "2025-03-05",
    "source_type": "news_report",
    "language": "en",
    "body": "",
}


def upload(client, content: bytes, name: str, **fields):
    data = SOURCE | fields | {"upload": (io.BytesIO(content), name)}
    return client.post("/sources/new", data=data, content_type="multipart/form-data")


def source_count(db) -> int:
    return db["sources"].count


def test_an_uploaded_page_shows_its_text_by_paragraph_and_is_served_only_as_a_download(
    client, app_db
):
    response = upload(client, PAGE, "statement.html")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for paragraph in ARTICLE:
        assert f'<p dir="auto">{paragraph}</p>' in page
    assert 'id="source-text"' in page  # where a passage is selected for a citation
    assert "SCRIPT-SECRET" not in page and "INLINE-SCRIPT" not in page
    assert "Read from the file" in page
    download = client.get(response.headers["Location"] + "/file")
    assert download.data == PAGE
    assert download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download.headers["Content-Security-Policy"]
    source_id = int(response.headers["Location"].rsplit("/", 1)[1])
    stored = app_db["sources"].get(source_id)
    assert (stored["text_method"], stored["body"]) == ("html", "")
    assert archive.source_text(app_db, source_id).split("\n\n") == [
        "Three men taken from Turbat",
        *ARTICLE,
    ]


def test_the_passage_selected_from_read_text_is_quoted_in_the_citation(client):
    response = upload(client, pdf_bytes(ARTICLE), "report.pdf")
    source_id = response.headers["Location"].rsplit("/", 1)[1]
    page = client.get(f"/sources/{source_id}").get_data(as_text=True)
    assert 'id="quote-hint"' in page and "data-quote-link" in page
    new = f"/abuses/new?source_id={source_id}&passage={ARTICLE[1]}"
    form = client.get(new, follow_redirects=True).get_data(as_text=True)
    assert ARTICLE[1] in form


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (scanned_pdf(), "scan.pdf", "no text found: paste the text"),
        (encrypted_pdf(), "locked.pdf", "locked with a password"),
        (b"%PDF-1.7 not really", "broken.pdf", "damaged"),
    ],
)
def test_a_file_without_readable_text_is_refused_next_to_its_field(
    client, app_db, content, name, message
):
    before = source_count(app_db)
    response = upload(client, content, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="upload-error"' in page and message in page
    assert source_count(app_db) == before


def test_a_scanned_pdf_with_its_text_pasted_is_kept_with_that_text(client, app_db):
    response = upload(client, scanned_pdf(), "scan.pdf", body="Pasted by hand from the scan.")
    assert response.status_code == 302
    source_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pasted by hand from the scan." in page
    stored = app_db["sources"].get(source_id)
    assert stored["text_method"] == "failed" and "no text found" in stored["text_note"]
    assert archive.source_text(app_db, source_id) == "Pasted by hand from the scan."


def test_pasted_text_is_the_text_of_a_source_before_the_file(db):
    file = archive.SourceFile("a.pdf", "application/pdf", b"%PDF-1.7 ...")
    read = archive.SourceText("Read from the file.", "pdf")
    with_body = archive.add_source(db, {"title": "A", "body": "Pasted."}, "tester", file, read)
    other = archive.SourceFile("b.pdf", "application/pdf", b"%PDF-1.7 other")
    without = archive.add_source(db, {"title": "B"}, "tester", other, read)
    assert archive.source_text(db, with_body) == "Pasted."
    assert archive.source_text(db, without) == "Read from the file."
    with pytest.raises(archive.NotFound):
        archive.source_text(db, 999)


def test_files_saved_before_are_read_at_the_next_start_with_a_revision(empty_app, tmp_path):
    db = archive.open_db(empty_app.config["DATABASE"])
    file = archive.SourceFile("report.pdf", "application/pdf", pdf_bytes(ARTICLE))
    source_id = archive.add_source(db, {"title": "Saved before"}, "tester", file)
    assert db["sources"].get(source_id)["text_method"] is None
    create_app(dict(empty_app.config))  # the next start
    stored = db["sources"].get(source_id)
    assert (stored["text_method"], stored["extracted_text"]) == ("pdf", "\n\n".join(ARTICLE))
    last = list(db["revisions"].rows_where("entity = 'source'", order_by="revision_id"))[-1]
    assert last["actor"] == "system" and "text read from the file" in last["reason"]
    assert json.loads(last["changes"])["text_method"] == [None, "pdf"]
    db.close()
