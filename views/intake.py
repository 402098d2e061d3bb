"""Reviewing suggested entries: a source's text with each draft's passage marked, and beside it
each draft as an ordinary entry form (the same classes and checks as the add pages), each field
saying why it was suggested. The documenter corrects, accepts or discards each draft, or cites
the source on an entry already in the archive instead.

Nothing is saved until a draft is accepted. Each draft is known by a key made of the source and
the passage it rests on; the key is the one-time submission token of its form, so a double click
or Back and send again saves one entry, and the page then says the draft is already documented.
Discarding saves nothing: the browser's session remembers what was set aside.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

import archive
from archive import reference
from archive.categories import get_category
from archive.messages import Message
from forms.common import show_store_errors, translated
from forms.entries import EntryChoices, EntryForm
from intake.drafts import Draft
from intake.vocabulary import Vocabulary

from . import access
from .editing import NEW_FORMS, added_row, entry_choices, source_label, wanted_sources
from .entries import entry_url
from .intake_text import marked_paragraphs
from .store import get_db

bp = Blueprint("intake", __name__, url_prefix="/sources")

INVALID = 422
DISCARDED = "intake_discarded"
# What the session cookie remembers of each discarded draft (the start of its key), and how
# many, newest last: a cookie holds about 4 KB.
DISCARDED_KEY = 12
MOST_DISCARDED = 100
# Where each of the engine's reasons is shown: under the form field it explains.
REASON_FIELDS = {
    "group": "group_code",
    "district": "district",
    "place": "place",
    "date": "date_start",
    "date_end": "date_end",
    "date_precision": "date_precision",
    "spokesperson": "spokesperson",
    "claim_medium": "claim_medium",
    "status": "status",
}


@dataclass
class Card:
    """One draft as the page shows it: its form, or what already documents it."""

    number: int
    key: str
    draft: Draft
    form: EntryForm | None = None
    documented: dict | None = None
    duplicates: list = field(default_factory=list)
    discarded: bool = False
    other_reasons: list[str] = field(default_factory=list)


@dataclass
class Review:
    """A source under review: the text read and its drafts."""

    source: dict
    text: str
    cards: list[Card]

    @property
    def source_id(self) -> int:
        return self.source["source_id"]


@bp.get("/<int:source_id>/suggestions")
def review(source_id: int) -> ResponseReturnValue:
    """The source's text with the passages marked, and a form for each suggested entry."""
    return _page(_review(get_db(), _source_or_404(source_id)))


@bp.post("/<int:source_id>/suggestions/<key>")
def decide(source_id: int, key: str) -> ResponseReturnValue:
    """Accept (save as an entry), discard, or cite on an existing entry one suggested draft."""
    db, source = get_db(), _source_or_404(source_id)
    under = _review(db, source)
    card = next((card for card in under.cards if card.key == key), None)
    if card is None or _gone(source):
        flash(_("That suggestion is no longer offered (the source or the reference data changed). "
                "Nothing was saved."))  # fmt: skip
        return redirect(url_for("intake.review", source_id=source_id))
    if card.documented:
        flash(_("This suggestion was already saved; nothing was added twice."))
        return redirect(entry_url(card.documented["entry"]))
    if "discard" in request.form:
        return _discard(source_id, card)
    form = card.form = _form(db, source_id, card.number, card.draft, formdata=request.form)
    if added_row(form):
        return _page(under, focus=card.number)
    if "cite_existing" in request.form:
        return _cite_instead(db, under, card)
    if form.validate_on_submit():
        try:
            _accept(db, under, card)
        except archive.InvalidRecord as error:
            show_store_errors(form, error.errors)
        else:
            saved = {
                "abuse": _("Abuse report saved from suggestion %(number)d, citing this source.",
                           number=card.number),
                "claim": _("Attack claim saved from suggestion %(number)d, citing this source.",
                           number=card.number),
            }  # fmt: skip
            flash(saved[card.draft.category])
            return redirect(_review_url(source_id, card.number))
    return _page(under, focus=card.number, status=INVALID)


