"""Searching: categories apart, exact counts, facets, snippets, sorting, pages, suggestions."""

from __future__ import annotations

import pytest

import archive
import index
from archive.demo import load_demo

from .indexing import add_abuse, found, search


@pytest.fixture
def ix(tmp_path):
    return index.open_index(tmp_path / "index")


@pytest.fixture
def demo_ix(db, ix):
    load_demo(db)
    index.apply_pending(ix, db)
    return ix


@pytest.mark.parametrize(
    ("text", "kind", "title_word"),
    [
        ("Mastung", "claim", "Mastung"),
        ("BLF", "claim", "Khadkucha"),
        ('"enforced disappearance"', "abuse", "Abductions"),
        ("mass grave", "abuse", "Mass graves"),
        ("Turbat", "claim", "Koh Pusht Giab"),
        ("disappeared", "abuse", "Abductions"),
        ("Baloch Liberation Army grenade", "claim", "grenade"),
    ],
)
def test_demo_content_is_found(db, demo_ix, text, kind, title_word):
    hits = found(demo_ix, db, q=text)
    titles = [archive.get_entry(db, k, i)["title"] for k, i in hits if k == kind]
    assert any(title_word in title for title in titles)


def test_results_are_kept_apart_with_exact_counts(db, demo_ix):
    results = search(demo_ix, db, q="Mastung")
    assert results.counts == {"abuse": 1, "claim": 5}
    assert all(hit.kind == "abuse" for hit in results.hits["abuse"])
    assert all(hit.kind == "claim" for hit in results.hits["claim"])


def test_one_category_alone(db, demo_ix):
    results = search(demo_ix, db, q="Mastung", category="abuse")
    assert list(results.hits) == ["abuse"]
    assert results.counts["claim"] == 5


def test_facets_count_the_current_query(db, demo_ix):
    facets = search(demo_ix, db, q="Mastung").facets
    # The four BLA claims cite an article whose title names Mastung. "Claimed by" counts
    # claims only: the abuse report the BLF alleges is counted under its alleged perpetrator.
    assert dict(facets["group"]) == {"BLA": 4, "BLF": 1}
    assert dict(facets["perpetrator"]) == {"Security-forces": 1}
    assert dict(facets["district"])["Mastung"] == 3
    assert dict(facets["kind"]) == {"claim": 5, "abuse": 1}


def test_a_facet_value_narrows_the_search(db, demo_ix):
    results = search(demo_ix, db, q="Mastung", group="BLF")
    assert results.counts == {"abuse": 0, "claim": 1}
    # By any of the actor's names.
    results = search(demo_ix, db, q="Mastung", perpetrator="pakistani security forces")
    assert results.counts == {"abuse": 1, "claim": 0}


def test_an_abuse_reports_perpetrator_is_not_counted_as_claimant(db, ix, source_id):
    add_abuse(db, source_id, "Raid on a village", "Houses burnt.", perpetrator="BLA fighters")
    index.apply_pending(ix, db)
    results = search(ix, db, q="Raid")
    assert results.counts["abuse"] == 1
    assert dict(results.facets["group"]) == {}
    assert dict(results.facets["perpetrator"]) == {"BLA fighters": 1}
    assert search(ix, db, q="Raid", group="BLA").counts["abuse"] == 0
    # The perpetrator stays searchable, by any of the group's names.
    for words in ("BLA", "Baloch Liberation Army", "fighters"):
        assert search(ix, db, q=f"Raid {words}").counts["abuse"] == 1, words
    assert search(ix, db, perpetrator="BLA fighters").counts["abuse"] == 1


def test_date_range_keeps_entries_overlapping_it(db, demo_ix):
    hits = found(demo_ix, db, date_from="2025-09-01", date_to="2025-09-30")
    titles = {archive.get_entry(db, k, i)["title"][:20] for k, i in hits}
    assert titles == {"BLF claims clash wit", "Shelling of civilian"}


@pytest.mark.parametrize("bound", [{"date_to": "2025-08-31"}, {"date_from": "2000-01-01"}])
def test_an_open_ended_date_range_leaves_out_undated_entries(db, demo_ix, bound):
    """ "Until August 2025" lists what is known to have started by then, as the lists do; an
    entry whose date is unknown is not in it."""
    undated = [(k, i) for k in ("abuse", "claim") for i in archive.entry_ids(db, k)
               if archive.get_entry(db, k, i)["date_start"] is None]  # fmt: skip
    assert undated, "the demo content has undated entries"
    hits = found(demo_ix, db, **bound)
    assert hits and not set(hits) & set(undated)
    for kind, entry_id in hits:
        start = archive.get_entry(db, kind, entry_id)["date_start"]
        assert start is not None and start <= bound.get("date_to", "9999")


