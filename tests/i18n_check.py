"""Find interface text a page shows in English when it is meant to be in Urdu.

A page in Urdu may still hold English *content* (an entry's title, a source's outlet, a
username, a district's name as the archive spells it): templates mark content with `dir="auto"`
(or `dir="ltr"`), `translate="no"`, or a `lang` other than the page's, and the check skips it
and everything inside. What is left is the interface; any Latin word in it (in text, or in an
attribute a reader sees or hears: placeholder, title, alt, aria-label, a button's value) is a
string missing from the catalogue or never marked for translation.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

# Never interface words: code, and text the browser does not show.
SKIPPED_TAGS = {"script", "style", "code", "kbd", "samp", "pre", "template", "noscript", "textarea"}
SEEN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label", "aria-description")
SHOWN_VALUE_TYPES = {"submit", "button", "reset"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]")
# Acronyms and formats are written the same in Urdu text (CSV, PDF, SHA-256, YYYY-MM-DD).
ACRONYM = re.compile(r"^[A-Z]{2,}(-[A-Z]{2,})*$")


def is_content(element, page_language: str) -> bool:
    """True when `element` is marked as the archive's content rather than its interface."""
    if element.get("dir") in ("auto", "ltr") or element.get("translate") == "no":
        return True
    language = element.get("lang")
    return language is not None and language.split("-")[0] != page_language


def english_left(page: str) -> list[str]:
    """The interface's Latin words on `page` (text and attributes), in order, with context."""
    root = lxml_html.document_fromstring(page)
    page_language = (root.get("lang") or "en").split("-")[0]
    found: list[str] = []
    _walk(root, page_language, found)
    return found


def _walk(element, page_language: str, found: list[str]) -> None:
    if not isinstance(element.tag, str):  # comments, processing instructions
        _note(element.tail, element.getparent(), page_language, found)
        return
    if element.tag in SKIPPED_TAGS or is_content(element, page_language):
        _note(element.tail, element.getparent(), page_language, found)
        return
    _note(element.text, element, page_language, found)
    for attribute in SEEN_ATTRIBUTES:
        _note(element.get(attribute), element, page_language, found)
    if element.tag in ("input", "button") and element.get("type") in SHOWN_VALUE_TYPES:
        _note(element.get("value"), element, page_language, found)
    for child in element:
        _walk(child, page_language, found)
    _note(element.tail, element.getparent(), page_language, found)


def _note(text: str | None, where, page_language: str, found: list[str]) -> None:
    if not text or where is None:
        return
    words = [word for word in LATIN_WORD.findall(text) if not ACRONYM.match(word)]
    if words:
        found.append(f"<{where.tag}>: {text.strip()[:80]!r}")
