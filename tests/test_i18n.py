"""The interface in two languages: the Urdu catalogue is complete, the language is chosen as a
reader expects (account, then visitor, then browser), and switching changes no URL and no data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from lxml import html as lxml_html

import archive
from archive import users
from tests.conftest import ensure_user
from tests.i18n_check import english_left

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "translations" / "ur" / "LC_MESSAGES" / "messages.po"


def extracted_messages(tmp_path: Path):
    """The strings the code and templates mark today, gathered as `make messages` does."""
    template = tmp_path / "messages.pot"
    sources = re.search(r"^MESSAGE_SOURCES := (.+)$", (ROOT / "Makefile").read_text(), re.M)
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "N_",
         "-k", "Message", "-k", "lazy_gettext", "--no-location", "-o", str(template),
         *(str(ROOT / name) for name in sources.group(1).split())]
    )  # fmt: skip
    with template.open("rb") as pot:
        return read_po(pot)


def urdu_catalogue():
    with CATALOGUE.open("rb") as po:
        return read_po(po, locale="ur")


def test_every_marked_string_has_its_urdu_translation(tmp_path):
    catalogue = urdu_catalogue()
    missing = []
    for message in extracted_messages(tmp_path):
        if not message.id:
            continue
        translated = catalogue.get(message.id, message.context)
        strings = translated and (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        if not translated or translated.fuzzy or not all(strings):
            missing.append(message.id)
    assert missing == [], f"{len(missing)} strings lack Urdu (make messages, then translate)"


def test_the_catalogue_holds_no_string_the_interface_no_longer_uses(tmp_path):
    used = {(message.id, message.context) for message in extracted_messages(tmp_path)}
    unused = [m.id for m in urdu_catalogue() if m.id and (m.id, m.context) not in used]
    assert unused == [], "run make messages to drop strings no longer used"


def test_translations_keep_every_placeholder():
    problems = [(message.id, [str(e) for e in errors]) for message, errors in
                urdu_catalogue().check()]  # fmt: skip
    assert problems == []


def page_root(response):
    return lxml_html.document_fromstring(response.get_data(as_text=True))


def test_browser_asking_for_urdu_gets_the_page_right_to_left(client):
    root = page_root(client.get("/", headers={"Accept-Language": "ur-PK,ur;q=0.9,en;q=0.5"}))
    assert (root.get("lang"), root.get("dir")) == ("ur", "rtl")
    assert root.xpath("//a[@class='brand']")[0].text_content().strip() == "گواہی"


def test_english_stays_the_default_and_left_to_right(client):
    root = page_root(client.get("/", headers={"Accept-Language": "fr,de;q=0.8"}))
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    assert "Abuse reports" in root.xpath("//nav")[0].text_content()


def test_the_header_and_footer_are_all_urdu_in_urdu(client):
    page = client.get("/", headers={"Accept-Language": "ur"}).get_data(as_text=True)
    root = lxml_html.document_fromstring(page)
    for part in ("header", "footer"):
        element = root.xpath(f"//{part}")[0]
        element.set("lang", "ur")
        assert english_left(lxml_html.tostring(element, encoding="unicode")) == []


def test_the_switch_keeps_the_choice_with_the_account_and_the_same_page(client, app):
    response = client.post("/language", data={"language": "ur", "next": "/claims/?page=2"})
    assert (response.status_code, response.location) == (302, "/claims/?page=2")
    root = page_root(client.get("/claims/", headers={"Accept-Language": "en"}))
    assert root.get("lang") == "ur", "the account's choice outranks the browser's"
    database = archive.open_db(app.config["DATABASE"])
    assert users.get_user(database, "test-admin")["language"] == "ur"
    last = next(database.query("SELECT action FROM audit_log ORDER BY rowid DESC LIMIT 1"))
    assert last["action"] == "user_language"
    database.close()


def test_the_choice_follows_the_account_to_another_browser(app, client):
    client.post("/language", data={"language": "ur", "next": "/"})
    from tests.conftest import signed_in_client

    elsewhere = signed_in_client(app, "admin")
    assert page_root(elsewhere.get("/")).get("lang") == "ur"


def test_a_visitor_chooses_before_signing_in(anonymous):
    anonymous.post("/language", data={"language": "ur", "next": "/sign-in"})
    assert page_root(anonymous.get("/sign-in")).get("dir") == "rtl"


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", "x"])
def test_the_switch_never_sends_a_reader_to_another_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.location == "/"


def test_an_unknown_language_is_refused_and_changes_nothing(client, app):
    response = client.post("/language", data={"language": "fr", "next": "/"})
    assert response.status_code == 400
    assert "Choose English or Urdu" in response.get_data(as_text=True)
    database = archive.open_db(app.config["DATABASE"])
    assert users.get_user(database, ensure_user(app, "admin"))["language"] is None
    database.close()


def test_the_english_interface_is_unchanged_by_the_switch(client):
    before = client.get("/abuses/").get_data(as_text=True)
    client.post("/language", data={"language": "ur", "next": "/"})
    client.post("/language", data={"language": "en", "next": "/"})
    after = client.get("/abuses/").get_data(as_text=True)
    strip = re.compile(r'name="csrf_token" value="[^"]*"')
    assert strip.sub("", before) == strip.sub("", after)


def test_a_store_message_is_said_in_the_readers_language(app):
    from archive.messages import Message
    from forms.common import translated

    message = Message("Choose English or Urdu.")
    with app.test_request_context(headers={"Accept-Language": "ur"}):
        assert translated(message) == "انگریزی یا اردو منتخب کریں۔"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert translated(Message("At most %(limit)d characters.", limit=5)) == (
            "At most 5 characters."
        )
