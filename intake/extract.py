"""Text from a source's file: the article's main text of an HTML page, the text layer of a PDF,
a text file as it is. The file and its SHA-256 stay the evidence; this text is read beside it."""

from __future__ import annotations

from dataclasses import dataclass


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
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]


def extract_text(content: bytes, filename: str, media_type: str | None = None) -> Extracted:
    """The text of a source file; NoText or Unreadable with a plain reason.

    Plain text only so far; HTML and PDF are read by the source-text work (issue 12)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(f"{filename} is not UTF-8 text") from error
    if not text.strip():
        raise NoText(f"no text found in {filename}: paste the text")
    return Extracted(text=text.replace("\r\n", "\n"), method="text")
