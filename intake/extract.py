"""Text from a source's file: the article's main text of an HTML page, the text layer of a PDF,
a text file as it is. The file and its SHA-256 stay the evidence; this text is read beside it.

Paragraphs are separated by one blank line. What was read, and how, is said in `Extracted`;
what cannot be read raises NoText (nothing to read: paste the text) or Unreadable (a plain
reason). A large file is read within bounds (pages, characters, seconds) and the notes say
where reading stopped, so no upload holds a server thread for long.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import time
from dataclasses import dataclass

from archive.messages import N_, Message

log = logging.getLogger(__name__)

# Bounds on what one file may cost. A PDF page of text takes pypdf about 5-20 ms; a 30 MB
# text PDF (about 9,000 pages) would take minutes, so reading stops at the first bound met.
MAX_PDF_PAGES = 1_000
MAX_CHARS = 1_000_000
MAX_SECONDS = 5.0
# trafilatura reads a 1.5 MB page in about 1 s and a 6 MB one in 18 s; news pages are smaller.
MAX_HTML_BYTES = 2_000_000
NO_TEXT = N_("no text found: paste the text")
NO_TEXT_LAYER = N_(
    "no text found: paste the text (this PDF holds no text layer, as a scanned page does)"
)
# What a note about a file read in part says (kept in English with the source, and said in the
# reader's language where shown: views/source_text.py finds the values again).
CHARS_READ = N_("Only the first %(count)s characters were read: the file holds more.")
MEGABYTES_READ = N_("Only the first %(count)s MB of this page were read.")
LONG_PAGES_READ = N_("Only the first %(count)s of %(total)s pages were read: it is long.")
PAGES_READ = N_("Only the first %(count)s of %(total)s pages were read.")
NOTES = (CHARS_READ, MEGABYTES_READ, LONG_PAGES_READ, PAGES_READ)


class NoText(ValueError):
    """The file holds no text to read (a scanned PDF, an empty page): the user pastes it."""


class Unreadable(ValueError):
    """The file cannot be read (encrypted, malformed, not the type it says)."""


@dataclass(frozen=True)
class Extracted:
    """The text read from a file, how it was read, and what a reader should know about it."""

    text: str
    method: str
    notes: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs, in order, without empty ones."""
        return paragraphs(self.text)


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs (separated by blank lines), in order, without empty ones."""
    return [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]


def extract_text(content: bytes, filename: str, media_type: str | None = None) -> Extracted:
    """The text of a source file; NoText or Unreadable with a plain reason."""
    kind = file_kind(content, filename, media_type)
    reader = {"pdf": _pdf, "html": _html}.get(kind, _plain)
    extracted = reader(content)
    if not extracted.text.strip():
        raise NoText(NO_TEXT)
    return _bounded(extracted)


def file_kind(content: bytes, filename: str, media_type: str | None) -> str:
    """The kind of file ("pdf", "html" or "text"), from its first bytes, type, then name."""
    if content.lstrip()[:5] == b"%PDF-":
        return "pdf"
    name = filename.lower()
    if media_type == "application/pdf" or name.endswith(".pdf"):
        raise Unreadable("This file is not a PDF, although it says it is: it cannot be read.")
    if media_type == "text/html" or name.endswith((".html", ".htm")):
        return "html"
    return "text"


def _bounded(extracted: Extracted) -> Extracted:
    if len(extracted.text) <= MAX_CHARS:
        return extracted
    cut = extracted.text.rfind("\n\n", 0, MAX_CHARS)
    note = Message(CHARS_READ, count=f"{MAX_CHARS:,}")
    text = extracted.text[: cut if cut > 0 else MAX_CHARS]
    return Extracted(text, extracted.method, (*extracted.notes, note))


def decode(content: bytes) -> str:
    """Bytes as text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark, else the
    encoding charset-normalizer finds most likely; Unreadable when none fits."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is None:
        raise Unreadable(N_("This file is not text that can be read (its encoding is unknown)."))
    return str(best)


