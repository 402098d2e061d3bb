"""How postings are laid out on disk: Whoosh's own format, with each block's numbers as raw arrays.

whoosh3 pickles each block of postings as tuples of Python numbers and compresses it; turning
those back into arrays was a third of the time of a first search at 100,000 entries. This codec
keeps every other part of whoosh3's format (term files, block headers, columns) and writes a
block's document numbers (as steps from the previous one) and weights (whole numbers, usually)
as raw little-endian arrays, each in the narrowest type that holds its largest number, which the
search engine reads with one `numpy.frombuffer` each, in larger blocks (fewer headers to read
per term). Narrow arrays are about as small as compressed ones, so blocks are not compressed
(they can be: the header says so), and reading one costs no decompression.

Word positions (phrases.py) follow that part of the block, as two more arrays (how many each
posting has, then all of them in a row): a search without a phrase never reads them. A block is

    length | header (whoosh3's) | size of the next part | pickled part | positions

where the pickled part holds the ids, the weights and what the values are: the numpy types of
the positions' arrays, or for other formats their values as whoosh3 keeps them.

A rebuild hands over a text field's postings as arrays (`FieldPostings`): every block of the
field is worked out with numpy at once (`FieldBlocks`), and writing a block is slicing bytes and
pickling its header, with the same bytes as a posting at a time would give.

Whoosh's own matcher reads these blocks through `ArrayLeafMatcher`, so Whoosh's searching and
merging keep working unchanged. Segments are read from the mapped file without copies
(mapped.py). Segments remember the codec that wrote them; the schema version (schema.py) names
this layout, so an index written before it is made again from the archive.
"""

from __future__ import annotations

import contextlib
import sys
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pickle import dumps, loads
from typing import Any

import numpy as np

from .mapped import MappedSegment
from .phrases import ArrayPositions
from .whoosh3_internals import (
    _INT_SIZE,
    COMPRESSION_MIN_SIZE,
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    _lenfield,
    byte_to_length,
    length_to_byte,
)

# Postings per block: a common word's list is read whole, so large blocks mean fewer headers.
BLOCK_POSTINGS = 1024
WEIGHTS = np.dtype("<f4")


class ArrayCodec(W3Codec):
    """whoosh3's codec with array blocks of postings (term vectors, unused here, are unchanged)."""

    def __init__(self, blocklimit: int = BLOCK_POSTINGS, compression: int = 0) -> None:
        super().__init__(blocklimit, compression, inlinelimit=1)

    def new_segment(self, storage: Any, indexname: str) -> MappedSegment:
        return MappedSegment(self, indexname)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:
            return super().postings_writer(dbfile, byteids)
        return ArrayPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage: Any, segment: Any) -> ArrayFieldWriter:
        return ArrayFieldWriter(self, storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class TermPostings:
    """A segment's postings already grouped by term, in (field, term) order, as a rebuild's
    pool keeps them: (field, term, document numbers, weights, values) each, or a whole field's
    `FieldPostings`. `ArrayFieldWriter` writes them a term (or a field) at a time; iterated,
    they come one posting at a time, as Whoosh's own pools hand them over."""

    def __init__(
        self, terms: Iterable[tuple[str, bytes, list[int], list[float], list] | FieldPostings]
    ):
        self.terms = terms

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, Any]]:
        for item in self.terms:
            if isinstance(item, FieldPostings):
                yield from item
                continue
            fieldname, text, ids, weights, values = item
            for docnum, weight, value in zip(ids, weights, values, strict=True):
                yield fieldname, text, docnum, weight, value


@dataclass
class FieldPostings:
    """A text field's postings as arrays, by term (in byte order) then document: what a
    rebuild keeps of analysed text (bulk.py), written a field at a time (`FieldBlocks`)."""

    fieldname: str
    boost: float  # a posting's weight is its number of positions times this
    texts: list[bytes]  # each term, in order
    starts: np.ndarray  # the first posting of each term, then the number of postings
    ids: np.ndarray  # each posting's document number, ascending within a term
    counts: np.ndarray  # how many positions each posting has (at least one)
    positions: np.ndarray  # every posting's positions, one posting after another

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """(field, term, document, weight, positions as `ArrayPositions` encodes them)."""
        ends = np.cumsum(self.counts).tolist()
        data = self.positions.astype("<u4").tobytes()
        ids, counts, starts = self.ids.tolist(), self.counts.tolist(), self.starts.tolist()
        for number, text in enumerate(self.texts):
            for at in range(starts[number], starts[number + 1]):
                start = ends[at] - counts[at]
                value = data[4 * start : 4 * ends[at]]
                yield self.fieldname, text, ids[at], counts[at] * self.boost, value


