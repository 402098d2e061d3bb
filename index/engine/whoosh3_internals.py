"""Every whoosh3 internal the engine relies on, in one place, with the shape it relies on.

The engine (this package) subclasses whoosh3's codec, segment, postings and file classes, reads
private attributes of its matchers, readers and columns, and writes and reads whoosh3's file
layouts. None of that is Whoosh's public API, so a new whoosh3 release may change it without
notice. Each such name is imported here, with a comment on what we rely on, and the rest of the
engine imports it from here, never from whoosh's private modules. Whoosh's public API (query
classes, the searcher, the index) is imported where it is used.

`SHAPES` records what each of them looked like in the version named by `WRITTEN_FOR`: method
signatures, attributes, and a digest of the code whose layout our code copies or writes.
`changes()` compares them with the installed whoosh3, and tests/test_whoosh_internals.py fails
naming each difference (docs/index.md says what to do after an upgrade).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

HERE = "index/engine/whoosh3_internals.py"
# The whoosh3 release whose internals SHAPES records (requirements.txt pins the same).
WRITTEN_FOR = "3.54.0"

try:
    # whoosh.codec.whoosh3 is the implementation of the index format, not public API.
    from whoosh.codec.whoosh3 import (
        # A pickled part of a block shorter than this is never compressed (codec.py follows).
        COMPRESSION_MIN_SIZE,
        # The column type of the per-document field lengths (byte codes): postings.py reads it.
        LENGTHS_COLUMN,
        # The postings file starts with it; codec.py writes it before a term's first block.
        WHOOSH3_HEADER_MAGIC,
        # Subclassed by codec.ArrayCodec: its constructor's options, the _blocklimit,
        # _compression and _inlinelimit it keeps, and new_segment / postings_writer /
        # postings_reader, which ours override and call.
        W3Codec,
        # Subclassed by codec.ArrayFieldWriter: add_postings (Whoosh's FieldWriter's, which
        # ours does a term at a time for a rebuild's postings and falls back to otherwise),
        # start_field / start_term / finish_term / finish_field, and _postwriter.
        W3FieldWriter,
        # Subclassed by codec.ArrayLeafMatcher, and walked block by block by postings.py: the
        # block header _goto reads (our blocks keep it), _data, _blocklength, _lastblock,
        # _nextoffset, _dataoffset, _postfile, _compression, and the _read_* methods ours
        # replace (or fall back to, for formats other than ours).
        W3LeafMatcher,
        # Not imported by the engine, reached through its objects: the per-document reader
        # whose has_column / column_reader(name, column) postings.py calls through
        # SegmentReader._perdoc, and codec.field_lengths with doc_count_all (a rebuild).
        W3PerDocReader,
        # Subclassed by codec.ArrayPostingsWriter: the buffers of a block (_ids, _weights,
        # _values, _minlength, _maxlength, _maxweight), _write_block (ours is a copy that writes
        # arrays), _mini_weights and _mini_values (called), _new_block, _terminfo.add_block;
        # add_posting, whose figures ArrayPostingsWriter.add_postings gives for many at once.
        W3PostingsWriter,
        # Subclassed by mapped.MappedSegment: open_compound_file (ours maps without copies),
        # make_filename, COMPOUND_EXT; W3Codec.new_segment's (codec, indexname).
        W3Segment,
        # Reached through W3PostingsWriter._terminfo: add_block(block) of ours, which reads the
        # block's figures (len, min/max id, max weight, min/max length) through its methods.
        W3TermInfo,
        # The name of a field's lengths column ("_text_len"), which the schema does not name.
        _lenfield,
    )

    # NumericColumn is read in one piece by postings.stored_numbers: its Reader's _typecode,
    # _dbfile, _basepos, _count, _unpack, _defaultbytes (big-endian numbers of one width).
    # VarBytesColumn (facet columns) is read in one piece by generation._stored_codes: its
    # Reader's _lengths, _dbfile, _basepos (values one after another from _basepos).
    from whoosh.columns import NumericColumn, VarBytesColumn

    # Subclassed by mapped.MappedCompound: open_file (ours hands out views of the mapping),
    # range(name) (a file's extent in the compound file), _source (the mapping, or None).
    from whoosh.filedb.compound import CompoundStorage

    # A view of part of the mapping (mapped.py), as Whoosh's own open_file makes it.
    from whoosh.filedb.filestore import memoryview_

    # Subclassed by mapped.MappedFile: its constructor, and _buf and file, which ours set to a
    # view and a reader over it (Whoosh's StructFile reads through `file`).
    from whoosh.filedb.structfile import BufferFile

    # Subclassed by phrases.ArrayPositions: encode / decode_positions / decode_frequency, and
    # word_values, which ours falls back to and, for a text already analysed, gives as it would.
    from whoosh.formats import Positions

    # A segment with deletions wraps its matcher; postings.py unwraps it through `child`.
    from whoosh.matching.wrappers import WrappingMatcher

    # Reached through parsed queries: prefixes and wildcards list their terms with the private
    # _btexts(ixreader) (matching.py).
    from whoosh.query import MultiTerm

    # Reached through searchers: _perdoc (the lengths columns, postings.py) and
    # deleted_docs_set (generation.py).
    from whoosh.reading import SegmentReader

    # matching.py scores with the formula of `bm25` and BM25F's B, K1 and private per-field
    # _field_B, as BM25F.scorer passes them, and the idf of WeightingModel.idf (BM25F's) from
    # the number of postings it has read (a term's document frequency, deleted ones included).
    from whoosh.scoring import BM25F, WeightingModel, bm25

    # The width of the lengths written before each block and its pickled part (codec.py).
    from whoosh.system import _INT_SIZE, _int_struct

    # Field lengths as Whoosh stores them: one byte, a logarithmic code (block headers,
    # lengths columns); postings.py turns every code into a length at once.
    from whoosh.util.numeric import byte_to_length, length_to_byte
except ImportError as error:
    raise ImportError(
        f"whoosh3 upgrade changed a name the engine imports ({error}): see {HERE}"
    ) from error


@dataclass(frozen=True)
class Shape:
    """What the engine relies on in one whoosh3 object, as it was in WRITTEN_FOR."""

    module: str
    name: str  # within the module: "W3LeafMatcher", "NumericColumn.Reader"
    signatures: dict[str, str] = field(default_factory=dict)  # member ("": itself) -> signature
    members: str = ""  # class attributes and methods, space-separated
    attributes: str = ""  # set on instances (`self.<name>` in its or its bases' code), the same
    digests: dict[str, str] = field(default_factory=dict)  # member -> digest of its code
    value: tuple[Callable[[Any], Any], Any] | None = None  # (what to look at, what it was)


def _numbers_digest(numbers) -> str:
    return hashlib.sha256(repr(list(numbers)).encode()).hexdigest()[:16]


W3 = "whoosh.codec.whoosh3"
SHAPES: tuple[Shape, ...] = (
    Shape(W3, "WHOOSH3_HEADER_MAGIC", value=(lambda magic: magic, b"W3Bl")),
    Shape(W3, "COMPRESSION_MIN_SIZE", value=(lambda size: size, 80)),
    Shape(
        W3,
        "LENGTHS_COLUMN",
        value=(lambda column: (type(column).__name__, column._typecode), ("NumericColumn", "B")),
    ),
    Shape(
        W3,
        "W3Codec",
        signatures={
            "__init__": "(self, blocklimit=128, compression=3, inlinelimit=1)",
            "new_segment": "(self, storage, indexname)",
            "postings_writer": "(self, dbfile, byteids=False)",
            "postings_reader": "(self, dbfile, terminfo, format_, term=None, scorer=None)",
        },
        attributes="_blocklimit _compression _inlinelimit",
    ),
    Shape(
        W3,
        "W3LeafMatcher",
        signatures={
            "__init__": "(self, postfile, startoffset, length, format_, term=None, "
            "byteids=None, scorer=None)",
            "_goto": "(self, position)",
            "_read_data": "(self)",
            "_read_ids": "(self)",
            "_read_weights": "(self)",
            "_read_values": "(self)",
        },
        attributes="_postfile _startoffset _dataoffset _compression _data _nextoffset _blocklength"
        " _lastblock _ids _weights _values format",
        digests={
            "_goto": "3545bf8cb3b4cd82",  # reads the block header codec.py writes
            "_read_data": "a4f94b664b7ced84",  # ours replaces it
            "_read_ids": "6147b8d5f106b7b1",  # ours replaces it
            "_read_weights": "8e1d63394a25f7b9",  # ours falls back to it
            "_read_values": "259f1fb4a03fe607",  # ours falls back to it
        },
    ),
    Shape(
        W3,
        "W3PostingsWriter",
        signatures={
            "__init__": "(self, postfile, blocklimit, byteids=False, compression=3, inlinelimit=1)",
            "_write_block": "(self, last=False)",
            "_mini_weights": "(self)",
            "_mini_values": "(self)",
            "_new_block": "(self)",
            "add_posting": "(self, id_, weight, vbytes, length=None)",
        },
        attributes="_postfile _blockcount _terminfo _ids _weights _values _format _maxweight"
        " _minlength _maxlength _compression _blocklimit _inlinelimit",
        digests={
            "_write_block": "ee8f2c0154c33d93",  # ours is a copy that writes arrays
            "_mini_weights": "7ed2ba673f24e736",  # None / one number / a tuple: ours reads it
            "_mini_values": "a36c9f32b7e42991",  # kept in our blocks for other formats
            "add_posting": "2befb958e87e3ddd",  # its blocks and figures: add_postings gives them
            # A term's blocks all written (write_blocks): it only records where they lie.
            "finish_postings": "5f3600bc0048b684",
        },
    ),
    Shape(
        W3,
        "W3FieldWriter",
        signatures={
            "__init__": "(self, codec, storage, segment)",
            "add_postings": "(self, schema, lengths, items)",
            "start_field": "(self, fieldname, fieldobj)",
            "start_term": "(self, btext)",
            "finish_term": "(self)",
            "finish_field": "(self)",
        },
        attributes="_postwriter",
        digests={
            "add_postings": "1ea4d2dbc92bc8c5",  # what ArrayFieldWriter does a term at a time
            "start_term": "d5d301a9db31a554",  # starts the postings writer's term
            "finish_term": "cedf1691c763fa4a",  # finishes it (its last block)
        },
    ),
    Shape(
        W3,
        "W3PerDocReader",
        signatures={
            "has_column": "(self, fieldname)",
            "column_reader": "(self, fieldname, column)",
            "doc_count_all": "(self)",
        },
    ),
    Shape(
        W3,
        "W3Segment",
        signatures={
            "__init__": "(self, codec, indexname, doccount=0, segid=None, deleted=None)",
            "open_compound_file": "(self, storage)",
            "make_filename": "(self, ext)",
        },
        members="COMPOUND_EXT",
        digests={"open_compound_file": "f0b165d1a5c703d7"},  # ours replaces it
    ),
    Shape(
        W3,
        "W3TermInfo",
        signatures={"add_block": "(self, block)"},
        attributes="_weight _df _minlength _maxlength _maxweight _minid _maxid",
        digests={"add_block": "a449c4da72594dc9"},  # codec.py write_blocks adds up the same
    ),
    Shape(W3, "_lenfield", digests={"": "504c3533ae82f040"}),
    Shape(
        "whoosh.filedb.compound",
        "CompoundStorage",
        signatures={"open_file": "(self, name, *args, **kwargs)", "range": "(self, name)"},
        attributes="_source",
        digests={"open_file": "8946eece40ca2012"},  # ours replaces it
    ),
    Shape(
        "whoosh.filedb.filestore",
        "memoryview_",
        signatures={"": "(source, offset: int = 0, length: int = 0)"},
    ),
    Shape(
        "whoosh.filedb.structfile",
        "BufferFile",
        signatures={
            "__init__": "(self, buf: 'bytes | bytearray | memoryview', name: 'str | None' = "
            "None, onclose: 'Callable[[StructFile], None] | None' = None) -> 'None'",
        },
        attributes="_buf file",
        digests={"__init__": "9002e41e86a23fa2"},  # ours sets _buf and file instead
    ),
    Shape("whoosh.system", "_INT_SIZE", value=(lambda size: size, 4)),
    # How those lengths are written (postings.py reads a term's blocks from the mapped file).
    Shape("whoosh.system", "_int_struct", value=(lambda packer: packer.format, "!i")),
    Shape(
        "whoosh.util.numeric",
        "length_to_byte",
        signatures={"": "(length: 'int | None') -> 'int'"},
        digests={"": "209f8aaa237f13e4"},
    ),
    Shape(
        "whoosh.util.numeric",
        "byte_to_length",
        value=(lambda decode: _numbers_digest(map(decode, range(256))), "7e24a51930526612"),
    ),
    Shape(
        "whoosh.columns",
        "NumericColumn.Reader",
        attributes="_typecode _dbfile _basepos _count _unpack _defaultbytes",
        digests={"__init__": "6eeb148892c302cc"},  # how the numbers are laid out
    ),
    Shape(
        "whoosh.columns",
        "VarBytesColumn.Reader",
        attributes="_lengths _dbfile _basepos",
        digests={"__iter__": "23cfaf459dcb0b2b"},  # values one after another from _basepos
    ),
    Shape(
        "whoosh.formats",
        "Positions",
        signatures={
            "encode": "(self, poslist: 'Any') -> 'Any'",
            "decode_positions": "(self, valuestring: 'bytes') -> 'list[int]'",
            "decode_frequency": "(self, valuestring: 'bytes') -> 'int'",
            "word_values": "(self, value: 'Any', analyzer: 'Any', **kwargs: 'Any') -> "
            "'Iterable[tuple[bytes, int, float, bytes]]'",
        },
        digests={"word_values": "a210f25d2acf6077"},  # its terms, counts and weights: ours too
    ),
    Shape(
        "whoosh.query",
        "MultiTerm",
        signatures={"_btexts": "(self, ixreader: 'IndexReader') -> 'Iterable[bytes]'"},
    ),
    Shape(
        "whoosh.reading",
        "SegmentReader",
        members="deleted_docs_set",
        attributes="_perdoc",
    ),
    Shape(
        "whoosh.scoring",
        "BM25F",
        attributes="B K1 _field_B",
        digests={"scorer": "55756458b18dc5fc"},  # which B a field is scored with
    ),
    Shape(
        "whoosh.scoring",
        "WeightingModel",
        digests={"idf": "5ad36bff2df6cdd3"},  # matching.py works out the same from postings
    ),
    Shape(
        "whoosh.scoring",
        "bm25",
        signatures={
            "": "(idf: 'float', tf: 'float', fl: 'float', avgfl: 'float', B: 'float', "
            "K1: 'float') -> 'float'",
        },
        digests={"": "472190a95672fd8c"},  # matching.py applies the same formula to arrays
    ),
    Shape("whoosh.matching.wrappers", "WrappingMatcher", attributes="child"),
    # Not imported here: index/bulk.py (a rebuild) writes through a SegmentWriter's internals.
    # It replaces `pool` with its own (add, iter_postings, cleanup), opens helpers' writers with
    # _lk=False and finishes their segments with _finalize_segment (which hands the pool's
    # postings to the codec's field writer), and adds documents as add_document does, through
    # perdocwriter, schema, docnum and _added. Each process writes its segment as soon as its
    # entries are added (_finalize_segment, then replaced on the writer by the segment written).
    Shape(
        "whoosh.writing",
        "SegmentWriter",
        signatures={
            "__init__": "(self, ix, poolclass=None, timeout=0.0, delay=0.1, _lk=True, "
            "limitmb=128, docbase=0, codec=None, compound=True, **kwargs)",
            "add_document": "(self, **fields)",
            "_finalize_segment": "(self)",
        },
        attributes="pool perdocwriter schema docnum _added",
        digests={
            "add_document": "dcd837239e0521dc",  # bulk.add_document does the same
            "_flush_segment": "0efc194562f4689a",  # pool.iter_postings -> add_postings
            # bulk.write_early writes the segment before commit, which then takes it as
            # written from _finalize_segment.
            "commit": "c401773d834eafb9",
        },
    ),
    Shape(
        W3,
        "W3PerDocWriter",
        signatures={
            "start_doc": "(self, docnum)",
            "add_field": "(self, fieldname, fieldobj, value, length)",
            "add_column_value": "(self, fieldname, column, value)",
            "finish_doc": "(self)",
            "cancel_doc": "(self)",
        },
    ),
)


def installed_version() -> str:
    """The installed whoosh3's version ("" when whoosh3 is not what is installed)."""
    try:
        return metadata.version("whoosh3")
    except metadata.PackageNotFoundError:
        return ""


