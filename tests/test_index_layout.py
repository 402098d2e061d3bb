"""The index's two layers: only index/ imports Whoosh, the engine reaches whoosh3's internals
through one module, and indexes written before the engine moved to index/engine/ still open."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from whoosh import query

import index
from index.engine import codec, mapped, phrases

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "index" / "engine"
# What the engine may import from Whoosh directly: its public API.
PUBLIC = {"whoosh.query", "whoosh.searching.Searcher", "whoosh.reading.TermNotFound"}


def _whoosh_imports(path: Path) -> list[str]:
    """Every name a module imports from Whoosh, fully qualified ("whoosh.query")."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "whoosh"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def _our_modules(*skipped: str) -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not any(part.startswith(".") or part in skipped for part in path.relative_to(ROOT).parts)
    ]


def test_only_the_index_imports_whoosh():
    importing = [
        str(path.relative_to(ROOT))
        for path in _our_modules("index", "tests", "instance")
        if _whoosh_imports(path)
    ]
    assert importing == []


def test_the_engine_reaches_whoosh3_internals_only_through_whoosh3_internals():
    private = {
        path.name: sorted(set(_whoosh_imports(path)) - PUBLIC)
        for path in ENGINE.glob("*.py")
        if path.name != "whoosh3_internals.py"
    }
    assert {name: names for name, names in private.items() if names} == {}


def test_an_index_written_before_the_engine_moved_still_opens(tmp_path, monkeypatch):
    """Whoosh pickles our codec, segment and positions classes into the table of contents by
    module path: an index written as index/codec.py etc. must open after the move."""
    with monkeypatch.context() as old_layout:
        for module, name in ((codec, "ArrayCodec"), (mapped, "MappedSegment"),
                             (phrases, "ArrayPositions")):  # fmt: skip
            old = "index." + module.__name__.rpartition(".")[2]
            old_layout.setitem(sys.modules, old, module)
            old_layout.setattr(getattr(module, name), "__module__", old)
        ix = index.open_index(tmp_path)
        with ix.writer(codec=codec.CODEC) as writer:
            writer.add_document(doc_id="abuse:1", title="convoy", text="a night raid")
    toc = next(tmp_path.glob("*.toc")).read_bytes()
    assert b"index.phrases" in toc
    assert b"index.engine" not in toc

    reopened = index.open_index(tmp_path)
    with reopened.searcher() as searcher:
        found = searcher.search(query.Term("text", "raid"))
        assert [hit["doc_id"] for hit in found] == ["abuse:1"]