class ArrayFieldWriter(W3FieldWriter):
    """whoosh3's field writer; postings grouped by term are written a block at a time."""

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Whoosh's `FieldWriter.add_postings`: the same terms and blocks, but for postings
        grouped by term (`TermPostings`) each field's lengths are read once and each block
        is handed over whole, instead of a length lookup and a call for every posting."""
        if not isinstance(items, TermPostings):
            return super().add_postings(schema, lengths, items)
        fieldname = None
        for item in items.terms:
            name = item.fieldname if isinstance(item, FieldPostings) else item[0]
            if name != fieldname:
                if fieldname is not None:
                    self.finish_field()
                fieldname = name
                self.start_field(name, schema[name])
                doc_lengths = field_lengths(lengths, name)
            if isinstance(item, FieldPostings):
                self._add_field_postings(item, doc_lengths)
                continue
            _, text, ids, weights, values = item
            self.start_term(text)
            lengths_of = [doc_lengths[docnum] for docnum in ids] if doc_lengths else None
            self._postwriter.add_postings(ids, weights, values, lengths_of)
            self.finish_term()
        if fieldname is not None:
            self.finish_field()

    def _add_field_postings(self, field: FieldPostings, doc_lengths: list | None) -> None:
        """A field's terms, each with its blocks worked out for the whole field at once."""
        postwriter = self._postwriter
        blocks = FieldBlocks(field, doc_lengths, postwriter._blocklimit)
        first = blocks.term_blocks
        for number, text in enumerate(field.texts):
            self.start_term(text)
            postwriter.write_blocks(blocks, first[number], first[number + 1])
            self.finish_term()


class FieldBlocks:
    """What every block of a field's postings holds, worked out with numpy for all at once:
    its postings, its figures (largest step, count, position; lengths; weights) and the bytes of
    its arrays in each narrow type, so writing a block is slicing bytes and pickling a header."""

    def __init__(self, field: FieldPostings, doc_lengths: list | None, limit: int) -> None:
        ids, counts, positions = field.ids, field.counts, field.positions
        self.boost = field.boost
        term_sizes = np.diff(field.starts)
        per_term = (term_sizes + limit - 1) // limit
        self.term_blocks = np.concatenate([[0], np.cumsum(per_term)]).tolist()
        first_block = np.repeat(np.cumsum(per_term) - per_term, per_term)
        within = np.arange(int(per_term.sum())) - first_block
        starts = np.repeat(field.starts[:-1], per_term) + within * limit
        ends = np.minimum(starts + limit, np.repeat(field.starts[1:], per_term))
        # Each block's ids are steps from the one before, the first from 0.
        steps = ids - np.concatenate([[0], ids[:-1]])
        steps[starts] = ids[starts]
        ends_at = np.cumsum(counts)
        position_starts = ends_at[starts] - counts[starts]
        self.starts, self.ends = starts.tolist(), ends.tolist()
        self.position_starts = position_starts.tolist()
        self.position_ends = ends_at[ends - 1].tolist()
        self.first_ids, self.last_ids = ids[starts].tolist(), ids[ends - 1].tolist()
        self.step_kinds = _kind_numbers(np.maximum.reduceat(steps, starts))
        self.count_kinds = _kind_numbers(np.maximum.reduceat(counts, starts))
        self.position_kinds = _kind_numbers(np.maximum.reduceat(positions, position_starts))
        self.fewest = np.minimum.reduceat(counts, starts).tolist()
        self.most = np.maximum.reduceat(counts, starts).tolist()
        self.weight_sums = self._weight_sums(counts, starts)
        self.shortest, self.longest = _block_lengths(doc_lengths, ids, starts)
        self.steps, self.counts = _Widths(steps), _Widths(counts)
        self.positions = _Widths(positions)
        self._counts = counts

    def _weight_sums(self, counts: np.ndarray, starts: np.ndarray) -> list[float]:
        """Each block's total weight, as Whoosh adds its float32 weights up one by one (whole
        numbers, as with whole boosts, add up the same in any order)."""
        weights = (counts * self.boost).astype(np.float32)
        if self.boost == int(self.boost):
            return np.add.reduceat(weights.astype(np.float64), starts).tolist()
        ends = [*starts.tolist()[1:], len(weights)]
        return [sum(weights[a:b].tolist()) for a, b in zip(starts.tolist(), ends, strict=True)]

    def weights(self, block: int) -> Any:
        """A block's weights as `ArrayPostingsWriter._mini_weights` stores them."""
        fewest, most = self.fewest[block], self.most[block]
        if fewest == most:
            weight = float(np.float32(fewest * self.boost))
            return None if weight == 1.0 else weight
        counts = self._counts[self.starts[block] : self.ends[block]]
        weights = (counts * self.boost).astype(np.float32)
        whole = np.trunc(weights)
        if np.all(whole == weights) and weights.min() >= 0 and weights.max() < 2**32:
            return narrow(whole.astype(np.int64).tolist())
        return WEIGHTS.str, weights.astype(WEIGHTS).tobytes()


