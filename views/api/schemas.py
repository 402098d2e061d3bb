"""The API's request and response shapes, as marshmallow schemas: one statement of each shape,
read by the API to check what it is sent and by views/api/openapi.py to write the document.

These check the shape only (known fields, their types, ids SQLite can hold); the store checks
every rule (limits, vocabularies, dates, citations) exactly as it does for the forms.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from archive.categories import CLAIM_MEDIUMS, OFFICIAL_RESPONSES
from archive.dates import PRECISIONS
from archive.figures import FIGURE_KINDS, GIVERS, MAX_COUNT, QUALIFIERS
from archive.links import LINK_TYPES
from archive.validation import REASON_LIMIT, SOURCE_LANGUAGES

# An id SQLite can hold; a larger number names nothing (and must not overflow in the store).
MAX_ID = 2**63 - 1
ID_RANGE = validate.Range(min=1, max=MAX_ID)
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


class Strict(Schema):
    """A request shape: any field it does not name is refused, with a message saying so."""

    class Meta:
        unknown = RAISE

    error_messages = {
        "unknown": "Not a field of this call: remove it (the fields are in /api/openapi.json).",
        "type": "Send a JSON object.",
    }


class JsonInteger(fields.Integer):
    """A JSON integer: not a string, not a fraction, and not true or false (which Python counts
    as 1 and 0)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class JsonBoolean(fields.Boolean):
    """true or false, and nothing a person might mean as one ("yes", 1)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def whole(**kwargs) -> fields.Integer:
    """A JSON integer."""
    return JsonInteger(strict=True, **kwargs)


def an_id(**kwargs) -> fields.Integer:
    """An id: a whole number from 1 to the largest SQLite holds."""
    return whole(validate=ID_RANGE, **kwargs)


def text(**kwargs) -> fields.String:
    """A JSON string."""
    return fields.String(**kwargs)


def one_of(values, **kwargs) -> fields.String:
    """A string from a fixed list, said in the document (the store checks it)."""
    return fields.String(metadata={"enum": list(values)}, **kwargs)


# Requests -------------------------------------------------------------------------------------


class CitationIn(Strict):
    source_id = an_id(required=True, metadata={"description": "A source in the archive."})
    passage = text(required=True, metadata={"description": "The passage the entry rests on."})
    attributed_to = text(metadata={"description": "Who the statement comes from."})


class VictimIn(Strict):
    name = text(required=True)
    age = whole(allow_none=True, validate=validate.Range(min=0, max=MAX_COUNT))
    occupation = text()
    confidential = JsonBoolean(
        metadata={"description": "True unless said otherwise: the name is shown only to "
                  "reviewers and administrators."}
    )  # fmt: skip
    victim_key = an_id(
        allow_none=True,
        metadata={"description": "When correcting a victim already named: their key, so their "
                  "recorded fates stay with them."},
    )  # fmt: skip


class FigureIn(Strict):
    kind = one_of(FIGURE_KINDS, required=True)
    qualifier = one_of(QUALIFIERS, required=True)
    count = whole(allow_none=True, validate=validate.Range(min=0, max=MAX_COUNT))
    given_by = one_of(GIVERS, required=True)


class EntryFields(Strict):
    """What both categories share; each field as the forms have it."""

    narrative = text()
    title_ur = text(metadata={"description": "The title in Urdu, beside the English one."})
    narrative_ur = text(metadata={"description": "The summary in Urdu, beside the narrative."})
    date_precision = one_of(PRECISIONS)
    date_start = text(allow_none=True, metadata={"description": "2025-09-03, 2025-09 or 2025."})
    date_end = text(allow_none=True, metadata={"description": "The last day of a range."})
    province = text()
    district = text(allow_none=True)
    place = text()
    tags = fields.List(fields.String())
    status = text()
    official_response = one_of(OFFICIAL_RESPONSES)
    official_statement = text()
    figures = fields.List(fields.Nested(FigureIn))


class AbuseFields(EntryFields):
    perpetrator = text()
    perpetrator_code = text(allow_none=True, metadata={"description": "An actor's code."})
    victims = fields.List(fields.Nested(VictimIn))


class ClaimFields(EntryFields):
    spokesperson = text()
    claim_medium = one_of(CLAIM_MEDIUMS)
    claimed_targets = text()


CITATIONS_REQUIRED = "An entry must cite at least one source: send citations, each with its " \
    "source_id and passage."  # fmt: skip


def _citations() -> fields.List:
    return fields.List(
        fields.Nested(CitationIn), required=True,
        error_messages={"required": CITATIONS_REQUIRED},
    )  # fmt: skip


class AbuseIn(AbuseFields):
    title = text(required=True)
    abuse_type = text(required=True)
    citations = _citations()


class ClaimIn(ClaimFields):
    title = text(required=True)
    group_code = text(required=True, metadata={"description": "BLA or Baloch Liberation Army."})
    claim_type = text(required=True)
    citations = _citations()


def _reason() -> fields.String:
    return text(required=True, metadata={"description": f"Why; up to {REASON_LIMIT} characters."})


class AbuseChange(AbuseFields):
    """A correction: only the fields sent change; `victims` and `figures` replace the lists."""

    title = text()
    abuse_type = text()
    reason = _reason()


class ClaimChange(ClaimFields):
    """A correction: only the fields sent change; `figures` replaces the list."""

    title = text()
    group_code = text()
    claim_type = text()
    reason = _reason()


class ReasonIn(Strict):
    reason = _reason()


class CitationAdd(CitationIn):
    reason = text(metadata={"description": "Why this source is added (optional)."})


class LinkIn(Strict):
    link_type = one_of(LINK_TYPES, required=True)
    other_kind = one_of(("abuse", "claim"), required=True)
    other_id = an_id(required=True)


class SourceIn(Strict):
    title = text(required=True)
    outlet = text()
    url = text(allow_none=True, metadata={"description": "http:// or https:// address."})
    published = text(allow_none=True, metadata={"description": "A day: 2025-09-03."})
    accessed = text(allow_none=True, metadata={"description": "A day: 2025-09-03."})
    source_type = text()
    language = one_of(SOURCE_LANGUAGES)
    body = text(metadata={"description": "The text of the source."})
    confidential = JsonBoolean()


class Paging(Strict):
    page = fields.Integer(validate=validate.Range(min=1, max=MAX_PAGE), load_default=1)
    per_page = fields.Integer(validate=validate.Range(min=1, max=MAX_PER_PAGE), load_default=20)


class EntryQuery(Paging):
    type = text(metadata={"description": "A type code."})
    district = text()
    status = text(metadata={"description": "Retracted entries are listed only when asked for."})
    sort = fields.String(validate=validate.OneOf(["newest", "oldest"]), load_default="newest")


class AbuseQuery(EntryQuery):
    fate = text(metadata={"description": "A named victim's current fate, e.g. missing."})


class SourceQuery(Paging):
    q = text(metadata={"description": "Words in the title, outlet or web address."})
    outlet = text()
    type = text()
    cited = fields.String(validate=validate.OneOf(["cited", "uncited"]))


class SearchQuery(Strict):
    """The search page's query string: the same names, the same query language."""

    q = text(metadata={"description": 'Words, "phrases", OR, -word, district:Kech, disap*.'})
    category = fields.String(validate=validate.OneOf(["", "abuse", "claim"]))
    type = text()
    district = text()
    group = text()
    perpetrator = text()
    status = text()
    fate = text()
    outlet = text()
    year = text()
    date_from = text(metadata={"description": "YYYY-MM-DD"})
    date_to = text(metadata={"description": "YYYY-MM-DD"})
    sort = fields.String(validate=validate.OneOf(["relevance", "newest", "oldest"]))
    page = fields.Integer(validate=validate.Range(min=1, max=500))


