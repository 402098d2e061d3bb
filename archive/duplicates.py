"""Duplicates: entries that are probably one incident already in the archive, and sources that
are one document saved twice (one extra space, a tracking parameter in the address).

Plain functions taking the database first, so the web forms, intake and a spreadsheet import
all ask the same questions. Each likely duplicate comes with its reasons in words, so a
documenter can judge it: nothing here decides on its own that two records are the same.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlite_utils import Database

from .categories import get_category
from .messages import N_, Message

WINDOW_DAYS = 3
MOST_COMPARED = 200
ORDERED_WORDS = 300
LONGEST_SPAN = 366
TITLE_ALIKE = 0.5
TEXT_ALIKE = 0.35
# Words that say nothing about which incident it was.
STOPWORDS = frozenset({
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "from", "by", "for", "with",
    "near", "after", "before", "over", "into", "was", "were", "is", "are", "has", "have", "had",
    "been", "his", "her", "their", "its", "who", "that", "this", "these", "those", "as", "than",
    "says", "said",
})  # fmt: skip
TRACKING_PARAMETERS = ("fbclid", "gclid", "mc_cid", "mc_eid")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LikelyDuplicate:
    """An existing entry that is probably the incident being recorded, and why."""

    entry: dict[str, Any]
    score: float
    days_apart: int | None
    title_alike: float
    text_alike: float

    @property
    def reasons(self) -> str:
        """Why, in words: "same type and district, 1 day apart, titles 80% alike"."""
        return ", ".join(self.reason_list)

    @property
    def reason_list(self) -> list[Message]:
        """Why, each reason a message a page can say in the reader's language."""
        parts = [Message("same type and district")]
        if self.days_apart is not None:
            parts.append(_days_in_words(self.days_apart))
        parts.append(Message("titles %(percent)s alike", percent=f"{self.title_alike:.0%}"))
        if self.text_alike >= TEXT_ALIKE:
            alike = f"{self.text_alike:.0%}"
            parts.append(Message("title and narrative %(percent)s alike", percent=alike))
        return parts

    @property
    def reasons_message(self) -> Message:
        """The reasons as one message whose values are the reasons (said one by one)."""
        parts = self.reason_list
        template = ", ".join(f"%(r{n})s" for n in range(len(parts)))
        return Message(template, **{f"r{n}": part for n, part in enumerate(parts)})


def _days_in_words(days: int) -> Message:
    if days == 0:
        return Message("same dates")
    if days == 1:
        return Message("%(days)d day apart", days=days)
    return Message("%(days)d days apart", days=days)


def words(text: str) -> list[str]:
    """The words of a text that can tell incidents apart, in order: case-folded, no stopwords."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return [word for word in WORD.findall(folded) if word not in STOPWORDS and len(word) > 1]


def alike(first: str, second: str) -> float:
    """How alike two texts are, 0 to 1: the better of the share of words they have in common
    (Jaccard) and difflib's ratio of their words in order."""
    a, b = words(first), words(second)
    if not a or not b:
        return 0.0
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    # The first words suffice for the order, and keep long narratives quick to compare.
    in_order = difflib.SequenceMatcher(None, a[:ORDERED_WORDS], b[:ORDERED_WORDS], autojunk=False)
    return max(jaccard, in_order.ratio())


