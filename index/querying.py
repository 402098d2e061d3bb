"""The pure query builder: search parameters -> a Whoosh query, filter and mask.

It never opens the index, so it is tested as a table of inputs and expected queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser import syntax

from archive.messages import Message

from .analysis import Reference
from .schema import LAST_DATE, TEXT_FIELDS, UNKNOWN_DATE, build_schema

PER_PAGE = 20
SORTS = ("relevance", "newest", "oldest")
# Names people type before a colon -> the index field they search.
FIELD_NAMES = {
    "title": "title",
    "district": "district",
    "group": "group",
    "claimant": "group",
    "type": "entry_type",
    "status": "status",
    "fate": "fate",
    "outlet": "outlet",
    "source": "sources",
    "year": "year",
    "perpetrator": "perpetrator",
    "category": "kind",
}
CATEGORY_WORDS = {"abuse": "abuse", "abuses": "abuse", "claim": "claim", "claims": "claim"}


class QueryError(ValueError):
    """A search that cannot be understood; the message says why, in plain words.

    Its one argument is a `Message` (archive.messages), so the page can say it again in the
    reader's language; `str()` gives the English."""

    @property
    def message(self) -> Message:
        """Why the search cannot be understood, able to be translated."""
        reason = self.args[0] if self.args else ""
        return reason if isinstance(reason, Message) else Message(str(reason))


@dataclass
class SearchParams:
    """What a search asks for, as plain data (the search form hands these over)."""

    q: str = ""
    category: str = ""
    entry_type: str = ""
    district: str = ""
    group: str = ""
    perpetrator: str = ""
    status: str = ""
    fate: str = ""
    outlet: str = ""
    year: str = ""
    date_from: str = ""
    date_to: str = ""
    # "within": only entries whose whole date lies in the range (a bar of a timeline); else
    # every entry whose date could fall in it (an entry dated "2014" is in any range of 2014).
    dates: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    filters: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.filters = {
            "entry_type": self.entry_type,
            "district": self.district,
            "group": self.group,
            "perpetrator": self.perpetrator,
            "status": self.status,
            "fate": self.fate,
            "outlet": self.outlet,
            "year": self.year,
        }


@dataclass(frozen=True)
class BuiltQuery:
    """A Whoosh query plus what narrows it: `filter` keeps, `mask` removes, `category` splits."""

    query: query.Query
    filter: query.Query | None
    mask: query.Query | None
    category: str
    sortedby: tuple[str, bool] | None  # (field, reverse), or None for relevance


def build_query(params: SearchParams, ref: Reference, schema: Schema | None = None) -> BuiltQuery:
    """Turn search parameters into a query, filter and mask; QueryError if `q` is malformed."""
    schema = schema or _schema()
    parsed = parse_text(params.q, ref, schema)
    filters = _filters(params, ref)
    asks = params.status == "retracted" or _asks_for_retracted(parsed)
    mask = None if asks else query.Term("status", "retracted")
    return BuiltQuery(
        query=parsed,
        filter=query.And(filters) if len(filters) > 1 else (filters[0] if filters else None),
        mask=mask,
        category=params.category,
        sortedby=_sort(params, parsed),
    )


def parse_text(text: str, ref: Reference, schema: Schema | None = None) -> query.Query:
    """The user's query string as a Whoosh query (every entry when blank)."""
    text = text.strip()
    if not text:
        return query.Every()
    check_syntax(text)
    schema = schema or _schema()
    quoted = quote_names(text, ref)
    parsed = _plain_words(quoted, schema) or _parser(schema).parse(quoted)
    if parsed is query.NullQuery:
        raise QueryError(Message("This search has no words to look for: add a word or a name."))
    return _canonical(parsed, ref)


def quote_names(text: str, ref: Reference) -> str:
    """Quote the multi-word names of groups and places typed outside quotes, so they match as
    names (Baloch Liberation Army) rather than as three words anywhere."""
    parts = text.split('"')
    names = ref.long_names
    if not names:
        return text
    pattern = _names_pattern(names)
    for n in range(0, len(parts), 2):
        parts[n] = pattern.sub(lambda match: f'"{match.group(0)}"', parts[n])
    return '"'.join(parts)


