"""Drafts: what intake suggests for one reported event, shaped like the entry forms' fields.

A draft is never stored: the documenter reads it beside its passage, corrects it and accepts
it (the review page turns it into an ordinary entry form) or discards it. Each suggested field
carries the reason it was suggested, in plain words, so the documenter can judge it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES = ("abuse", "claim")


@dataclass
class Figure:
    """A count as reported: what is counted (archive/figures.py FIGURE_KINDS), how exact, and
    who gives it (GIVERS: the group for a claim, officials, family, media...)."""

    kind: str
    count: int | None
    qualifier: str = "exact"
    given_by: str = "unknown"
    words: str = ""

    def form_values(self) -> dict[str, Any]:
        """The figure as an entry form's figure row takes it."""
        return {"kind": self.kind, "count": self.count, "qualifier": self.qualifier,
                "given_by": self.given_by}  # fmt: skip

    def key(self) -> tuple[str, int | None, str]:
        """What two reports of the same figure share."""
        return (self.kind, self.count, self.qualifier)


@dataclass
class Draft:
    """A suggested entry: an abuse report or an attack claim, with the passage it rests on.

    Field names follow the entry forms (forms/entries.py): `type` is the abuse_type or
    claim_type code, `group` the claimant's actor code and `group_name` its name (claims),
    `perpetrator` the alleged perpetrator in the text's words, `perpetrator_code` and
    `perpetrator_name` the known actor they name (abuses), `date` the first day at its
    precision ("2025-08" for a month, "2025" for a year).
    `passage_start`/`passage_end` are character offsets of `passage` in the text read.
    `reasons` maps a field to why it was suggested. `linked_to` is the index, in the same list,
    of the draft of the same event in the other category, or None.
    """

    category: str
    type: str
    passage: str
    passage_start: int
    passage_end: int
    group: str | None = None
    group_name: str = ""
    spokesperson: str = ""
    perpetrator: str = ""
    perpetrator_code: str | None = None
    perpetrator_name: str = ""
    district: str | None = None
    province: str | None = None
    place: str = ""
    date: str | None = None
    date_end: str | None = None
    date_precision: str = "unknown"
    figures: list[Figure] = field(default_factory=list)
    claim_medium: str = "unknown"
    attributed_to: str = ""
    status: str = ""
    title: str = ""
    narrative: str = ""
    reasons: dict[str, str] = field(default_factory=dict)
    linked_to: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The draft as plain JSON data (figures as dicts), keys as the CLI prints them:
        `group` and `perpetrator` hold the actor's code from reference data when known (as the
        archive stores and counts them), `perpetrator` the text's words otherwise;
        `perpetrator_words` always the text's own words."""
        data = asdict(self)
        data["figures"] = [asdict(figure) for figure in self.figures]
        data["perpetrator"] = self.perpetrator_code or self.perpetrator
        data["perpetrator_words"] = self.perpetrator
        return data

    def form_values(self) -> dict[str, Any]:
        """The values an entry form (forms/entries.py) starts with for this draft; the
        citation's source is the caller's to fill in."""
        values: dict[str, Any] = {
            "title": self.title,
            "narrative": self.narrative,
            "date_precision": self.date_precision,
            "date_start": self.date or "",
            "date_end": self.date_end or "",
            "district": self.district or "",
            "place": self.place,
            "status": self.status,
            "figures": [figure.form_values() for figure in self.figures],
            "citations": [{"passage": self.passage, "attributed_to": self.attributed_to}],
        }
        if self.category == "claim":
            values["claim_type"] = self.type
            values["group_code"] = self.group or ""
            values["spokesperson"] = self.spokesperson
            values["claim_medium"] = self.claim_medium
        else:
            values["abuse_type"] = self.type
            values["perpetrator"] = self.perpetrator
            values["perpetrator_code"] = self.perpetrator_code or ""
        return values
