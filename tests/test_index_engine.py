"""The array search engine gives what Whoosh itself gives: the same postings, positions, matches
and scores, and phrases found exactly (in order, side by side, never across the title and the
text), in segments written by our codec, by Whoosh's, and merged from both."""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import NO_MERGE

from index.analysis import Reference, analyze
from index.engine.codec import CODEC, ArrayCodec
from index.engine.generation import (
    DATE_FIELDS,
    FEW_MATCHES,
    count_facets,
    generation,
    segment_column,
    segment_values,
    top_by_score,
)
from index.engine.matching import Matcher, Matches, any_of, both
from index.engine.postings import (
    forget_postings,
    segment_lengths,
    segment_positions,
    segment_postings,
)
from index.querying import SearchParams, build_query
from index.schema import FACETS, build_schema

WORDS = [
    "convoy", "raid", "checkpoint", "police", "student",
    "teacher", "village", "road", "night", "camp",
]  # fmt: skip
TERMS = [term for word in WORDS for term in analyze(word)]  # as indexed: convoi, polic...


def _doc(number: int, title: str, text: str) -> dict:
    return {"doc_id": f"abuse:{number}", "title": title, "text": text,
            "kind": "abuse", "status": "alleged"}  # fmt: skip


# Small (and compressed) blocks in one segment, so that posting lists span several; the codec in
# use; and Whoosh's own codec, as a segment written by another layout would be.
SEGMENT_CODECS = [ArrayCodec(blocklimit=64, compression=3), CODEC, W3Codec()]


