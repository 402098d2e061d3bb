"""Segment files read from the memory-mapped segment, without a copy of each file in memory.

whoosh3 maps each segment file into memory and then hands each file inside it to an
`io.BytesIO`, which copies it: a server held the whole index twice (a copy on its heap, besides
the mapped pages), and every new searcher copied every segment again. Here each file is a view
of the mapping with its own read position; only what is read is copied, a few bytes at a time.

Our codec (codec.py) makes its segments `MappedSegment`s, so this applies to every segment it
writes; segments written by Whoosh's own codec are read as Whoosh reads them.
"""

from __future__ import annotations

import io
import os
from typing import Any

from .whoosh3_internals import BufferFile, CompoundStorage, W3Segment, memoryview_

# Enough for the pickled header of a block of postings, and many other small records.
PEEK = 512


class MappedSegment(W3Segment):
    def open_compound_file(self, storage: Any) -> CompoundStorage:
        dbfile = storage.open_file(self.make_filename(self.COMPOUND_EXT))
        return MappedCompound(dbfile, use_mmap=storage.supports_mmap)


class MappedCompound(CompoundStorage):
    def open_file(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self._source:  # mapping refused (or turned off): Whoosh reads the file itself
            return super().open_file(name, *args, **kwargs)
        offset, length = self.range(name)
        return MappedFile(memoryview_(self._source, offset, length), name=name)


class MappedFile(BufferFile):
    """Whoosh's in-memory file, over a view that is read in place instead of copied."""

    def __init__(self, view: memoryview, name: str | None = None) -> None:
        super().__init__(b"", name=name)  # an empty buffer: nothing to copy
        self._buf = view
        self.file = ViewReader(view)


class ViewReader(io.RawIOBase):
    """A read-only file over a memoryview, with its own position (so files never share one)."""

    def __init__(self, view: memoryview) -> None:
        super().__init__()
        self._view = view
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._position + size
        data = bytes(self._view[self._position : end])
        self._position += len(data)
        return data

    def peek(self, size: int = 0) -> bytes:
        # Unpickling asks ahead with this, then reads once what it used: without it, it reads
        # each item of a pickle with a call of its own. A short answer is allowed.
        return bytes(self._view[self._position : self._position + min(max(size, 1), PEEK)])

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: len(self._view)}
        self._position = max(0, base[whence] + offset)
        return self._position

    def tell(self) -> int:
        return self._position


__all__ = ["MappedCompound", "MappedFile", "MappedSegment", "ViewReader"]