def _source_or_404(source_id: int) -> dict:
    # As the source page: a confidential source is absent for those not cleared to see it.
    try:
        source = archive.get_source(get_db(), source_id)
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    if source["confidential"] and not access.can_see_confidential():
        abort(404, description=_("There is no source %(number)d.", number=source_id))
    return source


def _gone(source: dict) -> bool:
    return source["merged_into"] is not None or source["retracted_at"] is not None


def _review_url(source_id: int, number: int) -> str:
    return url_for("intake.review", source_id=source_id) + f"#draft-{number}"


def draft_key(source_id: int, draft: Draft) -> str:
    """A draft's lasting name: the source, category, type and passage it rests on."""
    made_of = f"{source_id}|{draft.category}|{draft.type}|{draft.passage_start}|{draft.passage_end}"
    return hashlib.sha256(made_of.encode()).hexdigest()[:24]


def _token(key: str) -> str:
    return f"intake-{key}"


def _review(db, source: dict) -> Review:
    """Read the source's text and number its drafts from 1, each with what documents it."""
    text = archive.text_of(source).replace("\r\n", "\n")
    drafts = []
    if text.strip() and not _gone(source):
        # Imported here: the engine's patterns take a third of a second to load, which every
        # start of the app (each `flask` command, each server worker) would pay otherwise.
        from intake.suggest import suggest_drafts

        vocabulary = Vocabulary(reference.vocabulary(db))
        drafts = suggest_drafts(text, vocabulary, _published(source))
    hidden = set(session.get(DISCARDED, []))
    cited = archive.entries_citing(db, source["source_id"])
    cards = []
    for number, draft in enumerate(drafts, start=1):
        key = draft_key(source["source_id"], draft)
        card = Card(number, key, draft, discarded=key[:DISCARDED_KEY] in hidden)
        card.documented = _documented(db, key, draft, cited)
        cards.append(card)
    return Review(source, text, cards)


def _published(source: dict) -> date | None:
    try:
        return date.fromisoformat(source.get("published") or "")
    except ValueError:
        return None


def _documented(db, key: str, draft: Draft, cited: dict) -> dict | None:
    """The entry this draft was saved as or cited on, or an entry of the same category and
    type citing this source for the same passage; None when it is still to be decided."""
    done = archive.find_submission(db, _token(key))
    if done is not None:
        kind, entry_id = done
        found = archive.entries_by_ids(db, kind, [entry_id])
        return {"entry": found[0], "how": "saved"} if found else None
    type_column = get_category(draft.category).type_column
    passage = " ".join(draft.passage.split())
    for entry in cited.get(draft.category, []):
        if entry["status"] == "retracted":
            continue
        quoted = " ".join((entry["passage"] or "").split())
        if entry[type_column] == draft.type and quoted and (quoted in passage or passage in quoted):
            return {"entry": entry, "how": "found"}
    return None


def _form(db, source_id: int, number: int, draft: Draft, formdata: Any = None) -> EntryForm:
    """The ordinary entry form of the draft's category, filled in from the draft (or from what
    was sent), each field carrying the reason it was suggested."""
    choices = _choices(db, source_id, draft.category)
    form = NEW_FORMS[draft.category](
        formdata=formdata, data=_values(source_id, draft), prefix=f"draft{number}", choices=choices
    )
    _explain(form, draft)
    return form


def _choices(db, source_id: int, kind: str) -> EntryChoices:
    """The category's pick-lists, read once per request; the sources offered are this one and
    any chosen in a sent form (the picker searches the others), not the newest 200 nine times."""
    cache = g.setdefault("intake_choices", {})
    if kind not in cache:
        choices = entry_choices(db, kind)
        choices.sources = _citable(db, [source_id, *wanted_sources()])
        cache[kind] = choices
    return cache[kind]