@lru_cache(maxsize=8)
def _names_pattern(names: frozenset[str]) -> re.Pattern:
    """The names as one pattern, the longest first (made once for each set of names)."""
    ordered = sorted(names, key=lambda name: (-len(name), name))
    alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in ordered)
    return re.compile(rf"(?<![\w:])(?:{alternatives})(?!\w)", re.IGNORECASE)


def check_syntax(text: str) -> None:
    """Raise QueryError, in plain words, for the mistakes the parser would silently guess at."""
    if text.count('"') % 2:
        raise QueryError(
            Message("A quotation mark is not closed: put quotes around both ends of a phrase.")
        )
    depth = 0
    for char in _outside_quotes(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError(Message("A closing bracket ')' has no opening bracket before it."))
    if depth:
        raise QueryError(Message("A bracket '(' is not closed."))
    words = _outside_quotes(text).split()
    for word in words:
        _check_word(word)
    if words and (words[0] in ("AND", "OR") or words[-1] in ("AND", "OR", "NOT")):
        raise QueryError(Message("AND, OR and NOT need a word on each side (NOT: after it)."))


def _check_word(word: str) -> None:
    name, colon, value = word.partition(":")
    if colon and name and not name.startswith(('"', "(")) and re.fullmatch(r"[-+]?\w+", name):
        if name.lstrip("+-").lower() not in FIELD_NAMES:
            known = ", ".join(sorted(FIELD_NAMES))
            raise QueryError(
                Message("There is no field called '%(name)s': use one of %(known)s.", name=name,
                        known=known)
            )  # fmt: skip
        if not value:
            field, example = name + ":", name + ":Kech"
            raise QueryError(
                Message("Say what to look for after '%(field)s', e.g. %(example)s.",
                        field=field, example=example)
            )  # fmt: skip
    if word.lstrip("+-(").startswith(("*", "?")):
        raise QueryError(Message("A word cannot start with * or ?: put at least one letter first."))


def _outside_quotes(text: str) -> str:
    return "".join(part for index, part in enumerate(text.split('"')) if index % 2 == 0)


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return build_schema()


class PlusMinusInBrackets(qparser.PlusMinusPlugin):
    """Whoosh's +word and -word, in brackets too: Whoosh sorts only the outermost words, and a
    minus inside brackets reached the query unsorted, which Whoosh cannot turn into a query."""

    def do_plusminus(self, parser: qparser.QueryParser, group: Any) -> Any:
        for position, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[position] = self.do_plusminus(parser, node)
        return super().do_plusminus(parser, group)


# Letters and digits in words apart, nothing else: what most searches are.
PLAIN_WORDS = re.compile(r"[^\W_]+(?:\s+[^\W_]+)*")
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def _plain_words(text: str, schema: Schema) -> query.Query | None:
    """The query the parser makes of plain words (each in the title or the text, all of them),
    made directly; None for anything else. The parser takes milliseconds to find no syntax in
    one word; a word the analysis drops or splits (a stop word) is left to it."""
    if not PLAIN_WORDS.fullmatch(text):
        return None
    groups = []
    for word in text.split():
        if word in OPERATORS:
            return None
        terms = []
        for name in TEXT_FIELDS:
            tokens = list(schema[name].process_text(word, mode="query"))
            if len(tokens) != 1:
                return None
            terms.append(query.Term(name, tokens[0]))
        groups.append(query.Or(terms))
    # Normalised as the parser's answer is (a word given twice counts once).
    return (groups[0] if len(groups) == 1 else query.And(groups)).normalize()


# Parsers made for a schema, kept (making one compiles every plugin's patterns): schema id ->
# (the schema, kept alive so its id is not reused, its parser). A parser keeps no state between
# parses. A searcher holds one schema for its generation: a few are alive at once.
_parsers: dict[int, tuple[Schema, qparser.QueryParser]] = {}


def _parser(schema: Schema) -> qparser.QueryParser:
    kept = _parsers.get(id(schema))
    if kept is None:
        if len(_parsers) >= 8:
            _parsers.pop(next(iter(_parsers)))
        kept = _parsers[id(schema)] = (schema, _new_parser(schema))
    return kept[1]


def _new_parser(schema: Schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema)
    # A minus says "not" only before a word, after a space: "pro-government" is one word.
    parser.add_plugin(PlusMinusInBrackets(minusexpr=r"(?<![^\s(])-(?=[\w\"(])"))
    aliases = {}
    for typed, fieldname in FIELD_NAMES.items():
        if typed != fieldname:
            aliases.setdefault(fieldname, []).append(typed)
    parser.add_plugin(qparser.FieldAliasPlugin(aliases))
    return parser


def _canonical(node: query.Query, ref: Reference) -> query.Query:
    """Rewrite field:value terms to the stored spelling (district:turbat -> district:Kech)."""
    if isinstance(node, query.Term) and node.fieldname in FILTER_VALUES:
        return query.Term(node.fieldname, FILTER_VALUES[node.fieldname](node.text, ref))
    if node.is_leaf():
        return node
    return node.apply(lambda child: _canonical(child, ref))


def _code(text: str, ref: Reference) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


FILTER_VALUES = {
    "district": lambda text, ref: ref.canonical_place(text.strip()),
    "group": lambda text, ref: ref.canonical_group(text.strip()),
    "entry_type": _code,
    "status": _code,
    "fate": _code,
    "kind": lambda text, ref: CATEGORY_WORDS.get(text.strip().lower(), text.strip().lower()),
    "year": lambda text, ref: text.strip(),
    "outlet": lambda text, ref: text.strip(),
    "perpetrator": lambda text, ref: ref.canonical_actor(text.strip()),
}


def _filters(params: SearchParams, ref: Reference) -> list[query.Query]:
    terms: list[query.Query] = [
        query.Term(name, FILTER_VALUES[name](value, ref))
        for name, value in params.filters.items()
        if value
    ]
    if params.dates == "within" and (params.date_from or params.date_to):
        first = _day(params.date_from) if params.date_from else UNKNOWN_DATE + 1
        last = _day(params.date_to) if params.date_to else LAST_DATE
        terms.append(query.NumericRange("date_start", first, None))
        terms.append(query.NumericRange("date_end", None, last))
        return terms
    if params.date_to:  # an undated entry (date_start 0) did not start "by" any date
        terms.append(query.NumericRange("date_start", UNKNOWN_DATE + 1, _day(params.date_to)))
    if params.date_from:
        terms.append(query.NumericRange("date_end", _day(params.date_from), None))
    return terms


def _day(value: str) -> int:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise QueryError(Message("'%(value)s' is not a date: use YYYY-MM-DD.", value=value))
    return int(value.replace("-", ""))


def _asks_for_retracted(node: query.Query, negated: bool = False) -> bool:
    """Whether the query itself asks for retracted entries (status:retracted, not negated).

    Any other mention of a status, or a negated one, keeps retracted entries out.
    """
    if isinstance(node, query.Term):
        return not negated and (node.fieldname, node.text) == ("status", "retracted")
    if isinstance(node, query.Not):
        return _asks_for_retracted(node.query, not negated)
    if isinstance(node, query.AndNot):
        return _asks_for_retracted(node.a, negated) or _asks_for_retracted(node.b, not negated)
    if node.is_leaf():
        return False
    return any(_asks_for_retracted(child, negated) for child in node.children())


def _sort(params: SearchParams, parsed: query.Query) -> tuple[str, bool] | None:
    sort = params.sort if params.sort in SORTS else "relevance"
    if sort == "relevance" and isinstance(parsed, query.Every):
        sort = "newest"  # nothing to rank by
    return {"newest": ("date_start", True), "oldest": ("date_oldest", False)}.get(sort)
