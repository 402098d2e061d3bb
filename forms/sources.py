"""The source form: a document entries cite, with its text pasted or its file uploaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

from archive.validation import REASON_LIMIT
from archive.validation import SOURCE_LIMITS as LIMITS

from .common import DayField, GawahiForm, line, lines, new_token, options, text

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MEDIA_TYPES = {
    "html": "text/html",
    "htm": "text/html",
    "pdf": "application/pdf",
    "txt": "text/plain",
}


@dataclass(frozen=True)
class Upload:
    """An uploaded file's safe name, media type and bytes."""

    filename: str
    media_type: str
    content: bytes


def is_web_address(value: str) -> bool:
    """True for an http or https address with a host and no spaces."""
    from urllib.parse import urlparse

    parts = urlparse(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def size(count: int) -> str:
    """A number of bytes in words: 10 MB, 512 KB."""
    if count >= 1024 * 1024:
        return f"{count // (1024 * 1024)} MB"
    return f"{count // 1024} KB"


def today() -> str:
    """Today's date, the default for 'date accessed'."""
    return date.today().isoformat()


class SourceForm(GawahiForm):
    """A new source: its details, and its text or file."""

    max_upload_bytes = MAX_UPLOAD_BYTES

    title = line(_l("Title"), [DataRequired(_l("Give the source's title."))], limit=LIMITS["title"])
    outlet = line(
        _l("Outlet or publisher"), limit=LIMITS["outlet"],
        description=_l("e.g. The Balochistan Post, HRCP."),
    )  # fmt: skip
    url = line(
        _l("Web address"), limit=LIMITS["url"], hint=False,
        description=_l("Leave empty for a document that is not online."),
        render_kw={"inputmode": "url", "autocomplete": "off"},
    )  # fmt: skip
    published = DayField(_l("Publication date"))
    accessed = DayField(_l("Date accessed"), default=today)
    source_type = SelectField(_l("Type of source"), choices=[])
    language = SelectField(_l("Language"), choices=[])
    body = lines(
        _l("Text of the source"), limit=LIMITS["body"],
        description=_l("Paste the article or statement here."), render_kw={"rows": 12},
    )  # fmt: skip
    upload = FileField(
        _l("Or upload a file"), description=_l("HTML, PDF or plain text, at most 10 MB."),
        render_kw={"accept": ".html,.htm,.pdf,.txt,text/html,application/pdf,text/plain"},
    )  # fmt: skip
    confidential = BooleanField(_l("Keep this source confidential (only cleared staff see it)"))
    submission = HiddenField(default=new_token)

    def __init__(
        self, *args: Any, source_types: list[tuple[str, str]], languages: list[tuple[str, str]],
        **kwargs: Any,
    ):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.source_types = source_types
        self.source_type.choices = options(source_types)
        self.language.choices = options(languages)
        self._upload: Upload | None = None

    def validate_url(self, field: StringField) -> None:
        """A web address must be a full http(s) address."""
        if text(field.data) and not is_web_address(text(field.data)):
            raise ValidationError(_("Give a full web address starting with http:// or https://."))

    def validate_upload(self, field: FileField) -> None:
        """Only HTML, PDF or plain text, and not larger than the limit."""
        storage = field.data
        if not storage:
            return
        name = PurePosixPath(str(storage.filename or "").replace("\\", "/")).name[-200:]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in MEDIA_TYPES:
            raise ValidationError(
                _("Upload an HTML, PDF or plain-text file (.html, .pdf or .txt).")
            )
        content = storage.stream.read(self.max_upload_bytes + 1)
        if len(content) > self.max_upload_bytes:
            raise ValidationError(
                _("The file is too large: at most %(size)s.", size=size(self.max_upload_bytes))
            )
        if not content:
            raise ValidationError(_("The file is empty."))
        if extension == "pdf" and not content.startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a PDF, although its name ends in .pdf."))
        self._upload = Upload(name, MEDIA_TYPES[extension], content)

    def record(self) -> dict[str, Any]:
        """The source's details as the store takes them."""
        return {
            "title": text(self.title.data),
            "outlet": text(self.outlet.data),
            "url": text(self.url.data) or None,
            "published": self.published.data or None,
            "accessed": self.accessed.data or None,
            "source_type": self.source_type.data,
            "language": self.language.data,
            "body": text(self.body.data),
            "confidential": bool(self.confidential.data),
        }

    def uploaded(self) -> Upload | None:
        """The validated upload, or None."""
        return self._upload


class SourceEditForm(SourceForm):
    """Correcting a source's details; its file stays as it was uploaded."""

    upload = None
    submission = None
    reason = lines(
        _l("Reason for this change"),
        [DataRequired(_l("Say why you are making this change."))],
        limit=REASON_LIMIT,
        render_kw={"rows": 2},
    )


class SourceMergeForm(GawahiForm):
    """Merging this source into the one kept: the other source's number and a reason."""

    kept_id = line(
        _l("Number of the source to keep"),
        [DataRequired(_l("Give the number of the source to keep, e.g. 12."))],
        limit=18,
        hint=False,
        description=_l("Shown as # on its page. Its entries and this source's move to it."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    reason = lines(
        _l("Why are these one document?"),
        [DataRequired(_l("Say why these two sources are one document."))],
        limit=REASON_LIMIT,
        render_kw={"rows": 2},
    )

    def validate_kept_id(self, field: StringField) -> None:
        """A source number is a whole number."""
        if not text(field.data).lstrip("#").isdigit():
            raise ValidationError(_("Give the source's number, e.g. 12."))

    def kept(self) -> int:
        """The number of the source to keep."""
        return int(text(self.kept_id.data).lstrip("#"))


class SourceRetractForm(GawahiForm):
    """Retracting a source no live entry cites: it stays in the archive with the reason."""

    reason = lines(
        _l("Why is this source retracted?"),
        [DataRequired(_l("Say why the source is retracted."))],
        limit=REASON_LIMIT,
        render_kw={"rows": 3},
    )
