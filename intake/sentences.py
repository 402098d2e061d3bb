"""A text cut into paragraphs and sentences, each keeping its offsets in the text, so a
draft's passage can be highlighted where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? (or the Urdu full stop) with any closing quote, before a space and
# the next sentence's first character.
END = re.compile(r"""[.!?۔]["'”’)]*(?=\s+["'“‘(]?[A-Z0-9\u0600-\u06FF])""")
# Words whose full stop does not end a sentence.
ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sep|Sept|Oct|Nov|Dec|Rs|vs|etc|approx|Govt|Dept)|\b[A-Z])\.$"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, where it starts and ends, and which paragraph it is in."""

    text: str
    start: int
    end: int
    paragraph: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` in order, without empty ones."""
    found: list[Sentence] = []
    position = 0
    for number, block in enumerate(_paragraphs(text)):
        start, end = block
        position = start
        for cut in END.finditer(text, start, end):
            if ABBREVIATIONS.search(text, max(start, cut.start() - 12), cut.start() + 1):
                continue
            _add(found, text, position, cut.end(), number)
            position = cut.end()
        _add(found, text, position, end, number)
    return found


def _paragraphs(text: str) -> list[tuple[int, int]]:
    blocks, start = [], 0
    for gap in PARAGRAPH_BREAK.finditer(text):
        blocks.append((start, gap.start()))
        start = gap.end()
    blocks.append((start, len(text)))
    return blocks


def _add(found: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    found.append(Sentence(stripped, start, start + len(stripped), paragraph))
