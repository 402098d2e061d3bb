"""Checks the store applies to every record before writing it, whoever calls it.

Each function returns the cleaned columns or raises InvalidRecord with every problem found, so a
form, an importer or a CLI all get the same rules and the same plain-language messages.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlparse

from sqlite_utils import Database

from . import actors, reference
from .categories import CLAIM_MEDIUMS, OFFICIAL_RESPONSES, Category
from .dates import normalise_date
from .errors import InvalidRecord, MissingCitation
from .figures import MAX_COUNT
from .messages import N_, Message
from .read_once import remember, remembered

# The most characters each text may hold. A real report runs to about 600 words (some 4,000
# characters): the limits leave ample room and stop only slips, such as a whole file pasted
# into a title, and text no one could read on a page.
ENTRY_LIMITS = {
    "title": 300,
    "narrative": 50_000,
    # The Urdu title and summary, optional, held to the same limits as the English ones.
    "title_ur": 300,
    "narrative_ur": 50_000,
    "place": 200,
    "tags": 1_000,
    "perpetrator": 200,
    "group_code": 200,
    "spokesperson": 200,
    "claimed_targets": 1_000,
    "official_statement": 10_000,
}
CITATION_LIMITS = {"passage": 5_000, "attributed_to": 200}
VICTIM_LIMITS = {"name": 200, "occupation": 200}
# A source's text is a whole article, statement or report as pasted: a million characters is
# some 150,000 words, a book; a larger document is kept as its uploaded file.
SOURCE_LIMITS = {"title": 500, "outlet": 200, "url": 2_000, "body": 1_000_000}
REASON_LIMIT = 500
# The languages a source may be in (code -> name); the form offers them, the store holds to them.
SOURCE_LANGUAGES = {
    "en": N_("English"),
    "ur": N_("Urdu"),
    "bal": N_("Balochi"),
    "ps": N_("Pashto"),
    "sd": N_("Sindhi"),
    "other": N_("Other"),
}

# Control characters cannot be stored: NUL cuts SQLite's text functions short and the others
# are invisible on a page. Tab, line feed and carriage return are ordinary text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Messages, not plain text: said inside another message, a page can still translate them.
CONTROL_NAMES = {0x00: "NUL", 0x08: Message("backspace"), 0x0B: Message("vertical tab"),
                 0x0C: Message("form feed"), 0x1B: Message("escape"),
                 0x7F: Message("delete")}  # fmt: skip


def clean_entry(db: Database, category: Category, record: dict[str, Any]) -> dict[str, Any]:
    """The columns to store for an entry of `category`, or InvalidRecord."""
    errors: dict[str, str] = {}
    unknown = sorted(set(record) - set(category.fields))
    if unknown:
        errors["fields"] = _not_fields(category, unknown)
    row: dict[str, Any] = {
        "title": _required_text(record, "title", errors, N_("Give the entry a title.")),
        "narrative": _text(record.get("narrative")),
        "title_ur": _text(record.get("title_ur")),
        "narrative_ur": _text(record.get("narrative_ur")),
        "place": _text(record.get("place")),
        "tags": json.dumps(clean_tags(record.get("tags"))),
        "status": record.get("status") or category.default_status,
    }
    if row["status"] not in category.statuses:
        errors["status"] = Message("Choose one of: %(names)s.", names=", ".join(category.statuses))
    _clean_type(db, category, record, row, errors)
    _clean_dates(record, row, errors)
    _clean_place(db, record, row, errors)
    if category.kind == "abuse":
        _clean_abuse_fields(db, record, row, errors)
    else:
        _clean_claim_fields(db, record, row, errors)
    errors.update(check_texts(record, ENTRY_LIMITS))
    if errors:
        raise InvalidRecord(errors)
    return row


def _not_fields(category: Category, unknown: list[str]) -> Message:
    names = ", ".join(unknown)
    if category.kind == "abuse":
        return Message("Not fields of abuse reports: %(names)s.", names=names)
    return Message("Not fields of attack claims: %(names)s.", names=names)


def _clean_type(db: Database, category: Category, record: dict, row: dict, errors: dict) -> None:
    code = _text(record.get(category.type_column))
    if code not in reference.type_labels(db, category.type_table):
        errors[category.type_column] = N_("Choose a type from the list.")
    row[category.type_column] = code


def _clean_dates(record: dict, row: dict, errors: dict) -> None:
    precision = record.get("date_precision") or "unknown"
    row["date_precision"] = precision
    try:
        row["date_start"], row["date_end"] = normalise_date(
            precision, record.get("date_start"), record.get("date_end")
        )
    except ValueError as error:
        errors["date_start"] = error.args[0]


def _clean_place(db: Database, record: dict, row: dict, errors: dict) -> None:
    district = _text(record.get("district")) or None
    province = _text(record.get("province"))
    if district is not None:
        district_province = reference.district_province(db, district)
        if district_province is None:
            errors["district"] = Message("%(name)r is not a known district.", name=district)
        elif province and province != district_province:
            errors["province"] = Message(
                "%(district)s is in %(province)s, not %(other)s.",
                district=district, province=district_province, other=province,
            )  # fmt: skip
        else:
            province = district_province
    if province and province not in reference.PROVINCES:
        errors["province"] = Message("%(name)r is not a known province.", name=province)
    row["district"], row["province"] = district, province


def _clean_abuse_fields(db: Database, record: dict, row: dict, errors: dict) -> None:
    _clean_official_response(record, row, errors)
    # The report's own words ("men in plain clothes") and, when known, the actor it names.
    row["perpetrator"] = _text(record.get("perpetrator"))
    code = _text(record.get("perpetrator_code"))
    row["perpetrator_code"] = actors.resolve_actor(db, code) if code else None
    if code and row["perpetrator_code"] is None:
        errors["perpetrator_code"] = Message("%(code)r is not in the list of actors.", code=code)


def _clean_claim_fields(db: Database, record: dict, row: dict, errors: dict) -> None:
    group = _text(record.get("group_code"))
    row["group_code"] = reference.resolve_group(db, group) if group else None
    if not group:
        errors["group_code"] = N_("Name the group that made the claim.")
    elif row["group_code"] is None:
        errors["group_code"] = Message("%(group)r is not a known armed group.", group=group)
    row["spokesperson"] = _text(record.get("spokesperson"))
    # Not said is not known: a claim saved without its channel does not pretend to know it.
    row["claim_medium"] = record.get("claim_medium") or "unknown"
    if row["claim_medium"] not in CLAIM_MEDIUMS:
        errors["claim_medium"] = N_("Choose how the claim was made from the list.")
    row["claimed_targets"] = _text(record.get("claimed_targets"))
    _clean_official_response(record, row, errors)


def _clean_official_response(record: dict, row: dict, errors: dict) -> None:
    row["official_response"] = record.get("official_response") or "none"
    if row["official_response"] not in OFFICIAL_RESPONSES:
        errors["official_response"] = N_("Choose none, confirmed, denied or disputed.")
    row["official_statement"] = _text(record.get("official_statement"))


def clean_citation(db: Database, citation: dict[str, Any]) -> dict[str, Any]:
    """A citation's columns (source_id, passage, attributed_to), or InvalidRecord."""
    errors: dict[str, str] = {}
    source_id = citation.get("source_id")
    try:
        source_id = int(source_id)
    except (TypeError, ValueError):
        source_id = None
    problem = N_("Choose a source that is in the archive.")
    if source_id is not None:
        problem = _uncitable(db, source_id)
    if problem:
        errors["source_id"] = problem
    passage = _required_text(
        citation, "passage", errors, N_("Quote the passage of the source that supports the entry.")
    )
    errors.update(check_texts(citation, CITATION_LIMITS))
    if errors:
        raise InvalidRecord(errors)
    return {
        "source_id": source_id,
        "passage": passage,
        "attributed_to": _text(citation.get("attributed_to")),
    }


