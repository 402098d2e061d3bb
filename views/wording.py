"""Interface sentences that hold content (a username, a token's name) in the reader's language.

In a right-to-left page a Latin name inside an Urdu sentence is wrapped so it keeps its own
direction, and is marked as content rather than interface (`dir="auto"`); in English the
sentence is written exactly as before. Messages are escaped, then the names put in, so a name
is never read as markup.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from markupsafe import Markup, escape

from archive.messages import Message

from .i18n import text_direction


def content(value: Any) -> Markup:
    """A name or other content inside an interface sentence ("Deactivate amina")."""
    if text_direction() == "rtl":
        return Markup('<span dir="auto">%s</span>') % value
    return escape(value)


def say(template: str, names: dict[str, Any] | None = None, **values: Any) -> Markup:
    """`template` (marked for the catalogue) in the reader's language, with `names` kept as
    content and `values` (numbers, interface words) put in as they are."""
    shown = {key: content(value) for key, value in (names or {}).items()}
    return escape(gettext(template)) % {**values, **shown}


def store_said(message: str) -> Markup | str:
    """A store's message in the reader's language, the names in its `Message` kept as content."""
    if isinstance(message, Message):
        names = {k: v for k, v in message.values.items() if isinstance(v, str)}
        values = {k: v for k, v in message.values.items() if not isinstance(v, str)}
        return say(message.template, names, **values)
    return gettext(message) if message else message