@pytest.fixture
def written(tmp_path):
    """Three segments, one with a deleted document, and each segment's texts in the order
    written; some words are in hundreds of documents, so their postings fill several blocks."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    rng = random.Random(7)
    number = 0
    texts: list[list[str]] = []
    for codec in SEGMENT_CODECS:
        texts.append([])
        with ix.writer(codec=codec) as writer:
            for _ in range(300):
                number += 1
                text = " ".join(rng.choices(WORDS, k=rng.randint(5, 60)))
                title = " ".join(rng.choices(WORDS, k=3))
                writer.add_document(**_doc(number, title, text))
                texts[-1].append(text)
            writer.mergetype = NO_MERGE
    with ix.writer(codec=CODEC) as writer:
        writer.delete_by_term("doc_id", "abuse:5")
        writer.mergetype = NO_MERGE
    forget_postings()
    return ix, texts


@pytest.fixture
def ix(written):
    return written[0]


def test_postings_hold_each_documents_words_and_counts(written):
    ix, texts = written
    with ix.searcher() as searcher:
        for (reader, _), segment_texts in zip(searcher.reader().leaf_readers(), texts, strict=True):
            for word, term in zip(WORDS, TERMS, strict=True):
                ids, weights = segment_postings(reader, "text", term)
                counts = [text.split().count(word) for text in segment_texts]
                expected = [(number, float(n)) for number, n in enumerate(counts) if n]
                assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected


def test_postings_read_as_arrays_are_whooshs(ix):
    with ix.searcher() as searcher:
        leaves = searcher.reader().leaf_readers()
        assert len(leaves) == 3
        for reader, _ in leaves:
            for word in [*TERMS, "absent"]:
                ids, weights = segment_postings(reader, "text", word)
                expected = []
                if ("text", word) in reader:
                    matcher = reader.postings("text", word)
                    while matcher.is_active():
                        expected.append((matcher.id(), matcher.weight()))
                        matcher.next()
                live = [(int(i), float(w)) for i, w in zip(ids, weights, strict=True)
                        if not reader.is_deleted(int(i))]  # fmt: skip
                assert live == expected
        assert len(segment_postings(leaves[0][0], "text", "convoi")[0]) > 64 * 2


def test_positions_hold_where_each_word_stands(written):
    ix, texts = written
    with ix.searcher() as searcher:
        for (reader, _), segment_texts in zip(searcher.reader().leaf_readers(), texts, strict=True):
            for word, term in zip(WORDS, TERMS, strict=True):
                ids, counts, positions = segment_positions(reader, "text", term)
                ends = np.cumsum(counts)
                found = {
                    int(doc): positions[end - count : end].tolist()
                    for doc, count, end in zip(ids, counts, ends, strict=True)
                }
                expected = {
                    number: [at for at, each in enumerate(text.split()) if each == word]
                    for number, text in enumerate(segment_texts)
                    if word in text.split()
                }
                assert found == expected


@pytest.mark.parametrize(
    "q",
    [
        query.Term("text", "convoi"),
        query.Or([query.Term("title", "raid"), query.Term("text", "raid")]),
        query.And([query.Term("text", "polic"), query.Term("text", "student")]),
        query.AndNot(query.Term("text", "camp"), query.Term("text", "road")),
        query.And([query.Term("text", "night"), query.Not(query.Term("title", "villag"))]),
        query.AndMaybe(query.Term("text", "teacher"), query.Term("title", "teacher")),
        query.Prefix("text", "check"),
        query.Prefix("text", "c"),  # several terms: a constant score each
        query.Phrase("text", ["polic", "student"]),
        query.Phrase("text", ["camp", "road", "night"], slop=4),
    ],
    ids=repr,
)
def test_matches_and_scores_are_whooshs(ix, q):
    with ix.searcher() as searcher:
        expected = {docnum: score for score, docnum in searcher.search(q, limit=None).top_n}
        found = generation(searcher).matcher().matches(q)
        assert dict(zip(found.docs.tolist(), found.scores.tolist(), strict=True)) == (
            pytest.approx(expected, rel=1e-5)
        )
        assert expected  # the query matches something, so the comparison means something


def test_deleted_documents_never_match(ix):
    with ix.searcher() as searcher:
        deleted = [offset + d for r, offset in searcher.reader().leaf_readers()
                   for d in (r.deleted_docs_set if r.has_deletions() else ())]  # fmt: skip
        assert deleted
        found = generation(searcher).matcher().matches(query.Every())
        assert not set(deleted) & set(found.docs.tolist())
        assert len(found.docs) == searcher.doc_count()


def test_columns_read_in_one_piece_hold_what_whoosh_reads(tmp_path):
    """Facet values, dates and field lengths, read from the columns' bytes in one go, are
    those Whoosh's column readers give one document at a time, documents without a value too."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    rng = random.Random(11)
    with ix.writer(codec=CODEC) as writer:
        for number in range(120):
            doc = _doc(number, "Report", " ".join(rng.choices(WORDS, k=rng.randint(1, 40))))
            doc["district"] = rng.choice(["Kech", "Turbat", "Khuzdar", ""])
            doc["group"] = ",".join(rng.sample(["BLA", "BLF", "BRAS"], rng.randint(0, 2)))
            if number < 100:  # the last ones without dates: Whoosh reads the column's default
                doc.update(dict.fromkeys(DATE_FIELDS, rng.choice([0, 20150429, 20251231])))
            writer.add_document(**doc)
    with ix.searcher() as searcher:
        reader, _ = searcher.reader().leaf_readers()[0]
        for field in DATE_FIELDS:
            assert segment_column(reader, field).tolist() == list(reader.column_reader(field))
        for field, several in FACETS.items():
            expected: dict[str, list[int]] = {}
            for docnum, stored in enumerate(reader.column_reader(field)):
                text = stored.decode() if isinstance(stored, bytes) else str(stored or "")
                for value in filter(None, text.split(",") if several else [text]):
                    expected.setdefault(value, []).append(docnum)
            found = {value: docs.tolist() for value, docs in segment_values(reader, field).items()}
            assert found == expected
        lengths = [reader.doc_field_length(docnum, "text") for docnum in range(120)]
        assert segment_lengths(reader, "text").tolist() == lengths
        assert len(set(lengths)) > 5 and len(segment_values(reader, "group")) == 3


