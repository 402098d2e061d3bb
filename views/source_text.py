"""Reading a source file's text with `intake` and handing it to the archive: at upload, and once
at start-up for file sources saved before their text was read.

The archive imports no file parser (lxml, pypdf): it stores what the face read. Reading runs in
the request that uploads the file, outside any transaction, within intake's bounds (pages,
characters, seconds), so a large file delays only its own upload.
"""

from __future__ import annotations

import logging
import re

from flask import Flask
from flask_babel import gettext

import archive
from archive.messages import N_
from archive.reference import SYSTEM
from forms.common import translated
from intake.extract import NOTES, NoText, Unreadable, extract_text

log = logging.getLogger(__name__)

READ_AT_START = "text read from the file (sources saved before files were read)"


def read_file(file: archive.SourceFile) -> archive.SourceText:
    """The text of a source file; method "failed" with the plain reason when none was read."""
    try:
        extracted = extract_text(file.content, file.filename, file.media_type)
    except (NoText, Unreadable) as error:
        return archive.SourceText("", "failed", str(error))
    except Exception:  # a parser reading untrusted bytes: its failure is the file's, not ours
        log.exception("Reading %s failed", file.filename)
        return archive.SourceText("", "failed", N_("This file could not be read."))
    return archive.SourceText(extracted.text, extracted.method, " ".join(extracted.notes))


# A stored note holds one or more sentences, each a fixed message or one of NOTES with its
# values: each template as a pattern finding them again.
PLACEHOLDER = re.compile(r"%\\\((\w+)\\\)s")  # as re.escape leaves %(name)s


def _pattern(template: str) -> re.Pattern:
    return re.compile(PLACEHOLDER.sub(r"(?P<\1>[\\d,.]+)", re.escape(template)))


NOTE_PATTERNS = [(template, _pattern(template)) for template in NOTES]
SENTENCE_END = re.compile(r"(?<=[.)]) (?=[A-Za-z])")


def say_note(note: str | None) -> str:
    """A source's note on how its text was read (stored in English), in the reader's language."""
    return " ".join(_say_sentence(sentence) for sentence in SENTENCE_END.split(note or ""))


def _say_sentence(sentence: str) -> str:
    for template, pattern in NOTE_PATTERNS:
        if found := pattern.fullmatch(sentence):
            return gettext(template, **found.groupdict())
    return translated(sentence)


def read_unread(db) -> int:
    """Read the text of every file source not read yet, each with a system revision; returns
    how many were read."""
    count = 0
    while source_ids := archive.sources_to_read(db):
        for source_id in source_ids:
            text = read_file(archive.get_source_file(db, source_id))
            try:
                archive.set_source_text(db, source_id, text, SYSTEM, READ_AT_START)
            except archive.InvalidRecord:
                refused = archive.SourceText("", "failed", N_("The text read is too long to keep."))
                archive.set_source_text(db, source_id, refused, SYSTEM, READ_AT_START)
            count += 1
    return count


def init_app(app: Flask) -> None:
    """Read the files of sources saved before their text was read (once; then nothing to do)."""
    db = archive.open_db(app.config["DATABASE"])
    try:
        read = read_unread(db)
        if read:
            log.info("Read the text of %d source files saved before", read)
    finally:
        db.close()
