"""The keep filter: a learned last look at the rules' drafts, dropping those a careful officer
would not keep (a lead summing up the body, a background paragraph recalling older acts, an
aside).

The model is a logistic regression over a draft's features (its passage's words and word pairs,
its category and type, where its passage sits in the article, its date against the publication
date, the fields it has, the drafts around it). It is trained by bench/intake_train.py and kept
in keep.json as plain numbers (feature weights, intercept, threshold): nothing is unpickled, and
applying it is a sum of weights. The model is read once per process.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .drafts import Draft
from .sentences import PARAGRAPH_BREAK

MODEL = Path(__file__).with_name("keep.json")
WORD = re.compile(r"[^\W\d_]+|\d+")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@cache
def model() -> dict[str, Any]:
    """The committed model: {"weights": {feature: weight}, "intercept", "threshold"}."""
    return json.loads(MODEL.read_text(encoding="utf-8"))


def kept(text: str, published: date | None, drafts: list[Draft]) -> list[Draft]:
    """The drafts the model keeps, in order, links to a dropped draft removed."""
    found = model()
    names = features(text, published, [draft.to_json() for draft in drafts])
    keep = decisions(found, names, found["threshold"])
    renumber = {old: new for new, old in enumerate(i for i, ok in enumerate(keep) if ok)}
    result = [draft for draft, ok in zip(drafts, keep, strict=True) if ok]
    for draft in result:
        draft.linked_to = renumber.get(draft.linked_to) if draft.linked_to is not None else None
    return result


def decisions(found: dict[str, Any], names: list[set[str]], threshold: float) -> list[bool]:
    """Whether to keep each of an article's drafts (their features in order): a text's only
    draft is always kept, the filter is for telling a text's drafts apart (leads, background,
    asides), and a single plain report must never vanish."""
    if len(names) == 1:
        return [True]
    return [probability(found, each) >= threshold for each in names]


def probability(found: dict[str, Any], names: set[str]) -> float:
    """How likely a careful officer keeps a draft with these features."""
    weights = found["weights"]
    score = found["intercept"] + sum(weights.get(name, 0.0) for name in names)
    return 1.0 / (1.0 + math.exp(-score))


def features(text: str, published: date | None, drafts: list[dict]) -> list[set[str]]:
    """Each draft's features (drafts as JSON, in reading order); the article's genre is never
    one: a user pastes text."""
    breaks = [gap.end() for gap in PARAGRAPH_BREAK.finditer(text)]
    last = len(breaks)
    words = [_words(text[d["passage_start"] : d["passage_end"]]) for d in drafts]
    found = []
    for number, draft in enumerate(drafts):
        names = {f"cat={draft['category']}", f"type={draft['category']}:{draft['type']}"}
        names |= {f"w={w}" for w in words[number]}
        names |= {f"b={a}_{b}" for a, b in zip(words[number], words[number][1:], strict=False)}
        names |= _position(draft, breaks, last, text)
        names |= _time(text[draft["passage_start"] : draft["passage_end"]], draft, published)
        names |= _fields(draft)
        names |= _neighbours(number, drafts, words)
        found.append(names)
    return found


def _words(passage: str) -> list[str]:
    return [("0" if w.isdigit() else w.casefold()) for w in WORD.findall(passage)]


def _position(draft: dict, breaks: list[int], last: int, text: str) -> set[str]:
    """Which paragraph the passage opens in, counted from both ends, and how long it is."""
    paragraph = bisect_right(breaks, draft["passage_start"])
    from_end = last - paragraph
    start = breaks[paragraph - 1] if paragraph else 0
    names = {f"para={min(paragraph, 3)}", f"para_from_end={min(from_end, 3)}"}
    if not text[start : draft["passage_start"]].strip():
        names.add("opens_paragraph")
    if last == 0:
        names.add("one_paragraph")
    sentences = len(re.findall(r"[.!?]\s", text[draft["passage_start"] : draft["passage_end"]]))
    names.add(f"sentences={min(sentences + 1, 3)}")
    return names


def _time(passage: str, draft: dict, published: date | None) -> set[str]:
    """The draft's date precision and age at publication; years older than it in the passage."""
    precision = draft.get("date_precision") or "unknown"
    names = {f"precision={precision}"}
    if published and precision != "unknown" and draft.get("date"):
        first = str(draft["date"])
        try:
            day = date.fromisoformat((first + "-01-01")[:10] if len(first) < 10 else first)
        except ValueError:
            return names
        age = (published - day).days
        bucket = next((n for n, days in (("week", 8), ("month", 32), ("year", 366)) if age < days),
                      "older")  # fmt: skip
        names.add("age=future" if age < 0 else f"age={bucket}")
    if published and any(int(y) < published.year for y in YEAR.findall(passage)):
        names.add("older_year")
    return names


def _fields(draft: dict) -> set[str]:
    """Which fields the rules could fill."""
    actor = draft.get("group") if draft["category"] == "claim" else draft.get("perpetrator")
    names = {f"figures={min(len(draft.get('figures') or []), 2)}"}
    filled = {"actor": actor, "district": draft.get("district"), "place": draft.get("place"),
              "attributed": draft.get("attributed_to")}  # fmt: skip
    for name, value in filled.items():
        names.add(f"{name}={'yes' if value else 'no'}")
    return names


def _neighbours(number: int, drafts: list[dict], words: list[list[str]]) -> set[str]:
    """The drafts around this one: how many, and whether a later one tells the same kind of act
    in the same words (a lead summing up the body)."""
    draft = drafts[number]
    names = {f"drafts={min(len(drafts), 4)}"}
    kind = (draft["category"], draft["type"])
    same = [n for n, d in enumerate(drafts) if n != number and (d["category"], d["type"]) == kind]
    if any(n > number for n in same):
        names.add("same_kind_later")
    if any(n < number for n in same):
        names.add("same_kind_earlier")
    mine = {w for w in words[number] if len(w) > 3}
    later = {w for n in range(number + 1, len(drafts)) for w in words[n] if len(w) > 3}
    if mine and len(mine & later) / len(mine) > 0.4:
        names.add("told_again_later")
    if number == 0:
        names.add("first_draft")
    return names
