"""Messages the store gives people: in English, with what a translation needs to say them again.

The store imports no Flask and so cannot translate. It marks each fixed message for the
catalogue with `N_`, and builds a message with values in it as a `Message`, which keeps its
template and values beside the English text; the page then says it in the reader's language
(`forms.common.translated`). `make messages` gathers both markers.
"""

from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    """Mark `text` for the catalogue; it is translated where it is shown."""
    return text


class Message(str):
    """An English message made from `template` % `values`, able to be said again translated."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        message = super().__new__(cls, template % values if values else template)
        message.template = template
        message.values = values
        return message