def _tidy(text: str) -> str:
    """Line endings made \\n, control characters but tab and newline dropped (the store refuses
    them), runs of blank lines made one, each paragraph's ends trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return "\n\n".join(paragraphs(text))


def _plain(content: bytes) -> Extracted:
    """A text file as it is, its encoding detected."""
    return Extracted(_tidy(decode(content)), "text")


def _html(content: bytes) -> Extracted:
    """The main text of a web page (trafilatura), without navigation, boilerplate or scripts."""
    import trafilatura

    notes = ()
    if len(content) > MAX_HTML_BYTES:
        content = content[:MAX_HTML_BYTES]  # the parser closes what the cut leaves open
        notes = (Message(MEGABYTES_READ, count=f"{MAX_HTML_BYTES // 1_000_000}"),)
    try:
        text = trafilatura.extract(
            content, output_format="txt", include_comments=False, include_tables=True,
            include_images=False, include_links=False, deduplicate=False,
        )  # fmt: skip
    except Exception as error:  # a library reading untrusted bytes: any failure is the file's
        log.info("HTML could not be read: %r", error)
        raise Unreadable(N_("This web page could not be read: the file seems damaged.")) from None
    if not text:
        raise NoText(NO_TEXT)
    # trafilatura puts one line break between paragraphs: make each its own paragraph.
    return Extracted(_tidy(text.replace("\n", "\n\n")), "html", notes)


def _pdf(content: bytes) -> Extracted:
    """The text layer of a PDF (pypdf), page by page, within MAX_PDF_PAGES and MAX_SECONDS."""
    started = time.monotonic()  # opening a long PDF counts too
    reader = _open_pdf(content)
    try:
        pages = reader.pages
        total = len(pages)
    except Exception:
        raise Unreadable(N_("This PDF is damaged: its pages cannot be read.")) from None
    texts, notes = [], []
    for number in range(min(total, MAX_PDF_PAGES)):
        spent = time.monotonic() - started > MAX_SECONDS
        if number and (spent or sum(map(len, texts)) > MAX_CHARS):  # at least the first page
            notes.append(Message(LONG_PAGES_READ, count=f"{number:,}", total=f"{total:,}"))
            break
        texts.append(_page_text(pages, number))
    else:
        if total > MAX_PDF_PAGES:
            notes.append(Message(PAGES_READ, count=f"{MAX_PDF_PAGES:,}", total=f"{total:,}"))
    text = "\n\n".join(part for part in texts if part.strip())
    if not text.strip():
        raise NoText(NO_TEXT_LAYER)
    return Extracted(_tidy(text), "pdf", tuple(notes))


def _open_pdf(content: bytes):
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        raise Unreadable(N_("This PDF is damaged and cannot be read.")) from None
    if encrypted:
        # A PDF locked only against editing opens with an empty password, as in any viewer.
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise Unreadable(
                N_("This PDF is locked with a password: save an unlocked copy, or paste the text.")
            )
    return reader


def _page_text(pages, number: int) -> str:
    try:
        return page_paragraphs(_page_lines(pages[number]))
    except Exception as error:  # one damaged page: read the others
        log.info("PDF page %d could not be read: %r", number + 1, error)
        return ""


def _page_lines(page) -> list[tuple[float, float, str]]:
    """(height on the page, font size, text) of each line of a page's text layer."""
    lines: list[list] = [[None, 0.0, ""]]

    def visit(text: str, cm, tm, font, size: float) -> None:
        for position, piece in enumerate(text.split("\n")):
            if position:
                lines.append([None, 0.0, ""])
            if piece.strip():
                if lines[-1][0] is None:
                    scale = abs(tm[3] * cm[3]) or 1.0
                    lines[-1][:2] = [tm[5] * cm[3] + cm[5], size * scale]
                lines[-1][2] += piece

    page.extract_text(visitor_text=visit)
    return [(y, size, text.strip()) for y, size, text in lines if text.strip()]


def page_paragraphs(lines: list[tuple[float, float, str]]) -> str:
    """A page's lines joined into paragraphs: a wider gap than between the lines of a paragraph
    (or a move up the page, to a new column) starts a new one; other breaks were the layout's."""
    gaps = [above[0] - below[0] for above, below in itertools.pairwise(lines)]
    sizes = sorted(size for _, size, _ in lines)
    # The step from one line to the next: the smallest gap there is, and at most 1.5 times the
    # usual font size (a page of one-line paragraphs has no smaller gap to learn it from).
    steps = [gap for gap in gaps if sizes and gap >= 0.8 * sizes[len(sizes) // 2]]
    step = min([*steps, 1.5 * sizes[len(sizes) // 2]]) if sizes else 0.0
    out, current = [], []
    for position, (_, _, text) in enumerate(lines):
        gap = gaps[position - 1] if position else 0.0
        if current and (gap > 1.35 * step or gap < -step):
            out.append(" ".join(current))
            current = []
        current.append(text)
    if current:
        out.append(" ".join(current))
    return "\n\n".join(out)
