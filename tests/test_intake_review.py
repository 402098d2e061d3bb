"""Reviewing suggested entries through the web: a source's drafts as ordinary entry forms beside
its marked text; accepting saves an ordinary entry citing the source, discarding saves nothing,
a likely duplicate can be cited instead; only documenters, and confidential sources only for
those cleared."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

import archive
from app import create_app
from views.intake_text import Piece, marked_paragraphs

from .conftest import ROOT, signed_in_client
from .test_documenting import counts

SEED = json.loads(
    (ROOT / "bench/intake_eval/dev/01-seed-bla-blf-mastung-mand.json").read_text("utf-8")
)
BLA_MAND = 1  # the BLA's claim of two soldiers killed in Mand
BLF_BLOCKADE, UMAR_DOR = 5, 6  # a claim and the abuse report of one event, linked


class FormReader(HTMLParser):
    """The fields of one form of a page, as a browser sends them (without its buttons)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            self.action = attrs.get("action") if self.inside else getattr(self, "action", None)
        if not self.inside:
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "search"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select, self.first_option = attrs["name"], None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            self.first_option = value if self.first_option is None else self.first_option
            if "selected" in attrs:
                self.fields[self.select] = value
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data: str) -> None:
        if self.inside and self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            self.fields.setdefault(self.select, self.first_option or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def draft_form(page: str, number: int) -> tuple[str, dict[str, str]]:
    """(action, fields) of suggestion `number`'s form on the review page."""
    reader = FormReader(f"draft-form-{number}")
    reader.feed(page)
    assert reader.fields, f"no form for suggestion {number}"
    # A textarea's first line break belongs to the markup, not to the value.
    fields = {name: re.sub(r"^\r?\n", "", value) for name, value in reader.fields.items()}
    return reader.action, fields


def add_seed(db, **changes) -> int:
    """The 2025-09-07 seed article as a pasted source."""
    record = {"title": SEED["title"], "outlet": SEED["outlet"], "published": SEED["published"],
              "language": "en", "body": SEED["text"], **changes}  # fmt: skip
    return archive.add_source(db, record, "tester")


@pytest.fixture
def empty_db(empty_app):
    database = archive.open_db(empty_app.config["DATABASE"])
    yield database
    database.close()


@pytest.fixture
def documenter(empty_app):
    return signed_in_client(empty_app, "documenter")


@pytest.fixture
def seed_id(empty_db) -> int:
    return add_seed(empty_db)


def review(client, source_id: int) -> str:
    response = client.get(f"/sources/{source_id}/suggestions")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def accept(client, source_id: int, number: int, **changes) -> object:
    """Send suggestion `number`'s form as the page shows it, with `changes` typed in."""
    action, fields = draft_form(review(client, source_id), number)
    prefix = f"draft{number}-"
    fields.update({prefix + name: value for name, value in changes.items()})
    return client.post(action, data={**fields, "accept": "1"})


def first_revision(db, kind: str, entry_id: int) -> dict:
    entity = archive.get_category(kind).entity
    return archive.history(db, entity, entry_id)[0]


def test_the_source_page_offers_suggestions_to_documenters_only(empty_app, documenter, seed_id):
    link = f'href="/sources/{seed_id}/suggestions"'
    assert link in documenter.get(f"/sources/{seed_id}").get_data(as_text=True)
    reader = signed_in_client(empty_app, "reader")
    assert link not in reader.get(f"/sources/{seed_id}").get_data(as_text=True)


def test_review_marks_each_passage_and_says_why_each_field_was_suggested(
    documenter, empty_db, seed_id
):
    before = counts(empty_db)
    page = review(documenter, seed_id)
    assert page.count('data-testid="draft"') == 9
    assert '<mark data-drafts="1">The group claimed two Pakistani soldiers were killed' in page
    assert 'id="passage-1" href="#draft-1"' in page
    # One sentence tells two abuses: one mark, both anchors.
    assert '<mark data-drafts="7 8">Pakistan&#39;s military has intensified' in page
    assert "Why suggested: \u2018Mand\u2019 is in Kech in the gazetteer" in page
    _, fields = draft_form(page, BLA_MAND)
    assert fields["draft1-group_code"] == "BLA"
    assert fields["draft1-claim_type"] == "armed_attack"
    assert fields["draft1-district"] == "Kech"
    assert (fields["draft1-date_precision"], fields["draft1-date_start"]) == ("range", "2025-08-13")
    assert fields["draft1-figures-0-kind"] == "killed" and fields["draft1-figures-0-count"] == "2"
    assert fields["draft1-citations-0-source_id"] == str(seed_id)
    assert fields["draft1-citations-0-passage"].startswith("The group claimed two Pakistani")
    assert counts(empty_db) == before  # looking saves nothing


def test_accepting_saves_an_ordinary_entry_citing_the_source_with_its_passage(
    documenter, empty_db, seed_id
):
    response = accept(documenter, seed_id, BLA_MAND, place="Koh Pusht Giab")
    assert response.status_code == 302
    assert response.location.endswith(f"/sources/{seed_id}/suggestions#draft-1")
    (claim_id,) = archive.entry_ids(empty_db, "claim")
    claim = archive.get_entry(empty_db, "claim", claim_id)
    assert (claim["group_code"], claim["claim_type"], claim["district"]) == ("BLA", "armed_attack",
                                                                             "Kech")  # fmt: skip
    assert (claim["date_start"], claim["date_end"]) == ("2025-08-13", "2025-08-15")
    assert claim["place"] == "Koh Pusht Giab"
    (citation,) = claim["citations"]
    assert citation["source_id"] == seed_id
    assert citation["passage"].startswith("The group claimed two Pakistani soldiers were killed")
    assert [(f["kind"], f["count"], f["qualifier"], f["given_by"]) for f in claim["figures"]] == [
        ("killed", 2, "exact", "group")
    ]
    note = first_revision(empty_db, "claim", claim_id)["reason"]
    assert note == (f"Suggested by intake from source #{seed_id}, accepted by test-documenter "
                    "(corrected: place).")  # fmt: skip
    page = documenter.get(response.location).get_data(as_text=True)
    assert "saved from suggestion 1" in page
    assert page.count('data-testid="documented"') == 1
    assert f'href="/claims/{claim_id}"' in page
    assert 'id="draft-form-1"' not in page  # not offered again


def test_accepting_twice_saves_one_entry(documenter, empty_db, seed_id):
    action, fields = draft_form(review(documenter, seed_id), BLA_MAND)
    first = documenter.post(action, data={**fields, "accept": "1"})
    second = documenter.post(action, data={**fields, "accept": "1"})
    assert archive.entry_ids(empty_db, "claim") == [1]
    assert first.status_code == second.status_code == 302
    assert second.location == "/claims/1"
    assert "already saved" in documenter.get(second.location).get_data(as_text=True)


def test_a_passage_already_cited_by_an_entry_of_that_type_is_not_offered_again(
    documenter, empty_db, seed_id
):
    passage = "two Pakistani soldiers were killed in Mand's Koh Pusht Giab area"
    record = {"title": "By hand", "claim_type": "armed_attack", "group_code": "BLA",
              "status": "claimed", "date_precision": "unknown"}  # fmt: skip
    archive.add_entry(empty_db, "claim", record, [{"source_id": seed_id, "passage": passage}], "x")
    page = review(documenter, seed_id)
    assert 'id="draft-form-1"' not in page and 'id="draft-form-2"' in page
    assert "Already documented:" in page and 'href="/claims/1"' in page
    archive.retract_entry(empty_db, "claim", 1, "A mistake.", "x")
    assert 'id="draft-form-1"' in review(documenter, seed_id)  # offered again


def test_discarding_saves_nothing_and_sets_the_suggestion_aside(documenter, empty_db, seed_id):
    before = counts(empty_db)
    action, fields = draft_form(review(documenter, seed_id), BLF_BLOCKADE)
    response = documenter.post(action, data={**fields, "discard": "1"})
    assert response.status_code == 302
    assert counts(empty_db) == before
    page = documenter.get(response.location).get_data(as_text=True)
    assert "Suggestion 5 discarded. Nothing was saved." in page
    assert 'id="draft-form-5"' not in page and "1 discarded." in page
    again = documenter.get(f"/sources/{seed_id}/suggestions?discarded=show")
    assert 'id="draft-form-5"' in again.get_data(as_text=True)


def test_an_invalid_draft_is_shown_again_with_the_error_and_nothing_is_saved(
    documenter, empty_db, seed_id
):
    before = counts(empty_db)
    response = accept(documenter, seed_id, BLA_MAND, group_code="Nobody Army", place="Mand")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved yet" in page
    assert "&#39;Nobody Army&#39; is not a known armed group" in page
    assert 'id="draft1-group_code-error"' in page
    _, fields = draft_form(page, BLA_MAND)
    assert fields["draft1-group_code"] == "Nobody Army"  # what was typed is kept
    assert fields["draft1-place"] == "Mand"
    assert counts(empty_db) == before
    assert page.count('data-testid="draft"') == 9  # the other drafts are still there


def test_accepting_both_halves_of_one_event_saves_them_linked(documenter, empty_db, seed_id):
    page = review(documenter, seed_id)
    assert 'The same event as <a href="#draft-6">suggestion 6</a>' in page
    assert accept(documenter, seed_id, BLF_BLOCKADE).status_code == 302
    assert accept(documenter, seed_id, UMAR_DOR, date_start="2025-09-03").status_code == 302
    (claim_id,), (report_id,) = (
        archive.entry_ids(empty_db, "claim"),
        archive.entry_ids(empty_db, "abuse"),
    )
    (link,) = archive.links_of(empty_db, "abuse", report_id)
    assert (link["relation"], link["kind"], link["entry_id"]) == ("same_event", "claim", claim_id)


def test_a_likely_duplicate_is_shown_and_the_source_can_be_cited_on_it_instead(
    app, client_as, app_db
):
    documenter = client_as("documenter")
    source_id = add_seed(app_db, title="The seed again, from another outlet")
    demo_mand = next(
        claim_id
        for claim_id in archive.entry_ids(app_db, "claim")
        if "Koh Pusht Giab" in archive.get_entry(app_db, "claim", claim_id)["title"]
    )
    page = review(documenter, source_id)
    action, fields = draft_form(page, BLA_MAND)
    assert 'data-testid="likely-duplicates"' in page
    assert f'name="cite_existing" value="{demo_mand}"' in page
    before = counts(app_db)
    response = documenter.post(action, data={**fields, "cite_existing": str(demo_mand)})
    assert response.status_code == 302 and response.location == f"/claims/{demo_mand}"
    after = counts(app_db)
    assert after["attack_claims"] == before["attack_claims"]  # no new entry
    assert after["citations"] == before["citations"] + 1
    cited = archive.get_entry(app_db, "claim", demo_mand)["citations"]
    assert any(c["source_id"] == source_id and "two Pakistani soldiers" in c["passage"]
               for c in cited)  # fmt: skip
    revision = archive.history(app_db, "attack_claim", demo_mand)[-1]
    assert revision["action"] == "cite" and "Suggested by intake" in revision["reason"]
    assert f'href="/claims/{demo_mand}"' in review(documenter, source_id).split('id="draft-1"')[1]


def test_readers_may_not_review_or_accept(empty_app, empty_db, seed_id, documenter):
    action, fields = draft_form(review(documenter, seed_id), BLA_MAND)
    reader = signed_in_client(empty_app, "reader")
    before = counts(empty_db)
    assert reader.get(f"/sources/{seed_id}/suggestions").status_code == 403
    assert reader.post(action, data={**fields, "accept": "1"}).status_code == 403
    assert counts(empty_db) == before


def test_a_confidential_source_is_reviewed_only_by_those_cleared(empty_app, empty_db, documenter):
    source_id = add_seed(empty_db, confidential=True)
    assert documenter.get(f"/sources/{source_id}/suggestions").status_code == 404
    reviewer = signed_in_client(empty_app, "reviewer")
    page = review(reviewer, source_id)
    action, fields = draft_form(page, BLA_MAND)
    assert documenter.post(action, data={**fields, "accept": "1"}).status_code == 404
    assert archive.entry_ids(empty_db, "claim") == []
    assert reviewer.post(action, data={**fields, "accept": "1"}).status_code == 302
    assert archive.entry_ids(empty_db, "claim") == [1]


@pytest.mark.parametrize(
    ("body", "language", "says"),
    [
        ("The provincial cabinet met on Monday to discuss the budget.", "en", "No suggestions."),
        ("کوئٹہ میں اجلاس ہوا اور بجٹ پر بات ہوئی۔", "ur", "does not cover this source"),
        ("", "en", "this source has no text to read"),
    ],
)
def test_no_event_is_said_plainly(documenter, empty_db, body, language, says):
    source_id = archive.add_source(
        empty_db, {"title": "Other news", "body": body, "language": language}, "tester"
    )
    page = review(documenter, source_id)
    assert 'data-testid="no-suggestions"' in page and says in page
    assert 'data-testid="draft"' not in page


def test_each_draft_form_carries_a_csrf_token_and_a_post_without_it_is_refused(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SECRET_KEY": "t",
                      "DEMO_CONTENT": False})  # fmt: skip
    db = archive.open_db(app.config["DATABASE"])
    source_id = add_seed(db)
    client = app.test_client()
    from .test_forms import sign_in_with_token

    sign_in_with_token(client, app)
    page = review(client, source_id)
    assert len(re.findall(r'name="draft\d-csrf_token" type="hidden" value="[^"]+"', page)) == 9
    action, fields = draft_form(page, BLA_MAND)
    del fields["draft1-csrf_token"]
    response = client.post(action, data={**fields, "accept": "1"})
    assert response.status_code == 400
    assert archive.entry_ids(db, "claim") == []
    db.close()


