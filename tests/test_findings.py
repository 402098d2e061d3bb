"""Smaller findings from a documentation officer's trial: mixed-direction source text, the
favicon, static files cached and compressed, the set-up link, and the entry forms' keyboard
order and headings."""

from __future__ import annotations

import gzip
import itertools
import re
from html.parser import HTMLParser

import brotli
import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

import archive
from app import create_app

from .conftest import ROOT
from .test_documenting import claim_form, counts

URDU = "بلوچستان میں مزید گمشدگیاں"  # "more disappearances in Balochistan"
FAMILY = "اہل خانہ"  # "the family"
MIXED = f"{URDU}\n\nThe family says he was taken at night.\n{FAMILY}"


def test_source_text_paragraphs_each_find_their_direction(client, app_db):
    source_id = archive.add_source(app_db, {"title": "Mixed", "body": MIXED}, "tester")
    page = client.get(f"/sources/{source_id}").get_data(as_text=True)
    text = page.split('id="source-text"')[1].split("</div>")[0]
    assert text.count('<p dir="auto">') == 2
    assert f'<p dir="auto">The family says he was taken at night.\n{FAMILY}</p>' in text
    assert 'dir="auto">' not in page.split('id="source-text"')[1][:20]


def test_source_text_box_finds_its_direction(client):
    form = client.get("/sources/new", follow_redirects=True).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*dir="auto"[^>]*name="body"', form)


def test_every_page_links_a_local_favicon(client, anonymous):
    for page in (client.get("/"), anonymous.get("/sign-in")):
        html = page.get_data(as_text=True)
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
        assert icon, "no favicon link"
    with anonymous.get(icon.group(1)) as served:
        assert served.status_code == 200 and served.mimetype == "image/svg+xml"
        assert served.get_data(as_text=True).startswith("<svg")


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_static_files_have_a_version_and_are_kept_for_a_year(client):
    urls = static_urls(client.get("/abuses/new", follow_redirects=True).get_data(as_text=True))
    assert {url.split("?")[0] for url in urls} >= {
        "/static/style.css", "/static/favicon.svg", "/static/forms.js", "/static/focus.js"
    }  # fmt: skip
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        with client.get(url) as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Without the current version, the browser must ask again.
    for url in ("/static/style.css?v=0123456789ab", "/static/style.css"):
        with client.get(url) as response:
            assert "max-age" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("encoding", "decompress"), [("br", brotli.decompress), ("gzip", gzip.decompress)]
)
def test_static_text_files_are_compressed_and_pages_are_not(client, encoding, decompress):
    accept = {"Accept-Encoding": encoding}
    css = next(u for u in static_urls(client.get("/").get_data(as_text=True)) if ".css" in u)
    with client.get(css, headers=accept) as response:
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        body = response.get_data()
    plain = (ROOT / "static" / "style.css").read_bytes()
    assert decompress(body) == plain
    assert len(body) < len(plain) / 2
    # A page holds a secret (its CSRF token): compressing it could leak it (BREACH).
    page = client.get("/abuses/new", headers=accept, follow_redirects=True)
    assert "Content-Encoding" not in page.headers


def setup_link(caplog) -> str | None:
    found = re.search(r"/setup/[\w-]+", caplog.text)
    return found.group(0) if found else None


def test_a_flask_command_before_the_first_admin_keeps_the_servers_setup_link(
    tmp_path, caplog, monkeypatch
):
    config = {"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "DEMO_CONTENT": False}
    app = create_app(config)
    link = setup_link(caplog)
    assert link
    caplog.clear()
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")  # FlaskGroup sets it; restored after
    cli = FlaskGroup(create_app=lambda: create_app(config))
    for args in (["users", "list"], ["reference", "list", "groups"], ["index", "check"]):
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert setup_link(caplog) is None
    page = app.test_client().get(link)
    assert page.status_code == 200 and "first administrator" in page.get_data(as_text=True)


def test_flask_run_still_prints_the_setup_link(tmp_path, caplog):
    import click

    with click.Context(click.Command("run")):
        create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "DEMO_CONTENT": False})
    assert setup_link(caplog)


class Outline(HTMLParser):
    """The headings and submit buttons of the first form's page, in order."""

    def __init__(self):
        super().__init__()
        self.levels: list[int] = []
        self.submits: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "button" and dict(attrs).get("type") == "submit":
            self.submits.append(dict(attrs))


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html.split("<main")[1])
    return parser


@pytest.mark.parametrize("path", ["/abuses/new", "/claims/new"])
def test_entry_form_headings_go_down_one_level_at_a_time(client, path):
    levels = outline(client.get(path, follow_redirects=True).get_data(as_text=True)).levels
    assert levels[0] == 1 and 2 in levels and 3 in levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.parametrize("path", ["/abuses/new", "/claims/new"])
def test_the_first_submit_button_saves(client, path):
    """Enter in a text field sends the form with its first submit button."""
    submits = outline(client.get(path, follow_redirects=True).get_data(as_text=True)).submits
    first = submits[0]
    assert first["name"] == "save" and first.get("tabindex") == "-1"
    assert [button["name"] for button in submits].count("save") == 2


def test_enter_sends_save_and_saves(client, app_db):
    """What the browser sends for Enter: the first submit button's name, save."""
    source_id = next(app_db["sources"].rows)["source_id"]
    before = counts(app_db)
    response = client.post("/claims/new", data=claim_form(source_id, save="1"))
    assert response.status_code == 302
    assert counts(app_db)["attack_claims"] == before["attack_claims"] + 1


@pytest.mark.parametrize(("button", "field"), [("add_citation", "citations-2-source_id"),
                                                ("add_victim", "victims-3-name")])  # fmt: skip
def test_a_row_added_without_javascript_is_focused(client, app_db, button, field):
    source_id = next(app_db["sources"].rows)["source_id"]
    data = claim_form(source_id) if button == "add_citation" else {"title": "x"}
    kind = "claims" if button == "add_citation" else "abuses"
    page = client.post(f"/{kind}/new", data=data | {button: "1"}).get_data(as_text=True)
    tag = re.search(rf'<(input|select)[^>]*id="{field}"[^>]*>', page).group(0)
    assert "autofocus" in tag
    assert page.count("autofocus") == 1