# Responses ------------------------------------------------------------------------------------
# What the API answers, field by field; the document is generated from these, and every answer
# is written through them, so an answer cannot hold a field the document does not describe.


class Flag(fields.Boolean):
    """A boolean in answers: the store keeps 0 and 1, JSON says false and true."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else bool(value)


def maybe_text(**kwargs) -> fields.String:
    """A string, or null."""
    return fields.String(allow_none=True, **kwargs)


class ErrorBody(Schema):
    message = fields.String(required=True)
    fields_ = fields.Dict(
        keys=fields.String(), values=fields.String(), data_key="fields", required=True,
        metadata={"description": "Field (dotted for lists: citations.0.passage) -> what is "
                  "wrong with it."},
    )  # fmt: skip


class ErrorOut(Schema):
    error = fields.Nested(ErrorBody, required=True)


class CitationOut(Schema):
    citation_id = fields.Integer(required=True)
    source_id = fields.Integer(required=True)
    passage = fields.String(required=True)
    attributed_to = fields.String(required=True)
    source_title = fields.String(required=True)
    source_outlet = fields.String(required=True)
    source_url = maybe_text(required=True)
    source_published = maybe_text(required=True)
    source_confidential = Flag(required=True)


class VictimOut(Schema):
    victim_key = fields.Integer(required=True)
    name = fields.String(required=True)
    age = fields.Integer(allow_none=True, required=True)
    occupation = fields.String(required=True)
    confidential = Flag(required=True)


class FigureOut(Schema):
    figure_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    qualifier = fields.String(required=True)
    count = fields.Integer(allow_none=True, required=True)
    given_by = fields.String(required=True)
    citation_id = fields.Integer(allow_none=True, required=True)
    text = fields.String(required=True, metadata={"description": "The figure in words."})


class LinkOut(Schema):
    link_id = fields.Integer(required=True)
    link_type = fields.String(required=True)
    relation = fields.String(required=True, metadata={"description": "As read from this entry."})
    relation_label = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "The other entry's category."})
    entry_id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    created_at = fields.String(required=True)
    created_by = fields.String(required=True)


class EntrySummary(Schema):
    """An entry's own fields, as in lists."""

    entry_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    narrative = fields.String(required=True)
    title_ur = fields.String(required=True, metadata={"description": "Empty when none."})
    narrative_ur = fields.String(required=True, metadata={"description": "Empty when none."})
    date_precision = fields.String(required=True)
    date_start = maybe_text(required=True)
    date_end = maybe_text(required=True)
    province = fields.String(required=True)
    district = maybe_text(required=True)
    place = fields.String(required=True)
    tags = fields.List(fields.String(), required=True)
    status = fields.String(required=True)
    retraction_reason = fields.String(required=True)
    official_response = fields.String(required=True)
    official_statement = fields.String(required=True)
    created_at = fields.String(required=True)
    created_by = fields.String(required=True)
    updated_at = fields.String(required=True)
    updated_by = fields.String(required=True)