def _uncitable(db: Database, source_id: int) -> str | None:
    """Why a source cannot be cited (absent, merged or retracted), or None."""
    if remembered(db, ("citable source", source_id)):
        return None  # read citable earlier in this import batch (no import merges or retracts)
    found = db.execute(
        "SELECT merged_into, retracted_at FROM sources WHERE source_id = ?", [source_id]
    ).fetchone()
    if found == (None, None):
        remember(db, ("citable source", source_id), True)
    if found is None:
        return N_("Choose a source that is in the archive.")
    merged_into, retracted_at = found
    if merged_into is not None:
        return Message(
            "Source #%(number)d was merged into source #%(kept)d: cite that one.",
            number=source_id, kept=merged_into,
        )  # fmt: skip
    if retracted_at is not None:
        return Message(
            "Source #%(number)d was retracted: it can no longer be cited.", number=source_id
        )
    return None


def clean_citations(db: Database, citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every citation cleaned; MissingCitation when there are none."""
    if not citations:
        raise MissingCitation()
    return [clean_citation(db, citation) for citation in citations]


def clean_victims(victims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Named victims, each confidential unless marked otherwise; blank rows dropped. A victim
    already in the archive may carry its `victim_key`, so the store knows it is the same person."""
    cleaned = []
    for number, victim in enumerate(victims, start=1):
        problems = check_texts(victim, VICTIM_LIMITS)
        if problems:
            field, message = next(iter(problems.items()))
            raise InvalidRecord({"victims": _victim_problem(number, field, message)})
        name = _text(victim.get("name"))
        if not name:
            if _blank_victim(victim):
                continue
            message = Message("Victim %(number)d: give the name, or leave it out.", number=number)
            raise InvalidRecord({"victims": message})
        errors: dict[str, str] = {}
        age = _count(victim, "age", errors)
        if errors or (age is not None and age > MAX_COUNT):
            message = Message(
                "The age of %(name)s must be a whole number from 0 to %(limit)s.",
                name=name, limit=f"{MAX_COUNT:,}",
            )  # fmt: skip
            raise InvalidRecord({"victims": message})
        cleaned.append(
            {
                "name": name,
                "age": age,
                "occupation": _text(victim.get("occupation")),
                "confidential": 0 if victim.get("confidential") in (False, 0, "0") else 1,
                "victim_key": _key(victim.get("victim_key")),
            }
        )
    return cleaned


def _victim_problem(number: int, field: str, message: str) -> Message:
    """A victim row's text problem, naming the row and the field."""
    if field == "name":
        return Message("Victim %(number)d, name: %(problem)s", number=number, problem=message)
    return Message("Victim %(number)d, occupation: %(problem)s", number=number, problem=message)


def _blank_victim(victim: dict[str, Any]) -> bool:
    """True for a row with nothing in it (an empty row of the form)."""
    return victim.get("age") in (None, "") and not _text(victim.get("occupation"))


def _key(value: Any) -> int | None:
    """A victim's key as handed back by a form (text) or a caller (a number); None otherwise."""
    text = _text(value)
    return int(text) if text.isdigit() and len(text) <= 18 else None


def clean_source(db: Database, record: dict[str, Any]) -> dict[str, Any]:
    """A source's columns, or InvalidRecord."""
    errors: dict[str, str] = {}
    row = {
        "title": _required_text(record, "title", errors, N_("Give the source's title.")),
        "outlet": _text(record.get("outlet")),
        "url": _text(record.get("url")) or None,
        "source_type": _text(record.get("source_type")) or "news_report",
        "language": _text(record.get("language")) or "en",
        "body": record.get("body") or "",
        "confidential": 1 if record.get("confidential") else 0,
    }
    if row["url"] and not is_web_address(row["url"]):
        errors["url"] = N_("Give a full web address starting with http:// or https://.")
    if row["source_type"] not in reference.type_labels(db, "source_types"):
        errors["source_type"] = N_("Choose a source type from the list.")
    if row["language"] not in SOURCE_LANGUAGES:
        errors["language"] = Message("Choose one of: %(names)s.", names=", ".join(SOURCE_LANGUAGES))
    for field in ("published", "accessed"):
        row[field] = _optional_day(record, field, errors)
    errors.update(check_texts(record, SOURCE_LIMITS))
    if errors:
        raise InvalidRecord(errors)
    return row


def text_problem(value: str, limit: int) -> str | None:
    """What is wrong with a text for a field holding `limit` characters, in plain words; or None."""
    if len(value) > limit:
        return Message(
            "This is %(length)s characters long; it can hold at most %(limit)s. "
            "Shorten it and send it again.",
            length=f"{len(value):,}", limit=f"{limit:,}",
        )  # fmt: skip
    found = CONTROL.search(value)
    if found is None:
        return None
    code = ord(found.group())
    name = CONTROL_NAMES.get(code, Message("a control character"))
    return Message(
        "This holds an invisible control character, %(name)s (U+%(code)s), at character "
        "%(position)s. Remove it and send it again.",
        name=name, code=f"{code:04X}", position=f"{found.start() + 1:,}",
    )  # fmt: skip


def check_texts(record: dict[str, Any], limits: dict[str, int]) -> dict[str, str]:
    """Field -> problem for each text of `record` too long or holding a control character."""
    errors = {}
    for field, limit in limits.items():
        value = record.get(field)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        if isinstance(value, str) and (problem := text_problem(value.strip(), limit)):
            errors[field] = problem
    return errors


def check_reason(reason: str | None, message: str | None = None) -> str:
    """The reason for a change, trimmed; InvalidRecord when too long, unprintable, or empty
    where `message` (saying what is missing) is given."""
    text = _text(reason)
    problem = text_problem(text, REASON_LIMIT) if text else message
    if problem:
        raise InvalidRecord({"reason": problem})
    return text


def is_web_address(text: str) -> bool:
    """True for an http or https address with a host."""
    parts = urlparse(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


def clean_tags(tags: Any) -> list[str]:
    """Tags from a list or a comma-separated string: trimmed, lower-case, each once."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags or []:
        tag = str(tag).strip().lower()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _required_text(record: dict, field: str, errors: dict, message: str) -> str:
    value = _text(record.get(field))
    if not value:
        errors[field] = message
    return value


def _count(record: dict, field: str, errors: dict) -> int | None:
    value = record.get(field)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        errors[field] = N_("Give a whole number, zero or more.")
        return None
    return number


def _optional_day(record: dict, field: str, errors: dict) -> str | None:
    value = _text(record.get(field))
    if not value:
        return None
    try:
        return normalise_date("day", value, None)[0]
    except ValueError as error:
        errors[field] = error.args[0]
        return None