def field_lengths(perdoc: Any, fieldname: str) -> list[int | None] | None:
    """Each document's length in `fieldname` as Whoosh's writer reads it for a posting
    (None when the stored code is 0), or None when no lengths are stored for the field."""
    name = _lenfield(fieldname)
    if not perdoc or not perdoc.has_column(name):
        return None
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    codes = (column[docnum] for docnum in range(perdoc.doc_count_all()))
    return [byte_to_length(code) if code else None for code in codes]


class ArrayPostingsWriter(W3PostingsWriter):
    def add_postings(
        self, ids: list[int], weights: list[float], values: list, lengths: list | None
    ) -> None:
        """Whoosh's `add_posting` for many postings of one term at once: the same blocks
        (all but the last written here, the last by `finish_postings`), the same figures."""
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:
                self._write_block()
            end = start + limit
            self._ids = array("I", ids[start:end])
            self._weights = array("f", weights[start:end])
            self._maxweight = max(0, *weights[start:end])
            self._values = [value for value in values[start:end] if value]
            known = [length for length in lengths[start:end] if length] if lengths else ()
            if known:
                self._minlength, self._maxlength = min(known), max(known)

    def write_blocks(self, blocks: FieldBlocks, first: int, end: int) -> None:
        """A term's blocks, `first` up to `end` of a field's `FieldBlocks`: the same bytes and
        figures as `add_posting` a posting at a time and `_write_block` would give."""
        postfile, terminfo, boost = self._postfile, self._terminfo, blocks.boost
        compression = self._compression
        postfile.write(WHOOSH3_HEADER_MAGIC)
        for block in range(first, end):
            start, stop = blocks.starts[block], blocks.ends[block]
            step_kind, count_kind = blocks.step_kinds[block], blocks.count_kinds[block]
            position_kind = blocks.position_kinds[block]
            ids = _KINDS[step_kind], blocks.steps.slice(step_kind, start, stop)
            kinds = _KINDS[count_kind], _KINDS[position_kind]
            data = dumps((ids, blocks.weights(block), kinds), 2)
            positions = blocks.counts.slice(count_kind, start, stop) + blocks.positions.slice(
                position_kind, blocks.position_starts[block], blocks.position_ends[block]
            )
            level = compression if len(data) >= COMPRESSION_MIN_SIZE else 0
            if level:
                data = zlib.compress(data, level)
            shortest, longest = blocks.shortest[block], blocks.longest[block]
            maxweight = blocks.most[block] * boost  # as Whoosh's writer works it out
            header = dumps(
                (
                    stop - start,
                    blocks.last_ids[block],
                    maxweight,
                    level,
                    length_to_byte(shortest),
                    length_to_byte(longest),
                ),
                2,
            )
            length = len(header) + _INT_SIZE + len(data) + len(positions)
            postfile.write_int(-length if block == end - 1 else length)
            postfile.write(header)
            postfile.write_int(len(data))
            postfile.write(data)
            postfile.write(positions)
            # What W3TermInfo.add_block adds up of each block.
            terminfo._weight += blocks.weight_sums[block]
            terminfo._df += stop - start
            if terminfo._minlength is None:
                terminfo._minlength = shortest
            else:
                terminfo._minlength = min(terminfo._minlength, shortest)
            terminfo._maxlength = max(terminfo._maxlength, longest)
            terminfo._maxweight = max(terminfo._maxweight, maxweight)
            if terminfo._minid is None:
                terminfo._minid = blocks.first_ids[block]
            terminfo._maxid = blocks.last_ids[block]
            self._blockcount += 1

    def _write_block(self, last: bool = False) -> None:
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        values, positions = self._values_and_positions()
        data = dumps((self._mini_ids(), self._mini_weights(), values), 2)
        compression = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if compression:
            data = zlib.compress(data, compression)
        header = dumps(
            (
                len(self._ids),
                self._ids[-1],
                self._maxweight,
                compression,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        length = len(header) + _INT_SIZE + len(data) + len(positions)
        postfile.write_int(-length if last else length)  # negative: the term's last block
        postfile.write(header)
        postfile.write_int(len(data))
        postfile.write(data)
        postfile.write(positions)
        self._blockcount += 1
        self._new_block()

    # Most blocks hold a few postings (most words are rare): their arrays are made with the
    # array module, which costs less than numpy's calls on a handful of numbers.

    def _mini_ids(self) -> tuple[str, bytes]:
        ids = self._ids
        return narrow([after - before for before, after in zip([0, *ids], ids, strict=False)])

    def _mini_weights(self) -> Any:
        minified = super()._mini_weights()  # None when all are 1, one number when all equal
        if not isinstance(minified, tuple):
            return minified
        weights = self._weights  # float32 already
        with contextlib.suppress(OverflowError, ValueError):  # an infinite or undefined one
            whole = [int(weight) for weight in weights]
            if whole == weights.tolist():  # counts times a whole boost, usually
                return narrow(whole)
        return WEIGHTS.str, np.asarray(weights, dtype=WEIGHTS).tobytes()

    def _values_and_positions(self) -> tuple[Any, bytes]:
        """What the pickled part holds of the postings' values, and the positions' bytes.

        With positions, the pickled part holds only the numpy types of the counts and of the
        positions; other formats' values (a frequency, or nothing) stay where whoosh3 keeps
        them."""
        if not isinstance(self._format, ArrayPositions):
            return self._mini_values(), b""
        # Every posting has a value here (a word is somewhere in its document): whoosh3 drops
        # empty ones, which would put the counts out of line with the postings.
        counts = [len(value) // 4 for value in self._values]
        positions = array(_ARRAY_TYPES["<u4"], b"".join(self._values))
        if _SWAP:
            positions.byteswap()  # the values are little-endian
        (count_kind, count_bytes), (kind, data) = narrow(counts), narrow(positions)
        return (count_kind, kind), count_bytes + data


class ArrayLeafMatcher(W3LeafMatcher):
    def _read_data(self) -> None:
        size = self._postfile.get_int(self._dataoffset)
        data = self._postfile.get(self._dataoffset + _INT_SIZE, size)
        if self._compression:
            data = zlib.decompress(data)
        self._data = loads(data)
        self._positions_offset = self._dataoffset + _INT_SIZE + size

    def block_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """The block's positions: how many each posting has, and all of them one after another
        (read from the file; nothing is decompressed)."""
        if self._data is None:
            self._read_data()
        count_kind, kind = (np.dtype(name) for name in self._data[2])
        start = self._positions_offset
        stored = self._postfile.get(start, self._nextoffset - start)
        counts = np.frombuffer(stored, count_kind, count=self._blocklength)
        return counts, np.frombuffer(stored, kind, offset=counts.nbytes)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = tuple(block_ids(self._data[0]).tolist())

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        stored = self._data[1]
        if isinstance(stored, tuple):
            self._weights = array("f", block_weights(stored, self._blocklength).tolist())
        else:
            super()._read_weights()

    def _read_values(self) -> None:
        if not isinstance(self.format, ArrayPositions):
            return super()._read_values()
        counts, positions = self.block_positions()
        ends = np.cumsum(counts).tolist()
        data = positions.astype("<u4").tobytes()
        self._values = tuple(data[4 * a : 4 * b] for a, b in zip([0, *ends], ends, strict=False))


def block_ids(stored: tuple[str, bytes]) -> np.ndarray:
    """A block's document numbers from its stored steps."""
    return np.cumsum(_widen(stored), dtype=np.int64)


def block_weights(stored: Any, count: int) -> np.ndarray:
    """A block's weights: Whoosh stores None when all are 1 and one number when all are equal."""
    if stored is None:
        return np.ones(count, np.float32)
    if isinstance(stored, float | int):
        return np.full(count, stored, np.float32)
    return _widen(stored).astype(np.float32)


# The array module's type of each narrow type (its sizes are the machine's: checked below).
_ARRAY_TYPES = {"<u1": "B", "<u2": "H", "<u4": "I"}
_SWAP = sys.byteorder != "little"
assert all(array(code).itemsize == int(kind[-1]) for kind, code in _ARRAY_TYPES.items())


def narrow(numbers: Sequence[int]) -> tuple[str, bytes]:
    """Whole numbers (not below 0) in the narrowest unsigned type that holds them: (its numpy
    name, the little-endian bytes), as the search side reads them with numpy."""
    largest = max(numbers, default=0)
    kind = "<u1" if largest < 2**8 else "<u2" if largest < 2**16 else "<u4"
    packed = array(_ARRAY_TYPES[kind], numbers)
    if _SWAP:
        packed.byteswap()
    return kind, packed.tobytes()


# The narrow types by width, the very objects `narrow` returns: pickle writes a string met
# again in a block as a reference to the first, so a block's bytes depend on which object it is.
_KINDS = tuple(narrow([largest])[0] for largest in (0, 2**8, 2**16))
_NUMPY_KINDS = tuple(np.dtype(kind) for kind in _KINDS)


def _kind_numbers(largest: np.ndarray) -> list[int]:
    """For each largest number, the narrow type (its place in `_KINDS`) that holds it."""
    return ((largest >= 2**8).astype(np.int8) + (largest >= 2**16)).tolist()


class _Widths:
    """An array's numbers as bytes in each narrow type (made when first asked for): a block
    slices the bytes of the type its own largest number fits (the others may wrap)."""

    def __init__(self, numbers: np.ndarray) -> None:
        self._numbers = numbers
        self._bytes: dict[int, bytes] = {}

    def slice(self, kind: int, start: int, stop: int) -> bytes:
        data = self._bytes.get(kind)
        if data is None:
            data = self._bytes[kind] = self._numbers.astype(_NUMPY_KINDS[kind]).tobytes()
        size = _NUMPY_KINDS[kind].itemsize
        return data[start * size : stop * size]


def _block_lengths(
    doc_lengths: list | None, ids: np.ndarray, starts: np.ndarray
) -> tuple[list[int | None], list[int]]:
    """Each block's shortest and longest known field length (None and 0 when none is known),
    as Whoosh's writer works them out from each posting's document's length."""
    if not doc_lengths:
        return [None] * len(starts), [0] * len(starts)
    known = np.array([length or 0 for length in doc_lengths], np.int64)[ids]
    longest = np.maximum.reduceat(known, starts).tolist()
    unknown = np.iinfo(np.int64).max
    shortest = np.minimum.reduceat(np.where(known > 0, known, unknown), starts).tolist()
    return [None if length == unknown else length for length in shortest], longest


def _widen(stored: tuple[str, bytes]) -> np.ndarray:
    kind, data = stored
    return np.frombuffer(data, kind)


CODEC = ArrayCodec()

__all__ = ["CODEC", "ArrayCodec", "ArrayLeafMatcher", "block_ids", "block_weights"]
