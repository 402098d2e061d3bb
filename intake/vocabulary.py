"""The archive's reference data as intake reads it: every name of every actor, district and
place, compiled into matchers that find them in a text on word boundaries.

Built from the plain data `archive.reference.vocabulary(db)` returns, so intake never speaks
SQL and a test can hand in its own lists. Proper names are matched as written (a district
called Hub is not the word "hub"); a one-word actor name also matches in lower case ("police").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# A name must not run on into a letter or digit; a hyphen joins it to another name
# ("Quetta-Karachi highway" is a road, not Quetta).
BEFORE = r"(?<![\w-])"
AFTER = r"(?![\w]|-\w)"
# Urdu writes an English abbreviation letter by letter ("BLF" is بی ایل ایف).
# fmt: off
URDU_LETTER_NAMES = [
    "اے", "بی", "سی", "ڈی", "ای", "ایف", "جی", "ایچ", "آئی", "جے", "ایل", "ایم", "این", "او",
    "پی", "کیو", "آر", "ایس", "ٹی", "یو", "وی", "ڈبلیو", "ایکس", "وائی", "زیڈ",
]
# fmt: on
URDU_LETTERS = dict(zip("ABCDEFGHIJLMNOPQRSTUVWXYZ", URDU_LETTER_NAMES, strict=True))


@dataclass(frozen=True)
class Mention:
    """A name found in a text: where, the words as written, and what it stands for."""

    start: int
    end: int
    words: str
    key: str
    kind: str
    via: str = ""


@dataclass
class _Matcher:
    """Names -> (key, kind, via), found in one pass of one regular expression."""

    names: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    folded: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    pattern: re.Pattern | None = None

    def add(self, name: str, key: str, kind: str, via: str = "", any_case: bool = False) -> None:
        name = " ".join(name.split())
        if not name:
            return
        self.names.setdefault(name, (key, kind, via))
        if any_case:
            self.folded.setdefault(name.casefold(), (key, kind, via))
        elif " " not in name and name[:1].isupper() and not name.isupper():
            self.names.setdefault(name.lower(), (key, kind, via))

    def compile(self) -> None:
        alternatives = {*self.names, *self.folded}
        if not alternatives:
            return
        ordered = sorted(alternatives, key=len, reverse=True)
        body = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)
        self.pattern = re.compile(f"{BEFORE}(?:{body}){AFTER}", re.IGNORECASE)

    def find(self, text: str) -> list[Mention]:
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            words = " ".join(match.group().split())
            hit = self.names.get(words) or self.folded.get(words.casefold())
            if hit:
                found.append(Mention(match.start(), match.end(), words, *hit))
        return found


class Vocabulary:
    """What intake knows: actors (armed groups, state forces, organisations), districts with
    their provinces, places with their districts, and the type codes entries may take."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.actor_names = {a["code"]: a["name"] for a in data.get("actors", [])}
        self.actor_kinds = {a["code"]: a["kind"] for a in data.get("actors", [])}
        self.provinces = {d["name"]: d["province"] for d in data.get("districts", [])}
        self.abuse_types = dict(data.get("abuse_types", {}))
        self.claim_types = dict(data.get("claim_types", {}))
        self._actors = _Matcher()
        self._places = _Matcher()
        for actor in data.get("actors", []):
            self._add_actor(actor)
        self._add_places(data)
        self._actors.compile()
        self._places.compile()

    def _add_actor(self, actor: dict[str, Any]) -> None:
        code, kind = actor["code"], actor["kind"]
        self._actors.add(code, code, kind)
        for name in [actor["name"], *actor.get("aliases", [])]:
            self._actors.add(name, code, kind, any_case=" " in name.strip())
        for name in actor.get("transliterations", []):
            self._actors.add(name, code, kind)
        spelled = urdu_spelling(code)
        if spelled:
            self._actors.add(spelled, code, kind)

    def _add_places(self, data: dict[str, Any]) -> None:
        for district in data.get("districts", []):
            self._places.add(district["name"], district["name"], "district")
            for alias in district.get("aliases", []):
                self._places.add(alias, district["name"], "district", via=alias)
        for place in data.get("places", []):
            if place.get("district") in self.provinces:
                for name in [place["name"], *place.get("aliases", [])]:
                    self._places.add(name, place["district"], "place", via=place["name"])
        for name, variants in data.get("spellings", {}).items():
            if name in self.provinces:
                for variant in variants:
                    self._places.add(variant, name, "district", via=variant)

    def actors_in(self, text: str) -> list[Mention]:
        """Every actor named in `text` (key: its code; kind: armed_group, state, organisation)."""
        return self._actors.find(text)

    def places_in(self, text: str) -> list[Mention]:
        """Every district or gazetteer place named in `text` (key: the district it is in;
        kind: "district" or "place"; via: the place or alias as the gazetteer spells it)."""
        return self._places.find(text)

    def type_or_other(self, category: str, code: str) -> str:
        """`code` when the archive has this type, else "other" (types are editable data)."""
        known = self.claim_types if category == "claim" else self.abuse_types
        if not known or code in known:
            return code
        return "other" if "other" in known else ""

    def type_label(self, category: str, code: str) -> str:
        """The label people read for a type code."""
        known = self.claim_types if category == "claim" else self.abuse_types
        return known.get(code, code.replace("_", " "))


def urdu_spelling(code: str) -> str | None:
    """An abbreviation of two to five capitals as Urdu spells it out, else None ("K" is left
    out: its letter name is the common word کے)."""
    if not 2 <= len(code) <= 5 or not all(letter in URDU_LETTERS for letter in code):
        return None
    return " ".join(URDU_LETTERS[letter] for letter in code)


def as_vocabulary(vocabulary: Vocabulary | dict[str, Any]) -> Vocabulary:
    """A compiled Vocabulary from either one or the plain reference data."""
    return vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary(vocabulary)