def likely_duplicates(
    db: Database,
    kind: str,
    record: dict[str, Any],
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[LikelyDuplicate]:
    """Live entries of the same category that are probably the incident `record` describes:
    same type and district, dates within a few days, and similar words; best first.

    `record` is the entry as the store takes it: type, district, date_start/date_end as first
    and last day (`archive.dates.normalise_date`), title, narrative.
    """
    category = get_category(kind)
    rows = _candidates(db, category, record, exclude_id)
    found = [match for row in rows if (match := _compare(kind, category, record, row))]
    found.sort(key=lambda match: -match.score)
    return found[:limit]


def _candidates(db: Database, category, record: dict[str, Any], exclude_id: int | None):
    # Narrowed in SQL first (type, district, dates; index on district and date_start), so the
    # text is compared for a handful of rows, not the whole table.
    clauses = [f"{category.type_column} = ?", "district IS ?", "status != 'retracted'"]
    params: list[Any] = [record.get(category.type_column), record.get("district") or None]
    first, last = _span(record)
    if first is not None:
        # The lower bound keeps the index range short; an entry dated a whole year (or a range
        # of up to a year) still begins within it.
        clauses.append(
            "date_start BETWEEN date(?, ?) AND date(?, ?)"
            " AND coalesce(date_end, date_start) >= date(?, ?)"
        )
        params += [first, f"-{WINDOW_DAYS + LONGEST_SPAN} days", last, f"+{WINDOW_DAYS} days",
                   first, f"-{WINDOW_DAYS} days"]  # fmt: skip
    if exclude_id is not None:
        clauses.append(f"{category.pk} != ?")
        params.append(exclude_id)
    return db.query(
        f"SELECT *, {category.pk} AS entry_id FROM {category.table}"
        f" WHERE {' AND '.join(clauses)} ORDER BY {category.pk} DESC LIMIT {MOST_COMPARED}",
        params,
    )


def _span(record: dict[str, Any]) -> tuple[str | None, str | None]:
    first = record.get("date_start") or None
    if record.get("date_precision") == "unknown" or first is None:
        return None, None
    if len(first) != 10:
        # As typed (2025-08 or 2025), not yet as stored: widen to the whole month or year.
        from .dates import normalise_date

        try:
            return normalise_date(record["date_precision"], first, record.get("date_end"))
        except (KeyError, ValueError):
            return None, None
    return first, record.get("date_end") or first


def _compare(kind: str, category, record: dict[str, Any], row: dict[str, Any]):
    title_alike = alike(record.get("title", ""), row["title"])
    candidate_text = f"{record.get('title', '')} {record.get('narrative', '')}"
    text_alike = alike(candidate_text, f"{row['title']} {row['narrative']}")
    if title_alike < TITLE_ALIKE and text_alike < TEXT_ALIKE:
        return None
    days = _days_apart(_span(record), (row["date_start"], row["date_end"] or row["date_start"]))
    score = 0.6 * title_alike + 0.4 * text_alike - 0.05 * (days or 0)
    entry = {**row, "kind": kind}
    return LikelyDuplicate(entry, round(score, 3), days, title_alike, text_alike)


def _days_apart(first: tuple, second: tuple) -> int | None:
    """Days between two (first day, last day) spans; 0 when they overlap, None if unknown."""
    if None in (first[0], second[0]):
        return None
    a_start, a_end = (date.fromisoformat(day) for day in first)
    b_start, b_end = (date.fromisoformat(day) for day in second)
    return max((b_start - a_end).days, (a_start - b_end).days, 0)


def text_fingerprint(body: str | None) -> str | None:
    """The SHA-256 of a source's text with letter case, spacing and punctuation set aside, so
    one extra space or a curly quote still finds the same document; None without words."""
    found = WORD.findall(unicodedata.normalize("NFKC", body or "").casefold())
    if not found:
        return None
    return hashlib.sha256(" ".join(found).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=4096)  # a new source's is worked out twice: its column, its check
def url_key(url: str | None) -> str | None:
    """A web address as it names a page: scheme and host in lower case, no default port, no
    final slash, no fragment, no utm_* or other tracking parameters; None without one."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, default) else f"{host}:{port}"
    kept = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMETERS
    ]
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(sorted(kept)), ""))


NEAR_REASONS = {
    "url_key": N_("web address, apart from tracking parameters, letter case or a final slash"),
    "text_fingerprint": N_("text, apart from spacing, punctuation and letter case"),
}


def near_duplicate_source(
    db: Database, url: str | None, body: str | None, exclude_id: int | None = None
) -> tuple[int, str] | None:
    """(source id, reason) of a source holding the same page or text once tidied, or None."""
    for column, value in (("url_key", url_key(url)), ("text_fingerprint", text_fingerprint(body))):
        if value is None:
            continue
        row = db.execute(
            f"SELECT source_id FROM sources WHERE {column} = ? AND source_id IS NOT ?"
            " ORDER BY source_id LIMIT 1",
            [value, exclude_id],
        ).fetchone()
        if row:
            return row[0], NEAR_REASONS[column]
    return None


def similar_sources(db: Database, source: dict[str, Any]) -> list[dict[str, Any]]:
    """Other sources, not merged away, holding the same page or text as `source` once tidied
    (for a reviewer deciding what to merge)."""
    rows = db.query(
        """SELECT source_id, title, outlet, url, published, confidential,
                  CASE WHEN url_key = :url THEN 'url_key' ELSE 'text_fingerprint' END AS why
           FROM sources
           WHERE source_id != :id AND merged_into IS NULL
             AND ((url_key IS NOT NULL AND url_key = :url)
                  OR (text_fingerprint IS NOT NULL AND text_fingerprint = :text))
           ORDER BY source_id""",
        {"id": source["source_id"], "url": source.get("url_key"),
         "text": source.get("text_fingerprint")},
    )  # fmt: skip
    return [{**row, "reason": NEAR_REASONS[row.pop("why")]} for row in rows]


def source_keys(row: dict[str, Any]) -> dict[str, str | None]:
    """The derived columns that find a source's near-duplicates."""
    return {
        "url_key": url_key(row.get("url")),
        "text_fingerprint": text_fingerprint(row.get("body")),
    }