def version_changes(pinned: str) -> list[str]:
    """What differs between the installed whoosh3, the `pinned` one and WRITTEN_FOR."""
    found = []
    installed = installed_version() or "not installed"
    if installed != pinned:
        found.append(f"whoosh3 {installed} is installed, but requirements.txt pins {pinned}")
    if pinned != WRITTEN_FOR:
        found.append(
            f"requirements.txt pins whoosh3 {pinned}, but SHAPES records {WRITTEN_FOR}: check "
            "every internal against the new release, then record it"
        )
    return [f"whoosh3 upgrade changed the version: {each}: see {HERE}" for each in found]


def changes() -> list[str]:
    """Every difference between SHAPES and the installed whoosh3 (empty when there is none)."""
    return [message for shape in SHAPES for message in _shape_changes(shape)]


def _shape_changes(shape: Shape) -> list[str]:
    where = f"{shape.module}.{shape.name}"
    obj = _resolve(shape.module, shape.name)
    if obj is None:
        return [_changed(where, "it is gone")]
    found = []
    for member, expected in shape.signatures.items():
        now = _signature(_member(obj, member))
        if now != expected:
            found.append(_changed(_dotted(where, member), f"signature {expected} is now {now}"))
    for member in shape.members.split():
        if not hasattr(obj, member):
            found.append(_changed(_dotted(where, member), "it is gone"))
    source = _class_source(obj) if shape.attributes else ""
    for attribute in shape.attributes.split():
        if not re.search(rf"\bself\.{re.escape(attribute)}\b", source):
            found.append(_changed(_dotted(where, attribute), "no longer set on its objects"))
    for member, expected in shape.digests.items():
        now = _digest(_member(obj, member))
        if now != expected:
            found.append(
                _changed(_dotted(where, member), f"its code differs (digest {expected}, now {now})")
            )
    if shape.value is not None:
        look, expected = shape.value
        try:
            now = look(obj)
        except AttributeError:
            now = "missing"
        if now != expected:
            found.append(_changed(where, f"it was {expected!r}, it is now {now!r}"))
    return found