class AbuseSummary(EntrySummary):
    abuse_type = fields.String(required=True)
    perpetrator = fields.String(required=True)
    perpetrator_code = maybe_text(required=True)


class ClaimSummary(EntrySummary):
    group_code = fields.String(required=True)
    spokesperson = fields.String(required=True)
    claim_medium = fields.String(required=True)
    claim_type = fields.String(required=True)
    claimed_targets = fields.String(required=True)


class Details(Schema):
    """What a single entry adds to its fields: citations (of the sources this user may see),
    figures and links."""

    citations = fields.List(fields.Nested(CitationOut), required=True)
    source_count = fields.Integer(required=True)
    figures = fields.List(fields.Nested(FigureOut), required=True)
    links = fields.List(fields.Nested(LinkOut), required=True)


class AbuseOut(AbuseSummary, Details):
    victims = fields.List(
        fields.Nested(VictimOut), required=True,
        metadata={"description": "Confidential names only for reviewers and administrators."},
    )  # fmt: skip


class ClaimOut(ClaimSummary, Details):
    pass


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of `item`s with the total that match and how many pages there are."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "total": fields.Integer(required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "pages": fields.Integer(required=True),
        },
        name=name,
    )


AbusePage = page_of(AbuseSummary, "AbusePage")
ClaimPage = page_of(ClaimSummary, "ClaimPage")


class FileOut(Schema):
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True)


class SourceSummary(Schema):
    source_id = fields.Integer(required=True)
    title = fields.String(required=True)
    outlet = fields.String(required=True)
    url = maybe_text(required=True)
    published = maybe_text(required=True)
    source_type = fields.String(required=True)
    language = fields.String(required=True)
    confidential = Flag(required=True)


class SourceListed(SourceSummary):
    cited_by = fields.Integer(required=True, metadata={"description": "Live entries citing it."})


class SourceOut(SourceSummary):
    accessed = maybe_text(required=True)
    body = fields.String(required=True)
    sha256 = maybe_text(required=True)
    file = fields.Nested(FileOut, allow_none=True, required=True)
    merged_into = fields.Integer(allow_none=True, required=True)
    retracted_at = maybe_text(required=True)
    created_at = fields.String(required=True)
    created_by = fields.String(required=True)
    updated_at = fields.String(required=True)
    updated_by = fields.String(required=True)


SourcePage = page_of(SourceListed, "SourcePage")


class MeOut(Schema):
    username = fields.String(required=True)
    role = fields.String(required=True)
    token = fields.String(required=True, metadata={"description": "The token's name."})


class SearchHitLink(Schema):
    relation = fields.String(required=True)
    reads = fields.String(required=True)
    kind = fields.String(required=True)
    category = fields.String(required=True)
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    url = fields.String(required=True)


class SearchHitFigure(Schema):
    kind = fields.String(required=True)
    count = fields.Integer(allow_none=True, required=True)
    qualifier = fields.String(required=True)
    given_by = fields.String(required=True)
    text = fields.String(required=True)


class SearchHit(Schema):
    kind = fields.String(required=True)
    category = fields.String(required=True)
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    title = fields.String(required=True)
    type = fields.String(required=True)
    type_label = fields.String(required=True)
    date = fields.String(required=True)
    place = fields.String(required=True)
    status = fields.String(required=True)
    snippet_html = fields.String(required=True)
    links = fields.List(fields.Nested(SearchHitLink), required=True)
    figures = fields.List(fields.Nested(SearchHitFigure), required=True)
    claimed_by = fields.String()
    reads = fields.String()


class FacetValue(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True)


class SearchOut(Schema):
    """The same answer as /search?format=json: each category counted and listed apart."""

    query = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    pages = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    results = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(SearchHit)), required=True
    )
    facets = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(FacetValue)), required=True
    )
    suggestion = maybe_text(required=True)
