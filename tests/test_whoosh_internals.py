"""A whoosh3 upgrade that changes an internal the engine relies on fails here, naming it.

The expected shapes live in index/engine/whoosh3_internals.py; the last tests change whoosh3
in place (monkeypatch) to show that the check names what changed."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
import whoosh.codec.whoosh3
import whoosh.reading
import whoosh.scoring
import whoosh.system

from index.engine import whoosh3_internals as internals

ROOT = Path(__file__).resolve().parent.parent
SEE = "see index/engine/whoosh3_internals.py"


def _pinned() -> str:
    found = re.search(r"^whoosh3==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert found, "requirements.txt pins no whoosh3 version"
    return found.group(1)


def test_the_installed_whoosh3_is_the_one_requirements_pin_and_shapes_record():
    changed = internals.version_changes(_pinned())
    assert not changed, "\n".join(changed)


def test_every_whoosh3_internal_the_engine_relies_on_is_as_recorded():
    changed = internals.changes()
    assert not changed, "\n".join(changed)


def test_every_name_the_engine_takes_from_whoosh3_internals_has_a_recorded_shape():
    recorded = {shape.name.partition(".")[0] for shape in internals.SHAPES}
    taken = {
        alias.name
        for path in (ROOT / "index" / "engine").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module == "whoosh3_internals"
        for alias in node.names
    }
    assert taken  # the engine does take them from there
    assert taken - recorded == set()


def _messages_about(what: str) -> list[str]:
    return [message for message in internals.changes() if f"changed {what}" in message]


def test_a_class_attribute_gone_is_named(monkeypatch):
    monkeypatch.delattr(whoosh.reading.SegmentReader, "deleted_docs_set")
    assert internals.changes() == [
        "whoosh3 upgrade changed whoosh.reading.SegmentReader.deleted_docs_set: it is gone: " + SEE
    ]


def test_a_method_gone_is_named(monkeypatch):
    monkeypatch.delattr(whoosh.codec.whoosh3.W3LeafMatcher, "_goto")
    changed = internals.changes()
    assert changed == _messages_about("whoosh.codec.whoosh3.W3LeafMatcher._goto")
    assert len(changed) == 2  # its signature and its code
    assert all(message.endswith(SEE) for message in changed)


def test_a_changed_signature_is_named(monkeypatch):
    def postings_reader(self, dbfile, terminfo, format_, scorer=None):
        raise NotImplementedError

    monkeypatch.setattr(whoosh.codec.whoosh3.W3Codec, "postings_reader", postings_reader)
    assert internals.changes() == [
        "whoosh3 upgrade changed whoosh.codec.whoosh3.W3Codec.postings_reader: signature "
        "(self, dbfile, terminfo, format_, term=None, scorer=None) is now "
        "(self, dbfile, terminfo, format_, scorer=None): " + SEE
    ]


def test_changed_code_that_ours_copies_is_named(monkeypatch):
    def bm25(idf: float, tf: float, fl: float, avgfl: float, B: float, K1: float) -> float:
        return idf * tf  # another formula, same signature

    monkeypatch.setattr(whoosh.scoring, "bm25", bm25)
    changed = internals.changes()
    assert len(changed) == 1
    assert changed[0].startswith("whoosh3 upgrade changed whoosh.scoring.bm25: its code differs")


def test_a_module_level_name_gone_is_named(monkeypatch):
    monkeypatch.delattr(whoosh.system, "_INT_SIZE")
    assert internals.changes() == [
        "whoosh3 upgrade changed whoosh.system._INT_SIZE: it is gone: " + SEE
    ]


def test_a_changed_constant_is_named(monkeypatch):
    monkeypatch.setattr(whoosh.codec.whoosh3, "COMPRESSION_MIN_SIZE", 64)
    assert internals.changes() == [
        "whoosh3 upgrade changed whoosh.codec.whoosh3.COMPRESSION_MIN_SIZE: it was 80, it is now "
        "64: " + SEE
    ]


def test_an_attribute_whoosh3_no_longer_sets_is_named(monkeypatch):
    read = internals._class_source
    monkeypatch.setattr(
        internals, "_class_source", lambda cls: read(cls).replace("_lastblock", "_final")
    )
    assert internals.changes() == [
        "whoosh3 upgrade changed whoosh.codec.whoosh3.W3LeafMatcher._lastblock: no longer set "
        "on its objects: " + SEE
    ]


def test_an_internal_gone_stops_the_import_with_the_same_advice(monkeypatch):
    monkeypatch.delattr(whoosh.codec.whoosh3, "W3Codec")
    spec = importlib.util.spec_from_file_location("fresh_internals", internals.__file__)
    fresh = importlib.util.module_from_spec(spec)
    with pytest.raises(ImportError, match=r"whoosh3 upgrade changed .*'W3Codec'.*" + SEE):
        spec.loader.exec_module(fresh)


def test_another_installed_or_pinned_version_is_named(monkeypatch):
    monkeypatch.setattr(internals.metadata, "version", lambda name: "3.55.0")
    assert internals.version_changes(internals.WRITTEN_FOR) == [
        f"whoosh3 upgrade changed the version: whoosh3 3.55.0 is installed, but "
        f"requirements.txt pins {internals.WRITTEN_FOR}: {SEE}"
    ]
    changed = internals.version_changes("3.55.0")
    assert len(changed) == 1
    assert "requirements.txt pins whoosh3 3.55.0, but SHAPES records" in changed[0]