@pytest.fixture
def small(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    texts = {
        1: ("Report", "Security forces raided the village at night."),
        2: ("Report", "Forces of security were seen; the village was raided."),
        3: ("Security", "Forces arrived later."),  # the phrase only across title and text
        4: ("Security forces", "A statement."),
        5: ("Report", "Enforced disappearance of a student, an enforced and long disappearance."),
    }
    with ix.writer(codec=CODEC) as writer:
        for number, (title, text) in texts.items():
            writer.add_document(**_doc(number, title, text))
    return ix


def _phrase_hits(ix, text: str) -> set[int]:
    built = build_query(SearchParams(q=text), Reference(), ix.schema)
    with ix.searcher() as searcher:
        found = generation(searcher).matcher().matches(built.query)
        return {int(searcher.stored_fields(int(d))["doc_id"].split(":")[1]) for d in found.docs}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"security forces"', {1, 4}),
        ('"forces security"', {2}),  # stop words are skipped, as in the query
        ('"security forces raided"', {1}),
        ('"enforced disappearance"', {5}),
        ('"student disappearance"', set()),
        ('"student disappearance"~3', {5}),
        ('"student disappearance"~2', set()),
        ('"long enforced"~3', set()),  # in order only
        ('"village raided"~2', {2}),
    ],
)
def test_phrases_are_found_exactly(small, text, expected):
    assert _phrase_hits(small, text) == expected


@pytest.mark.parametrize("mapped", [True, False], ids=["file mapped", "file read"])
def test_phrases_are_found_in_a_file_mapped_or_read(small, mapped):
    ix = FileStorage(small.storage.folder, supports_mmap=mapped).open_index()
    assert _phrase_hits(ix, '"security forces"') == {1, 4}
    assert _phrase_hits(ix, '"enforced disappearance"') == {5}


def test_phrases_are_found_once_segments_are_merged(small):
    with small.writer(codec=W3Codec()) as writer:  # a segment of Whoosh's own layout
        writer.add_document(**_doc(6, "Note", "Security forces again."))
        writer.mergetype = NO_MERGE
    assert len(small._segments()) == 2
    with small.writer(codec=CODEC) as writer:
        writer.optimize = True
    assert len(small._segments()) == 1
    assert _phrase_hits(small, '"security forces"') == {1, 4, 6}
    assert _phrase_hits(small, '"student disappearance"~3') == {5}


def test_the_matcher_reports_nothing_for_an_unknown_field_or_an_empty_phrase(small):
    with small.searcher() as searcher:
        matcher = generation(searcher).matcher()
        assert isinstance(matcher, Matcher)
        assert len(matcher.term("nowhere", "x").docs) == 0
        assert len(matcher.matches(query.Phrase("text", [])).docs) == 0
        # facets keep no word order: a phrase there finds nothing (and breaks nothing)
        assert len(matcher.matches(query.Phrase("kind", ["abuse", "abuse"])).docs) == 0
        assert len(matcher.matches(query.Phrase("nowhere", ["a", "b"])).docs) == 0