def test_snippets_mark_the_match_and_escape_the_text(db, ix, source_id):
    add_abuse(db, source_id, "Night raid", "<script>alert(1)</script> taken from Turbat bazaar")
    index.apply_pending(ix, db)
    snippet = str(search(ix, db, q="bazaar").hits["abuse"][0].snippet)
    assert "<mark>bazaar</mark>" in snippet
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet


def test_a_snippet_shows_the_narrative_and_keeps_the_details_apart(db, ix, source_id):
    add_abuse(db, source_id, "Night raid", "Taken from the bazaar at night.", place="Hoshab")
    index.apply_pending(ix, db)
    narrative = str(search(ix, db, q="bazaar").hits["abuse"][0].snippet)
    assert narrative == "Taken from the <mark>bazaar</mark> at night."
    details = str(search(ix, db, q="Hoshab").hits["abuse"][0].snippet)
    assert details == "Enforced disappearance · <mark>Hoshab</mark> · Kech · Balochistan"


def test_newest_and_oldest_order(db, ix, source_id):
    for year in ("2021", "2023", "2022"):
        add_abuse(db, source_id, f"Raid {year}", "house raid", date_start=f"{year}-05-01")
    add_abuse(db, source_id, "Raid undated", "house raid", date_precision="unknown")
    index.apply_pending(ix, db)

    def years(sort):
        hits = search(ix, db, q="raid", sort=sort).hits["abuse"]
        return [archive.get_entry(db, "abuse", h.entry_id)["title"][5:] for h in hits]

    assert years("newest") == ["2023", "2022", "2021", "undated"]
    assert years("oldest") == ["2021", "2022", "2023", "undated"]


def test_pages_of_twenty(db, ix, source_id):
    for number in range(25):
        add_abuse(db, source_id, f"Detention {number}", "detained at a checkpoint")
    index.apply_pending(ix, db)
    both = search(ix, db, q="checkpoint")
    assert len(both.hits["abuse"]) == 10  # beside the other category, each shows its first 10
    first = search(ix, db, q="checkpoint", category="abuse")
    second = search(ix, db, q="checkpoint", category="abuse", page=2)
    assert first.counts["abuse"] == 25 and first.pages("abuse") == 2
    assert len(first.hits["abuse"]) == 20 and len(second.hits["abuse"]) == 5
    ids = {h.entry_id for h in first.hits["abuse"]} | {h.entry_id for h in second.hits["abuse"]}
    assert len(ids) == 25


def test_did_you_mean(db, demo_ix):
    results = search(demo_ix, db, q="Mastng")
    assert results.counts == {"abuse": 0, "claim": 0}
    assert results.suggestion == "mastung"
    assert search(demo_ix, db, q="Mastung").suggestion is None


def test_only_public_victim_names_are_indexed(db, ix, source_id):
    victims = [{"name": "Zarina Qambrani", "confidential": False, "age": 31,
                "occupation": "teacher"}, {"name": "Gulnaz Hidden"}]  # fmt: skip
    report_id = add_abuse(db, source_id, "Abduction", "taken at night", victims=victims)
    index.apply_pending(ix, db)
    assert found(ix, db, q="Zarina") == [("abuse", report_id)]
    for words in ("Gulnaz", "Hidden", "teacher", "31"):
        assert found(ix, db, q=words) == [], words


def test_confidential_sources_are_not_searchable(db, ix):
    secret = archive.add_source(
        db, {"title": "Witness statement Gichk", "body": "x", "confidential": True}, "tester"
    )
    add_abuse(db, secret, "Abduction reported", "taken at night", passage="seen in Gichk valley")
    index.apply_pending(ix, db)
    assert found(ix, db, q="Gichk") == []
    assert found(ix, db, q="abduction") != []


def test_retracted_entries_leave_default_results(db, ix, source_id):
    report_id = add_abuse(db, source_id, "Arrest in Hoshab", "arrested")
    archive.retract_entry(db, "abuse", report_id, "Duplicate of another report", "tester")
    index.apply_pending(ix, db)
    assert found(ix, db, q="Hoshab") == []
    assert found(ix, db, q="Hoshab", status="retracted") == [("abuse", report_id)]


def test_the_last_page_the_form_offers_is_kept_in_every_answer():
    from forms.search import MAX_PAGE
    from index.engine.generation import KEPT_PER_CATEGORY

    assert MAX_PAGE * index.PER_PAGE <= KEPT_PER_CATEGORY
