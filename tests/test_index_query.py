"""The pure query builder as a table: search parameters -> Whoosh query, filter and mask."""

from __future__ import annotations

import pytest
from whoosh import query as q

import index
from index import querying
from index.sources import build_source_schema

REF = index.Reference(
    groups={"BLA": ["Baloch Liberation Army"], "BLF": ["Balochistan Liberation Front"]},
    places={"Kech": ["Turbat"], "Khuzdar": ["Khuzdaar"]},
)
TEXT = ("title", "text")
NOT_RETRACTED = q.Term("status", "retracted")


def words(*terms):
    """What one word typed by a user becomes: that term in every text field."""
    return [q.Or([q.Term(name, term) for name in TEXT]) for term in terms]


def both_terms(name, *terms):
    """A word that analyses to several terms (pro-government): all of them, in one field."""
    return q.And([q.Term(name, term) for term in terms])


def built(**params):
    return index.build_query(index.SearchParams(**params), REF)


@pytest.mark.parametrize(
    ("params", "expected_query"),
    [
        ({"q": ""}, q.Every()),
        ({"q": "Mastung"}, words("mastung")[0]),
        ({"q": "disappeared students"}, q.And(words("disappear", "student"))),
        (
            {"q": "Kech OR Turbat"},
            q.Or(
                [q.Term(name, "kech") for name in TEXT] + [q.Term(name, "turbat") for name in TEXT]
            ),
        ),
        ({"q": "mastung -kech"}, q.AndNot(words("mastung")[0], words("kech")[0])),
        # a hyphen inside a word is not "not": pro-government militia must mention government
        (
            {"q": "pro-government militia"},
            q.And([q.Or([both_terms(f, "pro", "govern") for f in TEXT]), words("militia")[0]]),
        ),
        (
            {"q": "mastung (kech -turbat)"},
            q.And([words("mastung")[0], q.AndNot(words("kech")[0], words("turbat")[0])]),
        ),
        ({"q": "district:turbat"}, q.Term("district", "Kech")),
        ({"q": "district:Khuzdaar"}, q.Term("district", "Khuzdar")),
        ({"q": "group:bla"}, q.Term("group", "BLA")),
        ({"q": "claimant:BLF"}, q.Term("group", "BLF")),
        ({"q": "type:mass_grave"}, q.Term("entry_type", "mass_grave")),
        ({"q": "category:claims"}, q.Term("kind", "claim")),
        ({"q": "disap*"}, q.Or([q.Prefix(name, "disap") for name in TEXT])),
    ],
)
def test_query_text_becomes_a_whoosh_query(params, expected_query):
    assert built(**params).query == expected_query


@pytest.mark.parametrize(
    ("params", "expected_filter"),
    [
        ({}, None),
        ({"district": "Turbat"}, q.Term("district", "Kech")),
        ({"group": "Baloch Liberation Army"}, q.Term("group", "BLA")),
        (
            {"entry_type": "mass_grave", "year": "2025"},
            q.And([q.Term("entry_type", "mass_grave"), q.Term("year", "2025")]),
        ),
        (
            {"date_from": "2025-08-01", "date_to": "2025-08-31"},
            q.And(
                [
                    q.NumericRange("date_start", 1, 20250831),  # 0: date unknown
                    q.NumericRange("date_end", 20250801, None),
                ]
            ),
        ),
        ({"outlet": "ET News"}, q.Term("outlet", "ET News")),
    ],
)
def test_filters_are_passed_apart_from_the_query(params, expected_filter):
    assert built(**params).filter == expected_filter


@pytest.mark.parametrize(
    ("params", "expected_mask"),
    [
        ({}, NOT_RETRACTED),
        ({"q": "Mastung"}, NOT_RETRACTED),
        ({"status": "retracted"}, None),
        ({"q": "status:retracted"}, None),
        ({"q": "Mastung status:retracted"}, None),
        ({"status": "alleged"}, NOT_RETRACTED),
        ({"q": "Mastung -status:alleged"}, NOT_RETRACTED),
        ({"q": "Mastung OR status:nothing"}, NOT_RETRACTED),
        ({"q": "Mastung -status:retracted"}, NOT_RETRACTED),
        ({"q": "Mastung NOT status:retracted"}, NOT_RETRACTED),
    ],
)
def test_retracted_entries_are_left_out_unless_asked_for(params, expected_mask):
    assert built(**params).mask == expected_mask


@pytest.mark.parametrize(
    ("params", "expected_sort"),
    [
        ({"q": "Mastung"}, None),
        ({"q": "Mastung", "sort": "newest"}, ("date_start", True)),
        ({"q": "Mastung", "sort": "oldest"}, ("date_oldest", False)),
        ({"q": ""}, ("date_start", True)),
        ({"q": "Mastung", "sort": "nonsense"}, None),
    ],
)
def test_sort_order(params, expected_sort):
    assert built(**params).sortedby == expected_sort


def test_multi_word_group_names_are_searched_as_names():
    expected = q.Or([q.Phrase(name, ["baloch", "liber", "armi"]) for name in TEXT])
    assert built(q="Baloch Liberation Army").query == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"enforced disappearance', "quotation mark is not closed"),
        ("(Kech OR Turbat", r"bracket '\(' is not closed"),
        ("Kech)", "closing bracket"),
        ("colour:red", "no field called 'colour'"),
        ("district:", "after 'district:'"),
        ("*grave", "cannot start with *"),
        ("Kech OR", "AND, OR and NOT need a word"),
        ("the of and", "no words to look for"),
    ],
)
def test_malformed_queries_are_explained_in_plain_words(text, message):
    with pytest.raises(index.QueryError, match=message):
        built(q=text)


def test_a_bad_date_is_refused():
    with pytest.raises(index.QueryError, match="not a date"):
        built(date_from="13 August")


@pytest.mark.parametrize(
    "text",
    ["mibolajaro", "taken home", "TAKEN Home", "running men", "کوئٹہ میں", "naïve café", "2019",
     "abc123", "٢٠١٩", "Straße", "taken the", "the", "x", "AND", "taken OR home", "x_y",
     "killed   in   Mastung", "Turbat Kech", "pro-government", "'quoted'", "Kech kech",
     "Kech KECH Turbat"],
)  # fmt: skip
@pytest.mark.parametrize("schema", [index.build_schema(), build_source_schema()])
def test_plain_words_become_the_query_the_parser_makes_of_them(text, schema):
    """Plain words skip Whoosh's parser (most searches): the same query, for entries and for
    sources; anything else (a stop word, an operator, punctuation) is left to the parser."""
    expected = querying._new_parser(schema).parse(text)
    if expected is q.NullQuery:
        with pytest.raises(index.QueryError):
            querying.parse_text(text, index.Reference(), schema)
    else:
        assert querying.parse_text(text, index.Reference(), schema) == expected
