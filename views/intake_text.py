"""A source's text cut into paragraphs and pieces, each piece saying which suggested drafts'
passages it belongs to, so the review page can mark them (passages may overlap: one sentence
can tell two abuses)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

# A paragraph runs from a visible character to the next blank line.
PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")


@dataclass(frozen=True)
class Piece:
    """Text inside one paragraph, the drafts whose passage covers it, and those whose passage
    begins here (where the page puts their anchor)."""

    text: str
    drafts: tuple[int, ...] = ()
    begins: tuple[int, ...] = ()


def marked_paragraphs(text: str, spans: list[tuple[int, int, int]]) -> list[list[Piece]]:
    """The paragraphs of `text`, each a list of pieces; `spans` are (draft, start, end)
    character offsets of each draft's passage in `text`."""
    anchored: set[int] = set()
    found = []
    for match in PARAGRAPH.finditer(text):
        first, last = match.start(), match.end()
        cuts = {first, last}
        cuts |= {at for _, start, end in spans for at in (start, end) if first < at < last}
        edges = sorted(cuts)
        pieces = []
        for start, end in pairwise(edges):
            covering = tuple(n for n, s, e in spans if s < end and start < e)
            begins = tuple(n for n in covering if n not in anchored)
            anchored.update(begins)
            pieces.append(Piece(text[start:end], covering, begins))
        found.append(pieces)
    return found