def test_a_phrase_in_an_empty_index_finds_nothing(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    assert _phrase_hits(ix, '"security forces"') == set()


def test_positions_past_one_and_two_bytes_and_many_in_one_entry(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    long_text = " ".join(["convoy"] * 300 + ["village"] * 70_000 + ["night", "raid"])
    with ix.writer(codec=CODEC) as writer:
        writer.add_document(**_doc(1, "Report", long_text))
        writer.add_document(**_doc(2, "Report", "night village raid"))
    with ix.searcher() as searcher:
        reader, _ = searcher.reader().leaf_readers()[0]
        ids, counts, positions = segment_positions(reader, "text", "convoi")
        assert ids.tolist() == [0] and counts.tolist() == [300]
        assert positions.tolist() == list(range(300))
        _, counts, positions = segment_positions(reader, "text", "raid")
        assert counts.tolist() == [1, 1] and positions.tolist() == [70_301, 2]
    assert _phrase_hits(ix, '"night raid"') == {1}
    assert _phrase_hits(ix, '"convoy village"') == {1}


def test_postings_read_by_several_threads_at_once_are_each_terms_own(tmp_path):
    """Requests share one searcher; reading a segment's postings goes through one read
    position, so threads reading at once must not read each other's blocks."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    words = [f"w{number}x" for number in range(120)]
    rng = random.Random(5)
    with ix.writer(codec=ArrayCodec(blocklimit=4)) as writer:
        for number in range(400):
            writer.add_document(**_doc(number, "t", " ".join(rng.choices(words, k=30))))
    terms = [analyze(word)[0] for word in words]
    with ix.searcher() as searcher:
        reader, _ = searcher.reader().leaf_readers()[0]
        expected = {term: segment_postings(reader, "text", term)[0].tolist() for term in terms}
        failures: list[str] = []

        def read_all(seed: int) -> None:
            order = random.Random(seed).sample(terms, len(terms))
            for term in order:
                try:
                    if segment_positions(reader, "text", term)[0].tolist() != expected[term]:
                        failures.append(term)
                except Exception as error:  # a block read from another term's place
                    failures.append(repr(error))

        for _ in range(3):
            forget_postings()
            threads = [threading.Thread(target=read_all, args=(n,)) for n in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert failures == []


def test_a_small_answers_facets_are_counted_as_value_by_value(tmp_path):
    """A small answer's facets are counted from its own documents (generation._few_counts):
    the same counts as counting every value over the whole archive, several values of a
    document (two groups, two outlets) and deleted documents included."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    rng = random.Random(3)
    for part in range(2):
        with ix.writer(codec=CODEC) as writer:
            for number in range(part * 400, part * 400 + 400):
                groups = ",".join(rng.sample(["BLA", "BLF", "BRAS", "TTP"], rng.randint(0, 2)))
                writer.add_document(
                    **_doc(number, "title", "text"), district=rng.choice(["Kech", "Kalat", ""]),
                    group=groups, outlet=rng.choice(["Dawn", "HRCP,Dawn", "BBC Urdu"]),
                    year=str(rng.randint(2015, 2024)),
                )  # fmt: skip
            writer.mergetype = NO_MERGE
    with ix.writer(codec=CODEC) as writer:
        writer.delete_by_term("doc_id", "abuse:7")
        writer.mergetype = NO_MERGE
    with ix.searcher() as searcher:
        gen = generation(searcher)
        for size in (1, 2, 5, 11):
            docs = np.sort(rng.sample(range(gen.size), size))
            docs = docs[gen.live()[docs]]
            matched = np.zeros(gen.size, dtype=bool)
            matched[docs] = True
            assert len(docs) * FEW_MATCHES < gen.size  # the small answer's way
            small = count_facets(gen, matched, docs)
            assert small == count_facets(gen, matched)  # value by value
            assert small["group"] and small["outlet"] and small["year"]


def test_the_top_documents_are_those_of_sorting_them_all_ties_included():
    """Only documents scoring at least the n-th best are sorted (generation.top_by_score):
    the same first n, in the same order, as sorting every match, when many tie at the cut."""
    rng = np.random.default_rng(5)
    docs = np.sort(rng.choice(100_000, 5_000, replace=False))
    scores = rng.choice([0.5, 1.25, 2.0, 3.5], size=len(docs))  # thousands of ties each
    for n in (1, 7, 1_000, 2_600, 4_999, 5_000, 6_000):
        everything = docs[np.lexsort((docs, -scores))][:n]
        assert top_by_score(docs, scores, n).tolist() == everything.tolist()


@pytest.fixture
def split_phrases(tmp_path):
    """A phrase's words spread over three segments (one in Whoosh's own layout): one segment
    holds both words, in order and reversed; one holds the first word only; one holds both,
    in a deleted document too. Its blocks are small, so the postings span several."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    segments = [
        (ArrayCodec(blocklimit=4), ["police student", "student police", "police and student",
                                    "the police of the student", "camp"] * 6),
        (CODEC, ["police camp", "police police road"] * 5),
        (W3Codec(), ["road police student", "student", "police student night"] * 3),
    ]  # fmt: skip
    number = 0
    for codec, texts in segments:
        with ix.writer(codec=codec) as writer:
            for text in texts:
                number += 1
                writer.add_document(**_doc(number, "Report", text))
            writer.mergetype = NO_MERGE
    with ix.writer(codec=CODEC) as writer:
        writer.delete_by_term("doc_id", f"abuse:{number}")
        writer.mergetype = NO_MERGE
    forget_postings()
    return ix


@pytest.mark.parametrize(
    "q",
    [
        query.Phrase("text", ["polic", "student"]),
        query.Phrase("text", ["student", "polic"]),
        query.Phrase("text", ["polic", "road"]),  # one segment lacks the second word
        query.Phrase("text", ["road", "polic", "student"]),
        query.Phrase("text", ["polic", "student"], slop=3),
        query.Phrase("text", ["camp", "student"]),  # no document holds both
    ],
    ids=repr,
)
def test_a_phrase_spread_over_segments_finds_and_scores_as_whoosh(split_phrases, q):
    with split_phrases.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        expected = {docnum: score for score, docnum in searcher.search(q, limit=None).top_n}
        found = generation(searcher).matcher().matches(q)
        assert dict(zip(found.docs.tolist(), found.scores.tolist(), strict=True)) == (
            pytest.approx(expected, rel=1e-5)
        )


def test_a_phrase_with_stop_words_between_its_words_finds_what_whoosh_finds(split_phrases):
    """'police of the student': the stop words are dropped from the query and the text alike,
    so the phrase is found wherever Whoosh finds it, in every segment."""
    params = SearchParams(q='"police of the student"')
    built = build_query(params, Reference(), split_phrases.schema)
    with split_phrases.searcher() as searcher:
        expected = {docnum for _, docnum in searcher.search(built.query, limit=None).top_n}
        found = set(generation(searcher).matcher().matches(built.query).docs.tolist())
        assert found == expected
        assert len(found) > 6  # 'the police of the student' and others, in several segments


@pytest.mark.parametrize("words", ["police", "police student", "student road", "camp night"])
def test_common_words_are_counted_and_ranked_as_whoosh_counts_them(split_phrases, words):
    """A search's counts and first hits, from the arrays, against Whoosh's own search."""
    built = build_query(SearchParams(q=words), Reference(), split_phrases.schema)
    with split_phrases.searcher() as searcher:
        results = searcher.search(built.query, limit=None, mask=built.mask)
        answer = generation(searcher).answer(built.query, None, built.mask, None)
        assert answer.counts["abuse"] == len(results)
        ranked = sorted(results.top_n, key=lambda pair: (-round(pair[0], 5), pair[1]))
        assert answer.order["abuse"].tolist() == [docnum for _, docnum in ranked]


def _random_matches(rng: np.random.Generator, size: int, count: int) -> Matches:
    docs = np.sort(rng.choice(size, count, replace=False)).astype(np.int64)
    return Matches(docs, rng.random(count) * 10)


def test_a_few_matches_merged_into_many_are_the_sums_over_every_document():
    """A word's few title matches merged into its many text matches (matching._merged): the
    same documents and, to the last bit, the same sums as adding both up over every document;
    documents only in the few included."""
    rng = np.random.default_rng(11)
    for few_count in (1, 5, 40):
        few, many = _random_matches(rng, 20_000, few_count), _random_matches(rng, 20_000, 5_000)
        few = Matches(np.concatenate([few.docs, many.docs[:3]]), np.r_[few.scores, 1, 2, 3])
        order = np.argsort(few.docs)
        few = Matches(few.docs[order], few.scores[order])
        expected: dict[int, float] = {}
        for part in (few, many):
            for doc, score in zip(part.docs.tolist(), part.scores.tolist(), strict=True):
                expected[doc] = expected.get(doc, 0.0) + score
        for parts in ([few, many], [many, few]):
            found = any_of(parts, 20_000)
            assert found.docs.tolist() == sorted(expected)
            assert found.scores.tolist() == [expected[doc] for doc in sorted(expected)]


def test_two_large_answers_intersected_over_every_document_are_those_looked_up():
    """both() through an array over every document (large answers) gives what a lookup of
    each gives: the same documents, the same sums to the last bit."""
    rng = np.random.default_rng(12)
    a, b = _random_matches(rng, 10_000, 4_000), _random_matches(rng, 10_000, 6_000)
    dense, looked_up = both(a, b, size=10_000), both(a, b)
    assert len(dense.docs) > 1000
    assert dense.docs.tolist() == looked_up.docs.tolist()
    assert dense.scores.tolist() == looked_up.scores.tolist()