def _citable(db, wanted: list[int]) -> list[tuple[int, str]]:
    cleared = access.can_see_confidential()
    rows = archive.sources_by_ids(db, wanted)
    return [
        (source_id, source_label(rows[source_id]))
        for source_id in dict.fromkeys(wanted)
        if source_id in rows and (cleared or not rows[source_id]["confidential"])
    ]


def _values(source_id: int, draft: Draft) -> dict[str, Any]:
    values = draft.form_values()
    values["citations"][0]["source_id"] = str(source_id)
    category = get_category(draft.category)
    if values.get("status") not in category.statuses:
        values["status"] = category.statuses[0]
    return values


def _explain(form: EntryForm, draft: Draft) -> list[str]:
    """Hang each reason on the field it explains (shown under it); return the others."""
    reasons = dict(draft.reasons)
    places = {**REASON_FIELDS, "type": form.type_field}
    places["perpetrator"] = "perpetrator_code" if draft.perpetrator_code else "perpetrator"
    leftover = []
    for name, reason in reasons.items():
        target = _field_for(form, places, name)
        if target is None:
            leftover.append(reason)
        else:
            target.suggested = say(reason)
    passage = form.citations[0].form.passage
    passage.suggested = _("the passage this suggestion rests on, marked in the text")
    form.title.suggested = _("written from the type, place and group found: change it freely")
    form.other_reasons = [say(reason) for reason in leftover]
    return leftover


def say(reason: str) -> str:
    """A reason intake gave, in the reader's language (its values may be reasons too)."""
    if isinstance(reason, Message):
        values = {name: say(value) if isinstance(value, Message) else value
                  for name, value in reason.values.items()}  # fmt: skip
        return _(reason.template, **values)
    return translated(reason)


def _field_for(form: EntryForm, places: dict[str, str], name: str):
    if name.startswith("figures."):
        row = name.split(".", 1)[1]
        if row.isdigit() and int(row) < len(form.figures):
            return form.figures[int(row)].form.count
        return None
    target = places.get(name)
    return getattr(form, target, None) if target else None


def _page(under: Review, focus: int | None = None, status: int = 200) -> ResponseReturnValue:
    """The review page; the card numbered `focus` keeps the form as sent (with its errors)."""
    db = get_db()
    show_discarded = request.args.get("discarded") == "show"
    for card in under.cards:
        if card.documented or (card.discarded and not show_discarded):
            continue
        if card.form is None or card.number != focus:
            card.form = _form(db, under.source_id, card.number, card.draft, formdata=None)
        card.other_reasons = card.form.other_reasons
        card.duplicates = archive.likely_duplicates(db, card.draft.category, card.form.record())
    spans = [
        (card.number, card.draft.passage_start, card.draft.passage_end) for card in under.cards
    ]
    return render_template(
        "intake/review.html", source=under.source, cards=under.cards,
        has_text=bool(under.text.strip()), paragraphs=marked_paragraphs(under.text, spans),
        focus=focus, show_discarded=show_discarded, groups=reference.armed_groups(db),
        discarded=sum(card.discarded and not card.documented for card in under.cards),
    ), status  # fmt: skip


def _discard(source_id: int, card: Card) -> ResponseReturnValue:
    key = card.key[:DISCARDED_KEY]
    kept = [other for other in session.get(DISCARDED, []) if other != key]
    session[DISCARDED] = [*kept, key][-MOST_DISCARDED:]
    flash(_("Suggestion %(number)d discarded. Nothing was saved.", number=card.number))
    return redirect(url_for("intake.review", source_id=source_id) + "#suggestions")


