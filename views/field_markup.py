"""Form fields and fixed passages rendered once and kept: the search form is drawn on every
search page, and WTForms builds each field's markup (attributes, escaping, translated labels)
anew each time; a passage of fixed words (the search help) is translated anew each time.

A choice field (select, checkbox) is kept per language and chosen value: its options never
depend on the request. A text field is kept per language as the markup around its value, and
the request's value is escaped into it. Only fields whose choices are fixed in the form class
may be kept this way (choices read from the archive would go stale).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, request
from markupsafe import Markup, escape

from .i18n import page_language

# Held apart from anything a value could contain: it is swapped for the request's value.
_MARKER = "\x1evalue\x1e"
# Enough for every field of every kept form in every language and choice; a bound, not a goal.
KEPT = 2048
_kept: dict[tuple, Any] = {}
_lock = threading.Lock()


def kept_field(field: Any, **attributes: Any) -> Markup:
    """`field(**attributes)`, as WTForms renders it, from what is kept when it can be. (Each
    form class has its own meta class: kept fields of two forms never mix.)"""
    attrs = tuple(sorted(attributes.items()))
    if hasattr(field, "choices") or field.type == "BooleanField":
        key = ("choice", type(field.meta), field.name, page_language(), repr(field.data), attrs)
        return _kept_or(key, lambda: Markup(field(**attributes)))
    key = ("text", type(field.meta), field.name, page_language(), attrs)
    before, after = _kept_or(key, lambda: Markup(field(value=_MARKER, **attributes)).split(_MARKER))
    return Markup(before) + escape(field._value()) + Markup(after)


def kept_label(field: Any) -> Markup:
    """`field.label`, translated, kept per language."""
    key = ("label", type(field.meta), field.name, page_language())
    return _kept_or(key, lambda: Markup(field.label()))


def kept_block(*key: Any, caller: Callable[[], str]) -> Markup:
    """`{% call kept_block(name, ...) %}...{% endcall %}`: the passage rendered once per
    language, site root and `key`, which must name everything else the passage shows (nothing
    of a request or a reader may be in it unless the key holds it)."""
    full = ("block", page_language(), request.script_root, *key)
    return _kept_or(full, lambda: Markup(caller()))


def field_errors(errors: Any, name: str) -> Markup:
    """A field's error messages, as the search page shows them next to it (a function, not a
    macro: the page asks for fifteen fields' errors, mostly none, and a macro call costs ten
    times as much)."""
    shown = Markup("").join(
        Markup('<p class="field-error" id="error-%s" role="alert">%s</p>') % (name, message)
        for message in (errors or {}).get(name, [])
    )
    return Markup("\n  %s\n") % shown


def _kept_or(key: tuple, render) -> Any:
    found = _kept.get(key)
    if found is None:
        found = render()
        with _lock:
            if len(_kept) >= KEPT:
                _kept.clear()
            _kept[key] = found
    return found


def init_app(app: Flask) -> None:
    """Give templates `kept_field`, `kept_label`, `kept_block` and `field_errors`."""
    app.jinja_env.globals.update(
        kept_field=kept_field,
        kept_label=kept_label,
        kept_block=kept_block,
        field_errors=field_errors,
    )