def _changed(what: str, how: str) -> str:
    return f"whoosh3 upgrade changed {what}: {how}: see {HERE}"


def _dotted(where: str, member: str) -> str:
    return f"{where}.{member}" if member else where


def _resolve(module: str, name: str) -> Any:
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part, None)
    return obj


def _member(obj: Any, member: str) -> Any:
    return getattr(obj, member, None) if member else obj


def _signature(obj: Any) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return "missing"


def _digest(obj: Any) -> str:
    """A short digest of a function's source ("missing" when there is none)."""
    try:
        source = textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        return "missing"
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def _class_source(cls: type) -> str:
    """The source of a class and of its bases from whoosh (where its attributes are set)."""
    parts = []
    for each in cls.__mro__:
        if each.__module__.startswith("whoosh"):
            try:
                parts.append(inspect.getsource(each))
            except (OSError, TypeError):
                continue
    return "\n".join(parts)


__all__ = [
    "BM25F",
    "COMPRESSION_MIN_SIZE",
    "LENGTHS_COLUMN",
    "SHAPES",
    "WHOOSH3_HEADER_MAGIC",
    "WRITTEN_FOR",
    "_INT_SIZE",
    "BufferFile",
    "CompoundStorage",
    "MultiTerm",
    "NumericColumn",
    "Positions",
    "SegmentReader",
    "Shape",
    "VarBytesColumn",
    "W3Codec",
    "W3FieldWriter",
    "W3LeafMatcher",
    "W3PerDocReader",
    "W3PostingsWriter",
    "W3Segment",
    "W3TermInfo",
    "WeightingModel",
    "WrappingMatcher",
    "_int_struct",
    "_lenfield",
    "bm25",
    "byte_to_length",
    "changes",
    "installed_version",
    "length_to_byte",
    "memoryview_",
    "version_changes",
]