def test_marked_paragraphs_cut_overlapping_passages_and_anchor_each_once():
    text = "First para.\n\nOne two three four."
    paragraphs = marked_paragraphs(text, [(1, 13, 20), (2, 17, 26)])
    assert paragraphs == [
        [Piece("First para.")],
        [Piece("One ", (1,), (1,)), Piece("two", (1, 2), (2,)), Piece(" three", (2,), ()),
         Piece(" four.")],
    ]  # fmt: skip


def test_an_entry_note_reaches_its_first_revision(db, source_id):
    record = {"title": "T", "claim_type": "armed_attack", "group_code": "BLA",
              "status": "claimed", "date_precision": "unknown"}  # fmt: skip
    citation = [{"source_id": source_id, "passage": "Text."}]
    claim_id = archive.add_entry(db, "claim", record, citation, "amina", note="From intake.")
    assert archive.history(db, "attack_claim", claim_id)[0]["reason"] == "From intake."


def test_without_javascript_a_figure_row_is_added_in_place_and_nothing_saved(
    documenter, empty_db, seed_id
):
    action, fields = draft_form(review(documenter, seed_id), BLA_MAND)
    response = documenter.post(action, data={**fields, "add_figure": "1"})
    page = response.get_data(as_text=True)
    assert 'id="draft1-figures-2-kind"' in page and "autofocus" in page
    assert draft_form(page, BLA_MAND)[1]["draft1-figures-0-count"] == "2"
    assert archive.entry_ids(empty_db, "claim") == []


def test_a_draft_has_the_entry_forms_urdu_title_and_summary_and_keeps_them(
    documenter, empty_db, seed_id
):
    page = review(documenter, seed_id)
    _, fields = draft_form(page, BLA_MAND)
    prefix = f"draft{BLA_MAND}-"
    assert {prefix + "title_ur", prefix + "narrative_ur"} <= set(fields)
    assert f'name="{prefix}title_ur"' in page and 'dir="rtl"' in page
    response = accept(documenter, seed_id, BLA_MAND, title_ur="مند میں حملہ",
                      narrative_ur="گروہ نے حملے کا دعویٰ کیا۔")  # fmt: skip
    assert response.status_code == 302
    (claim_id,) = archive.entry_ids(empty_db, "claim")
    claim = archive.get_entry(empty_db, "claim", claim_id)
    assert (claim["title_ur"], claim["narrative_ur"]) == (
        "مند میں حملہ",
        "گروہ نے حملے کا دعویٰ کیا۔",
    )
