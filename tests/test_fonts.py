"""The Nastaliq font shipped in static/fonts/: complete for Urdu, still able to shape it, under
its licence, and served from our own origin at a version browsers may keep."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from views.security import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "static" / "fonts"
STYLESHEET = ROOT / "static" / "style.css"
FACES = ["NotoNastaliqUrdu-Regular.woff2", "NotoNastaliqUrdu-Bold.woff2"]
# The Urdu alphabet, its own digits, and the punctuation Urdu text uses.
URDU_LETTERS = "آابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےۓئؤۂۃ"
URDU_MARKS = "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0654"  # tanvin, zabar, pesh, zer...
URDU_DIGITS_AND_PUNCTUATION = "۰۱۲۳۴۵۶۷۸۹،؛؟۔٪"
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def font(name: str) -> TTFont:
    return TTFont(str(FONTS / name))


def features(table) -> set[str]:
    return {record.FeatureTag for record in table.table.FeatureList.FeatureRecord}


@pytest.mark.parametrize("name", FACES)
def test_each_face_has_every_letter_digit_and_mark_of_urdu(name):
    cmap = font(name).getBestCmap()
    wanted = URDU_LETTERS + URDU_MARKS + URDU_DIGITS_AND_PUNCTUATION + "\u200c\u200d"
    assert [ch for ch in wanted if ord(ch) not in cmap] == []


@pytest.mark.parametrize("name", FACES)
def test_each_face_keeps_the_features_that_make_nastaliq(name):
    shipped = font(name)
    # Joining forms and ligatures (GSUB); the cascading baseline and the marks' places (GPOS).
    assert {"init", "medi", "fina", "isol", "rlig", "ccmp"} <= features(shipped["GSUB"])
    assert {"curs", "mark", "mkmk"} <= features(shipped["GPOS"])


@pytest.mark.parametrize("name", FACES)
def test_each_face_draws_no_latin_so_english_keeps_the_system_font(name):
    cmap = font(name).getBestCmap()
    assert [chr(code) for code in cmap if code < 0x0600] == []


def test_every_urdu_letter_the_interface_writes_is_in_the_font():
    with (ROOT / "translations" / "ur" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale="ur")
    text = " ".join(
        " ".join(m.string) if isinstance(m.string, tuple | list) else m.string or ""
        for m in catalogue
    )
    text += (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    used = set(ARABIC_SCRIPT.findall(text))
    assert used, "the catalogue and glossary hold Urdu"
    for name in FACES:
        cmap = font(name).getBestCmap()
        assert sorted(ch for ch in used if ord(ch) not in cmap) == [], name


def test_the_licence_and_origin_travel_with_the_fonts():
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    assert "Open Font License" in readme and "fonts-noto-core" in readme and "2.000" in readme
    for name in FACES:
        names = font(name)["name"]
        assert "Open Font License" in names.getDebugName(13)  # the licence, inside the file too
        assert names.getDebugName(1) == "Noto Nastaliq Urdu"


def test_the_stylesheet_asks_for_each_face_at_its_current_version():
    css = STYLESHEET.read_text(encoding="utf-8")
    for name in FACES:
        version = hashlib.sha256((FONTS / name).read_bytes()).hexdigest()[:12]
        # tools/subset_fonts.py writes it; a font changed by hand would keep a stale address.
        assert f'url("fonts/{name}?v={version}")' in css, name


def test_fonts_are_served_from_our_origin_for_a_year(anonymous):
    css = STYLESHEET.read_text(encoding="utf-8")
    for address in re.findall(r'url\("(fonts/[^"]+)"\)', css):
        response = anonymous.get("/static/" + address)
        assert response.status_code == 200
        assert response.mimetype == "font/woff2"
        assert response.cache_control.max_age == 365 * 24 * 60 * 60
        response.close()
    # Fonts fall under default-src 'self': our own, and no font service's.
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert "font-src" not in CONTENT_SECURITY_POLICY


def test_pages_preload_the_fonts_at_the_address_the_stylesheet_uses(anonymous):
    page = anonymous.get("/sign-in").get_data(as_text=True)
    css = STYLESHEET.read_text(encoding="utf-8")
    for address in re.findall(r'url\("(fonts/[^"]+)"\)', css):
        preload = f'<link rel="preload" href="/static/{address}" as="font" type="font/woff2"'
        assert preload in page.replace("&amp;", "&")