def _accept(db, under: Review, card: Card) -> int:
    """Save the draft's form as an ordinary entry, once, linked to its other half if that one
    was saved already; its first revision says where it came from."""
    form, kind, actor = card.form, card.draft.category, access.current_actor()
    note = _note(under.source_id, actor, _corrected(db, under.source_id, card))
    victims = form.victim_list() if kind == "abuse" else []
    other = _linked_entry(under.cards, card)

    def write() -> int:
        entry_id = archive.add_entry(
            db, kind, form.record(), form.citation_list(), actor=actor, victims=victims,
            figures=form.figure_list(), note=note,
        )  # fmt: skip
        if other is not None:
            archive.add_link(db, kind, entry_id, "same_event", other, actor)
        return entry_id

    entry_id, _ = archive.submit_once(db, _token(card.key), kind, write, actor)
    return entry_id


def _linked_entry(cards: list[Card], card: Card) -> tuple[str, int] | None:
    """The entry the draft's linked draft (the same event, other category) became, if any."""
    if card.draft.linked_to is None:
        return None
    other = next((c for c in cards if c.number == card.draft.linked_to + 1), None)
    if other is None or not other.documented or other.documented["how"] != "saved":
        return None
    entry = other.documented["entry"]
    return (entry["kind"], entry["entry_id"])


def _corrected(db, source_id: int, card: Card) -> list[str]:
    """The labels of the fields the documenter changed from the suggestion."""
    sent = card.form
    suggested = _form(db, source_id, card.number, card.draft, formdata=None)
    before, after = suggested.record(), sent.record()
    # None and "" are the same blank to a documenter.
    names = [
        sent[name].label.text for name in after if (before.get(name) or "") != (after[name] or "")
    ]
    if _plain_figures(suggested) != _plain_figures(sent):
        names.append("Figures")
    if suggested.citation_list()[:1] != sent.citation_list()[:1] or len(sent.citation_list()) > 1:
        names.append("Citation")
    if card.draft.category == "abuse" and sent.victim_list():
        names.append("Named victims")
    return names


def _plain_figures(form: EntryForm) -> list[tuple]:
    return [(f["kind"], f["count"], f["qualifier"], f["given_by"]) for f in form.figure_list()]


def _note(source_id: int, actor: str, corrected: list[str]) -> str:
    how = f"corrected: {', '.join(name.lower() for name in corrected)}" if corrected else (
        "as suggested")  # fmt: skip
    return f"Suggested by intake from source #{source_id}, accepted by {actor} ({how})."


def _cite_instead(db, under: Review, card: Card) -> ResponseReturnValue:
    """Cite the source, with the draft's passage, on an entry already in the archive; the
    draft is then done, pointing to that entry. No new entry is saved."""
    target = request.form.get("cite_existing", "")
    if not (target.isdigit() and len(target) <= 18):
        abort(400, description=_("Choose the entry to cite this source on."))
    kind, entry_id, actor = card.draft.category, int(target), access.current_actor()
    row = card.form.citations[0].form
    citation = {"source_id": under.source_id, "passage": row.passage.data or "",
                "attributed_to": row.attributed_to.data or ""}  # fmt: skip
    reason = (f"Suggested by intake from source #{under.source_id}: the same incident, so "
              f"the source is cited here instead of on a new entry ({actor}).")  # fmt: skip

    def write() -> int:
        archive.add_citation(db, kind, entry_id, citation, actor=actor, reason=reason)
        return entry_id

    try:
        archive.submit_once(db, _token(card.key), kind, write, actor)
    except archive.NotFound as error:
        abort(404, description=translated(error.args[0]))
    except archive.InvalidRecord as error:
        show_store_errors(card.form, error.errors)
        return _page(under, focus=card.number, status=INVALID)
    cited_on = {
        "abuse": _("This source is now cited on that abuse report, with the suggestion's "
                   "passage. No new entry was saved."),
        "claim": _("This source is now cited on that attack claim, with the suggestion's "
                   "passage. No new entry was saved."),
    }  # fmt: skip
    flash(cited_on[kind])
    return redirect(entry_url({"kind": kind, "entry_id": entry_id}))
